package dev.trellis.gateway.web;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.trellis.pipeline.PipelineValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where exceptions become RFC 9457 problem details. Bodies never carry a stack trace
 * or an internal exception message: unexpected errors are logged with an id the body repeats.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	static final URI VALIDATION = URI.create("https://trellis.dev/problems/validation");

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ProblemDetail> api(ApiException e) {
		return respond(e.status(), e.title(), e.getMessage(), e.errors());
	}

	@ExceptionHandler(PipelineValidationException.class)
	ResponseEntity<ProblemDetail> pipeline(PipelineValidationException e) {
		return respond(HttpStatus.BAD_REQUEST, "Invalid pipeline", "The pipeline definition is not valid",
				e.errors().stream().map(x -> new ApiException.FieldProblem(x.path(), x.message())).toList());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
		return respond(HttpStatus.BAD_REQUEST, "Invalid request", "Parameter '" + e.getName() + "' has an invalid value",
				List.of(new ApiException.FieldProblem(e.getName(), "invalid value")));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception e) {
		String id = java.util.UUID.randomUUID().toString();
		log.error("Unexpected error {}", id, e);
		return respond(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"Something went wrong on the server (error id " + id + ")", List.of());
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			org.springframework.http.HttpHeaders headers, HttpStatusCode status,
			org.springframework.web.context.request.WebRequest request) {
		Throwable cause = ex.getMostSpecificCause();
		ApiException.FieldProblem problem;
		if (cause instanceof UnrecognizedPropertyException u) {
			problem = new ApiException.FieldProblem(path(u), "unknown field '" + u.getPropertyName() + "'");
		}
		else if (cause instanceof InvalidFormatException f) {
			problem = new ApiException.FieldProblem(path(f), "invalid value");
		}
		else if (cause instanceof MismatchedInputException m) {
			problem = new ApiException.FieldProblem(path(m), "wrong type or missing value");
		}
		else {
			problem = new ApiException.FieldProblem("", "the body is not valid JSON");
		}
		return cast(respond(HttpStatus.BAD_REQUEST, "Invalid request", "The request body could not be read",
				List.of(problem)));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			org.springframework.http.HttpHeaders headers, HttpStatusCode status,
			org.springframework.web.context.request.WebRequest request) {
		List<ApiException.FieldProblem> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(f -> new ApiException.FieldProblem(f.getField(), f.getDefaultMessage()))
			.toList();
		return cast(respond(HttpStatus.BAD_REQUEST, "Invalid request", "The request is not valid", errors));
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body,
			org.springframework.http.HttpHeaders headers, HttpStatusCode statusCode,
			org.springframework.web.context.request.WebRequest request) {
		// Spring's own MVC errors (415, 405, 406 ...) keep their status but never expose internals.
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail pd) {
			pd.setType(URI.create("https://trellis.dev/problems/http-" + statusCode.value()));
		}
		return response;
	}

	private static String path(MismatchedInputException e) {
		StringBuilder sb = new StringBuilder();
		for (var ref : e.getPath()) {
			if (ref.getFieldName() != null) {
				if (!sb.isEmpty()) {
					sb.append('.');
				}
				sb.append(ref.getFieldName());
			}
			else if (ref.getIndex() >= 0) {
				sb.append('[').append(ref.getIndex()).append(']');
			}
		}
		return sb.toString();
	}

	@SuppressWarnings("unchecked")
	private static ResponseEntity<Object> cast(ResponseEntity<?> response) {
		return (ResponseEntity<Object>) response;
	}

	/** Builds the problem details body used by every handler (and by security and filters). */
	public static ProblemDetail problem(HttpStatus status, String title, String detail,
			List<ApiException.FieldProblem> errors) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
		pd.setTitle(title);
		pd.setType(errors.isEmpty() ? URI.create("https://trellis.dev/problems/http-" + status.value()) : VALIDATION);
		if (!errors.isEmpty()) {
			pd.setProperty("errors", errors);
		}
		return pd;
	}

	private static ResponseEntity<ProblemDetail> respond(HttpStatus status, String title, String detail,
			List<ApiException.FieldProblem> errors) {
		return ResponseEntity.status(status)
			.contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem(status, title, detail, errors));
	}

}
