package dev.trellis.gateway.security;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stand-ins for the API.md endpoints that other packages implement (registry, runs, approvals), so
 * the security tests exercise the route table over the whole contract without those packages'
 * beans. In the full gateway (the {@code app} module) the real controllers take their place.
 */
@RestController
class SpecEndpoints {

	@PostMapping("/api/registry/{kind}")
	ResponseEntity<Void> publish(@PathVariable String kind) {
		return ResponseEntity.noContent().build();
	}

	@GetMapping({ "/api/registry/{kind}", "/api/registry/{kind}/{name}", "/api/registry/{kind}/{name}/versions/{n}",
			"/api/registry/{kind}/{name}/diff", "/api/registry/export" })
	ResponseEntity<Void> readRegistry() {
		return ResponseEntity.noContent().build();
	}

	@PostMapping({ "/api/registry/import", "/api/registry/{kind}/{name}/versions/{n}/deprecate" })
	ResponseEntity<Void> writeRegistry() {
		return ResponseEntity.noContent().build();
	}

	@PostMapping({ "/api/runs", "/api/runs/{runId}/cancel", "/api/runs/{runId}/pause", "/api/runs/{runId}/resume",
			"/api/runs/{runId}/rerun" })
	ResponseEntity<Void> steerRuns() {
		return ResponseEntity.accepted().build();
	}

	@GetMapping({ "/api/runs", "/api/runs/{runId}", "/api/runs/{runId}/events" })
	ResponseEntity<Void> readRuns() {
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/approvals")
	ResponseEntity<Void> inbox() {
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/approvals/{approvalId}/decision")
	ResponseEntity<Void> decide(@PathVariable String approvalId) {
		return ResponseEntity.ok().build();
	}

}
