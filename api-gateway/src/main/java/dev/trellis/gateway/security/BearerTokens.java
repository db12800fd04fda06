package dev.trellis.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Finds the bearer token of a request: the {@code Authorization} header everywhere, and the
 * {@code token} query parameter only on the WebSocket handshake ({@code /ws/**}), because browsers
 * cannot set headers on a WebSocket. Elsewhere a query token is ignored, so tokens do not spread
 * into REST access logs and browser histories.
 */
final class BearerTokens implements BearerTokenResolver {

	private static final String SCHEME = "bearer ";

	@Override
	public String resolve(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null) {
			if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
				return null;
			}
			return nonBlank(header.substring(SCHEME.length()).trim());
		}
		String path = RouteTable.pathOf(request);
		if (path.startsWith("/ws/") && "GET".equals(request.getMethod())) {
			String query = request.getParameter("token");
			return query == null ? null : nonBlank(query.trim());
		}
		return null;
	}

	private static String nonBlank(String token) {
		if (token.isEmpty()) {
			throw new InvalidBearerTokenException("The bearer token is empty");
		}
		return token;
	}

}
