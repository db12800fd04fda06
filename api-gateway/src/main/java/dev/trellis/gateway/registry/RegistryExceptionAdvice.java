package dev.trellis.gateway.registry;

import java.util.List;

import dev.trellis.gateway.web.ApiException;
import dev.trellis.gateway.web.ProblemDetailsAdvice;
import dev.trellis.registry.RegistryConflictException;
import dev.trellis.registry.RegistryNotFoundException;
import dev.trellis.registry.RegistryValidationException;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Registry exceptions as problem details, wherever they are thrown (the runs API resolving a missing
 * pipeline gets the same 404). Ordered before {@link ProblemDetailsAdvice}, whose catch-all would
 * otherwise answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnRole(TrellisRole.GATEWAY)
class RegistryExceptionAdvice {

	@ExceptionHandler(RegistryValidationException.class)
	ResponseEntity<ProblemDetail> invalid(RegistryValidationException e) {
		return respond(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage(),
				e.problems().stream().map(p -> new ApiException.FieldProblem(p.path(), p.message())).toList());
	}

	@ExceptionHandler(RegistryNotFoundException.class)
	ResponseEntity<ProblemDetail> notFound(RegistryNotFoundException e) {
		return respond(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), List.of());
	}

	@ExceptionHandler(RegistryConflictException.class)
	ResponseEntity<ProblemDetail> conflict(RegistryConflictException e) {
		return respond(HttpStatus.CONFLICT, "Conflict", e.getMessage(), List.of());
	}

	private static ResponseEntity<ProblemDetail> respond(HttpStatus status, String title, String detail,
			List<ApiException.FieldProblem> errors) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetailsAdvice.problem(status, title, detail, errors));
	}

}
