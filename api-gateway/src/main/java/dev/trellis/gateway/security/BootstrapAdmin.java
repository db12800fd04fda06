package dev.trellis.gateway.security;

import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Ensures the {@code admin} user holding {@code TRELLIS_BOOTSTRAP_TOKEN} (or
 * {@code trellis.security.bootstrap-token}) before the gateway takes requests, so a fresh install
 * has someone who can create the other users.
 */
@Component
@ConditionalOnRole(TrellisRole.GATEWAY)
@DependsOnDatabaseInitialization
class BootstrapAdmin implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

	/** Shorter tokens are guessable; {@code openssl rand -hex 32} makes a good one. */
	static final int MIN_LENGTH = 24;

	private final UserStore users;

	private final String token;

	BootstrapAdmin(UserStore users, SecurityProperties props, Environment env) {
		this.users = users;
		String configured = props.bootstrapToken();
		this.token = configured != null && !configured.isBlank() ? configured.trim()
				: trimmedOrNull(env.getProperty("TRELLIS_BOOTSTRAP_TOKEN"));
	}

	@Override
	public void afterPropertiesSet() {
		if (token == null) {
			return;
		}
		if (token.length() < MIN_LENGTH || ApiTokens.looksLikeJwt(token)) {
			throw new IllegalStateException("TRELLIS_BOOTSTRAP_TOKEN must be at least " + MIN_LENGTH
					+ " characters without dots, e.g. the output of 'openssl rand -hex 32'");
		}
		boolean stored = users.ensureBootstrapAdmin(token);
		log.info(stored ? "Bootstrap admin '{}' now holds the configured token"
				: "Bootstrap admin '{}' already holds the configured token", UserStore.BOOTSTRAP_ADMIN);
	}

	private static String trimmedOrNull(String value) {
		return value == null || value.isBlank() ? null : value.trim();
	}

}
