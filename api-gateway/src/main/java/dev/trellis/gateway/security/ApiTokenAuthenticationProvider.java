package dev.trellis.gateway.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Checks API tokens against the database on every request. Nothing is cached, so a revoked or
 * expired token stops working with the next request, on every gateway.
 */
final class ApiTokenAuthenticationProvider implements AuthenticationProvider {

	private final UserStore users;

	private final boolean jwtsAccepted;

	ApiTokenAuthenticationProvider(UserStore users, boolean jwtsAccepted) {
		this.users = users;
		this.jwtsAccepted = jwtsAccepted;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		if (jwtsAccepted && ApiTokens.looksLikeJwt(token)) {
			// Not ours: the JWT provider after this one decides.
			return null;
		}
		TokenAuthentication result = users.authenticate(ApiTokens.hash(token))
			.orElseThrow(() -> new InvalidBearerTokenException("The token is invalid, expired or revoked"));
		result.setDetails(authentication.getDetails());
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
