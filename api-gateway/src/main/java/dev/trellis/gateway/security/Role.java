package dev.trellis.gateway.security;

import java.util.Locale;
import java.util.Optional;

import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a user may do. Authorities are {@code ROLE_ADMIN} ... as {@link Caller} reads them; the
 * {@link RouteTable} decides which roles reach which endpoint.
 */
public enum Role {

	/** Everything, including users, tokens, secrets and the audit log. */
	ADMIN,
	/** Edits the registry, runs pipelines, writes secrets, decodes payloads. */
	BUILDER,
	/** Decides approvals assigned to them or their groups. */
	REVIEWER,
	/** Reads. */
	VIEWER;

	/** The lower-case name used in JSON and tokens' claims. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	public SimpleGrantedAuthority authority() {
		return new SimpleGrantedAuthority(Caller.ROLE_PREFIX + name());
	}

	/** {@code "builder"} (any case) to {@link #BUILDER}; empty for names that are no Trellis role. */
	public static Optional<Role> parse(String name) {
		if (name == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException e) {
			return Optional.empty();
		}
	}

}
