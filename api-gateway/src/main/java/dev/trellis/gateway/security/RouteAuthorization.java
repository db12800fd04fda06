package dev.trellis.gateway.security;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** Applies the {@link RouteTable} to every {@code /api} and {@code /codec} request. */
final class RouteAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

	private final RouteTable routes;

	RouteAuthorization(RouteTable routes) {
		this.routes = routes;
	}

	@Override
	public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
		HttpServletRequest request = context.getRequest();
		Optional<RouteTable.Rule> rule = routes.match(request);
		return new AuthorizationDecision(rule.isPresent() && routes.allows(rule.get(), authentication.get()));
	}

}
