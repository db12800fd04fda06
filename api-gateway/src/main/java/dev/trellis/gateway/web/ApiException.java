package dev.trellis.gateway.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * An error a controller answers deliberately. Turned into RFC 9457 problem details by
 * {@link ProblemDetailsAdvice}; {@code errors} lists field-level problems for validation failures.
 *
 * <pre>{@code
 * throw ApiException.notFound("No run " + runId);
 * throw ApiException.badRequest("Invalid pipeline", List.of(new FieldProblem("nodes[2].agent", "unknown agent")));
 * }</pre>
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String title;

	private final List<FieldProblem> errors;

	public ApiException(HttpStatus status, String title, String detail, List<FieldProblem> errors) {
		super(detail);
		this.status = status;
		this.title = title;
		this.errors = errors == null ? List.of() : List.copyOf(errors);
	}

	public static ApiException badRequest(String detail, List<FieldProblem> errors) {
		return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", detail, errors);
	}

	public static ApiException badRequest(String detail) {
		return badRequest(detail, List.of());
	}

	public static ApiException notFound(String detail) {
		return new ApiException(HttpStatus.NOT_FOUND, "Not found", detail, List.of());
	}

	public static ApiException conflict(String detail) {
		return new ApiException(HttpStatus.CONFLICT, "Conflict", detail, List.of());
	}

	public static ApiException forbidden(String detail) {
		return new ApiException(HttpStatus.FORBIDDEN, "Forbidden", detail, List.of());
	}

	public static ApiException unavailable(String detail) {
		return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail, List.of());
	}

	public HttpStatus status() {
		return status;
	}

	public String title() {
		return title;
	}

	public List<FieldProblem> errors() {
		return errors;
	}

	/** One field-level problem: {@code path} like {@code nodes[2].agent} or {@code spec.temperature}. */
	public record FieldProblem(String path, String message) {
	}

}
