package dev.trellis.gateway.security;

import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The authenticated user behind a request: name, roles ({@code admin}, {@code builder},
 * {@code reviewer}, {@code viewer}) and groups. Controllers take an {@link Authentication} parameter
 * and call {@link #of(Authentication)}.
 */
public record Caller(String username, Set<String> roles, Set<String> groups) {

	public static final String ROLE_PREFIX = "ROLE_";

	public static final String GROUP_PREFIX = "GROUP_";

	public static Caller of(Authentication auth) {
		if (auth == null) {
			throw new IllegalStateException("No authenticated caller");
		}
		Set<String> roles = new java.util.TreeSet<>();
		Set<String> groups = new java.util.TreeSet<>();
		for (GrantedAuthority a : auth.getAuthorities()) {
			String name = a.getAuthority();
			if (name.startsWith(ROLE_PREFIX)) {
				roles.add(name.substring(ROLE_PREFIX.length()).toLowerCase(java.util.Locale.ROOT));
			}
			else if (name.startsWith(GROUP_PREFIX)) {
				groups.add(name.substring(GROUP_PREFIX.length()));
			}
		}
		return new Caller(auth.getName(), Set.copyOf(roles), Set.copyOf(groups));
	}

	public boolean isAdmin() {
		return roles.contains("admin");
	}

	public boolean hasRole(String role) {
		return isAdmin() || roles.contains(role);
	}

}
