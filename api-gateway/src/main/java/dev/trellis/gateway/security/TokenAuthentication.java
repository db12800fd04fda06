package dev.trellis.gateway.security;

import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A request authenticated by an API token: the user's name, {@code ROLE_*} and {@code GROUP_*}
 * authorities as {@link Caller} reads them, and the id (never the value) of the token used.
 */
final class TokenAuthentication extends AbstractAuthenticationToken {

	private final String username;

	private final String tokenId;

	TokenAuthentication(String username, String tokenId, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.username = username;
		this.tokenId = tokenId;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public Object getPrincipal() {
		return username;
	}

	String tokenId() {
		return tokenId;
	}

}
