package dev.trellis.gateway.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns an OIDC access token into a Trellis caller: the username claim, Trellis roles found in the
 * roles claim (other values, like Keycloak's {@code offline_access}, are ignored) and the groups
 * claim, as the same {@code ROLE_*} / {@code GROUP_*} authorities API tokens carry.
 */
final class JwtAuthorities implements Converter<Jwt, AbstractAuthenticationToken> {

	private final SecurityProperties.Oidc oidc;

	JwtAuthorities(SecurityProperties.Oidc oidc) {
		this.oidc = oidc;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		Set<GrantedAuthority> authorities = new LinkedHashSet<>();
		for (String value : values(claim(jwt.getClaims(), oidc.rolesClaim()))) {
			String name = value.startsWith(oidc.rolePrefix()) ? value.substring(oidc.rolePrefix().length()) : value;
			Role.parse(name).ifPresent(role -> authorities.add(role.authority()));
		}
		for (String value : values(claim(jwt.getClaims(), oidc.groupsClaim()))) {
			String group = value.startsWith("/") ? value.substring(1) : value;
			if (!group.isBlank()) {
				authorities.add(new SimpleGrantedAuthority(Caller.GROUP_PREFIX + group));
			}
		}
		String username = jwt.getClaimAsString(oidc.usernameClaim());
		return new JwtAuthenticationToken(jwt, authorities,
				username == null || username.isBlank() ? jwt.getSubject() : username);
	}

	/** Follows a dotted path such as {@code realm_access.roles} through nested claims. */
	static Object claim(Map<String, Object> claims, String path) {
		Object current = claims;
		for (String part : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(part);
		}
		return current;
	}

	/** A list claim, or a space- or comma-separated string claim, as strings. */
	static List<String> values(Object claim) {
		List<String> out = new ArrayList<>();
		if (claim instanceof Collection<?> items) {
			items.forEach(item -> out.add(String.valueOf(item).trim()));
		}
		else if (claim instanceof String text) {
			for (String part : text.split("[\\s,]+")) {
				out.add(part.trim());
			}
		}
		out.removeIf(String::isEmpty);
		return out;
	}

}
