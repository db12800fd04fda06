package dev.trellis.gateway.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Authentication and request limits of the gateway ({@code trellis.security.*}).
 *
 * @param bootstrapToken the token of the {@code admin} user ensured at start; the environment
 * variable {@code TRELLIS_BOOTSTRAP_TOKEN} is read when this is not set
 * @param maxBodySize request bodies above this answer 413
 * @param maxConcurrentRunsPerUser open runs one user may have at once; 0 for no limit
 * @param rateLimits per-user rate limits of the costly writes
 * @param authFailureBurst when failed authentications from one address become an audit record
 * @param oidc JWTs from an OpenID Connect provider, accepted beside API tokens when configured
 */
@ConfigurationProperties("trellis.security")
public record SecurityProperties(String bootstrapToken, @DefaultValue("1MB") DataSize maxBodySize,
		@DefaultValue("20") int maxConcurrentRunsPerUser, @DefaultValue RateLimits rateLimits,
		@DefaultValue FailureBurst authFailureBurst, @DefaultValue Oidc oidc) {

	/**
	 * @param runStarts run starts and reruns one user may make per window; 0 for no limit
	 * @param approvalDecisions approval decisions one user may make per window; 0 for no limit
	 * @param window the sliding window both limits count in
	 */
	public record RateLimits(@DefaultValue("30") int runStarts, @DefaultValue("120") int approvalDecisions,
			@DefaultValue("1m") Duration window) {
	}

	/**
	 * @param threshold failed authentications from one address within the window that make a burst
	 * @param window the window failures are counted in
	 */
	public record FailureBurst(@DefaultValue("20") int threshold, @DefaultValue("1m") Duration window) {
	}

	/**
	 * @param issuerUri the provider's issuer, e.g. {@code https://sso.example.com/realms/trellis};
	 * empty turns OIDC off
	 * @param jwkSetUri where the signing keys are, when discovery at the issuer is not reachable
	 * @param audience required {@code aud} value; empty accepts any audience the issuer signs
	 * @param usernameClaim the claim naming the user ({@code sub} when absent from a token)
	 * @param rolesClaim the claim listing Trellis roles; a dotted path reaches nested claims
	 * ({@code realm_access.roles} for Keycloak realm roles)
	 * @param groupsClaim the claim listing groups (Keycloak's {@code /path} form is accepted)
	 * @param rolePrefix stripped from role values first, e.g. {@code trellis-} for {@code trellis-builder}
	 */
	public record Oidc(String issuerUri, String jwkSetUri, String audience,
			@DefaultValue("preferred_username") String usernameClaim, @DefaultValue("roles") String rolesClaim,
			@DefaultValue("groups") String groupsClaim, @DefaultValue("") String rolePrefix) {

		public boolean enabled() {
			return (issuerUri != null && !issuerUri.isBlank()) || (jwkSetUri != null && !jwkSetUri.isBlank());
		}

	}

}
