package dev.trellis.gateway.approvals;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.trellis.approvals.ApprovalInbox;
import dev.trellis.approvals.ApprovalStatus;
import dev.trellis.gateway.security.Caller;
import dev.trellis.gateway.web.ApiException;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reviewer inbox of API.md: list what the caller may decide, read one item, decide it. Any
 * authenticated user may call it; what they see and decide is limited to items assigned to them
 * (by name or group) unless they are an admin.
 */
@RestController
@RequestMapping(path = "/api/approvals", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnRole(TrellisRole.GATEWAY)
class ApprovalsController {

	/** {@code status=ALL} lists every status. */
	static final String ALL = "ALL";

	private final ApprovalService approvals;

	ApprovalsController(ApprovalService approvals) {
		this.approvals = approvals;
	}

	@GetMapping
	ApprovalJson.Page list(@RequestParam(defaultValue = "PENDING") String status,
			@RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) String cursor,
			Authentication auth) {
		if (limit < 1 || limit > ApprovalInbox.MAX_PAGE) {
			throw ApiException.badRequest("Invalid limit", List.of(new ApiException.FieldProblem("limit",
					"must be between 1 and " + ApprovalInbox.MAX_PAGE)));
		}
		return approvals.list(Caller.of(auth), status(status), limit, cursor);
	}

	@GetMapping("/{approvalId}")
	ApprovalJson get(@PathVariable String approvalId, Authentication auth) {
		return approvals.get(approvalId, Caller.of(auth));
	}

	/** 200 with the recorded decision; 400, 403, 404 or 409 when the run (or the inbox) refuses it. */
	@PostMapping(path = "/{approvalId}/decision", consumes = MediaType.APPLICATION_JSON_VALUE)
	DecisionJson decide(@PathVariable String approvalId, @Valid @RequestBody DecisionBody body,
			Authentication auth) {
		return approvals.decide(approvalId, body, Caller.of(auth));
	}

	private static ApprovalStatus status(String value) {
		if (value.equalsIgnoreCase(ALL)) {
			return null;
		}
		try {
			return ApprovalStatus.valueOf(value.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw ApiException.badRequest("Invalid status", List.of(new ApiException.FieldProblem("status",
					"must be ALL or one of " + Arrays.toString(ApprovalStatus.values()))));
		}
	}

}
