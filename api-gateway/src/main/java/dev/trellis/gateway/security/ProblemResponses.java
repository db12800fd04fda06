package dev.trellis.gateway.security;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.gateway.web.ProblemDetailsAdvice;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Problem-details answers of the security filters, which run before Spring MVC and its
 * {@link ProblemDetailsAdvice}: same body shape, never an exception message.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final ObjectMapper json;

	ProblemResponses(ObjectMapper json) {
		this.json = json;
	}

	/** 401: no token, or one that is unknown, expired or revoked. */
	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
			throws IOException {
		boolean tokenSent = request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| (RouteTable.pathOf(request).startsWith("/ws/") && request.getParameter("token") != null);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				tokenSent ? "Bearer error=\"invalid_token\"" : "Bearer realm=\"trellis\"");
		write(response, HttpStatus.UNAUTHORIZED, "Unauthorized",
				tokenSent ? "The bearer token is invalid, expired or revoked"
						: "This request needs an 'Authorization: Bearer <token>' header",
				null);
	}

	/** 403: the route table does not let the caller's roles through. */
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
			throws IOException {
		write(response, HttpStatus.FORBIDDEN, "Forbidden",
				"Your roles do not allow " + request.getMethod() + " " + RouteTable.pathOf(request), RouteTable.ROLE_DENIED);
	}

	void write(HttpServletResponse response, HttpStatus status, String title, String detail, URI type)
			throws IOException {
		ProblemDetail problem = ProblemDetailsAdvice.problem(status, title, detail, List.of());
		if (type != null) {
			problem.setType(type);
		}
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

}
