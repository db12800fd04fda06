package dev.trellis.gateway.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.trellis.gateway.security.Caller;
import dev.trellis.registry.Kind;
import dev.trellis.registry.RegistryEntry;
import dev.trellis.registry.RegistryService;
import dev.trellis.registry.SaveResult;
import dev.trellis.registry.SpecDiff;
import dev.trellis.registry.UsageService;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * Publishing and reading registry versions. Who may call what (builders and admins write, every
 * authenticated user reads) is enforced by the gateway's security route table, not here.
 */
@RestController
@RequestMapping("/api/registry")
@ConditionalOnRole(TrellisRole.GATEWAY)
class RegistryController {

	private final RegistryService registry;

	private final UsageService usages;

	RegistryController(RegistryService registry, UsageService usages) {
		this.registry = registry;
		this.usages = usages;
	}

	/** 201 with the new version, or 200 with the latest version when the spec is identical to it. */
	@PostMapping("/{kind}")
	ResponseEntity<RegistryEntry> save(@PathVariable String kind, @RequestBody SaveRequest request,
			Authentication authentication) {
		SaveResult result = registry.save(Kind.fromPath(kind), request.name(), request.spec(), request.description(),
				Caller.of(authentication).username());
		RegistryEntry entry = result.entry();
		if (!result.created()) {
			return ResponseEntity.ok(entry);
		}
		URI location = URI.create("/api/registry/" + entry.kind().path() + "/"
				+ UriUtils.encodePathSegment(entry.name(), StandardCharsets.UTF_8) + "/versions/"
				+ entry.version());
		return ResponseEntity.status(HttpStatus.CREATED).location(location).body(entry);
	}

	/** The latest version of each name. */
	@GetMapping("/{kind}")
	List<RegistryEntry> latest(@PathVariable String kind) {
		return registry.latest(Kind.fromPath(kind));
	}

	/** All versions of one name, newest first. */
	@GetMapping("/{kind}/{name}")
	List<RegistryEntry> versions(@PathVariable String kind, @PathVariable String name) {
		return registry.versions(Kind.fromPath(kind), name);
	}

	@GetMapping("/{kind}/{name}/versions/{version}")
	RegistryEntry version(@PathVariable String kind, @PathVariable String name, @PathVariable int version) {
		return registry.version(Kind.fromPath(kind), name, version);
	}

	@GetMapping("/{kind}/{name}/diff")
	SpecDiff diff(@PathVariable String kind, @PathVariable String name, @RequestParam int from,
			@RequestParam int to) {
		return registry.diff(Kind.fromPath(kind), name, from, to);
	}

	/** Marks a version deprecated; idempotent. The version itself does not change. */
	@PostMapping("/{kind}/{name}/versions/{version}/deprecate")
	RegistryEntry deprecate(@PathVariable String kind, @PathVariable String name, @PathVariable int version,
			Authentication authentication) {
		return registry.deprecate(Kind.fromPath(kind), name, version, Caller.of(authentication).username());
	}

	/** Which versions (and which pipeline versions, transitively) pin this version. */
	@GetMapping("/{kind}/{name}/versions/{version}/usages")
	UsageService.Usages usages(@PathVariable String kind, @PathVariable String name, @PathVariable int version) {
		return usages.usages(Kind.fromPath(kind), name, version);
	}

	/** The pinned references of this version that have newer versions (the canvas's upgrade badges). */
	@GetMapping("/{kind}/{name}/versions/{version}/upgrades")
	UsageService.Upgrades upgrades(@PathVariable String kind, @PathVariable String name, @PathVariable int version) {
		return usages.upgrades(Kind.fromPath(kind), name, version);
	}

}
