package dev.trellis.gateway.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class JwtAuthoritiesTest {

	private static Jwt jwt(Map<String, Object> claims) {
		Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").subject("sub-1")
			.issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
		claims.forEach(builder::claim);
		return builder.build();
	}

	private static SecurityProperties.Oidc oidc(String rolesClaim, String prefix) {
		return new SecurityProperties.Oidc("https://idp", null, null, "preferred_username", rolesClaim, "groups",
				prefix);
	}

	@Test
	void oktaStyleFlatClaims() {
		AbstractAuthenticationToken auth = new JwtAuthorities(oidc("roles", ""))
			.convert(jwt(Map.of("preferred_username", "ana@example.com", "roles", List.of("Reviewer", "everyone"),
					"groups", List.of("editors", "legal"))));

		Caller caller = Caller.of(auth);
		assertThat(caller.username()).isEqualTo("ana@example.com");
		assertThat(caller.roles()).containsExactly("reviewer");
		assertThat(caller.groups()).containsExactlyInAnyOrder("editors", "legal");
	}

	@Test
	void keycloakStyleNestedRolesWithPrefixAndGroupPaths() {
		AbstractAuthenticationToken auth = new JwtAuthorities(oidc("realm_access.roles", "trellis-"))
			.convert(jwt(Map.of("realm_access", Map.of("roles", List.of("trellis-admin", "offline_access")), "groups",
					List.of("/editors"))));

		Caller caller = Caller.of(auth);
		assertThat(caller.username()).isEqualTo("sub-1");
		assertThat(caller.roles()).containsExactly("admin");
		assertThat(caller.groups()).containsExactly("editors");
	}

	@Test
	void aSpaceSeparatedStringClaimWorksToo() {
		AbstractAuthenticationToken auth = new JwtAuthorities(oidc("scope_roles", ""))
			.convert(jwt(Map.of("scope_roles", "viewer builder")));

		assertThat(Caller.of(auth).roles()).containsExactlyInAnyOrder("viewer", "builder");
	}

}
