package dev.trellis.gateway.security;

import java.util.List;

import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/audit?limit=&action=}: the security audit log, newest first (admins). */
@RestController
@ConditionalOnRole(TrellisRole.GATEWAY)
@Validated
class AuditController {

	private final AuditLog audit;

	AuditController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping(path = "/api/audit", produces = MediaType.APPLICATION_JSON_VALUE)
	List<AuditLog.Entry> recent(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
			@RequestParam(required = false) String action) {
		return audit.recent(limit, action);
	}

}
