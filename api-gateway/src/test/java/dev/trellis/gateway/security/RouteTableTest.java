package dev.trellis.gateway.security;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTest {

	private final RouteTable routes = RouteTable.DEFAULT;

	private static TokenAuthentication user(String... authorities) {
		return new TokenAuthentication("u", "t", AuthorityUtils.createAuthorityList(authorities));
	}

	@Test
	void theMostSpecificPatternWins() {
		assertThat(routes.match("POST", "/api/registry/import")).hasValueSatisfying(
				r -> assertThat(r.pattern().getPatternString()).isEqualTo("/api/registry/import"));
		assertThat(routes.match("POST", "/api/registry/agents")).hasValueSatisfying(
				r -> assertThat(r.pattern().getPatternString()).isEqualTo("/api/registry/{kind}"));
		assertThat(routes.match("POST", "/api/secrets/rotate-master-key")).hasValueSatisfying(
				r -> assertThat(r.roles()).containsExactly(Role.ADMIN));
	}

	@Test
	void unknownPathsAndMethodsHaveNoRule() {
		assertThat(routes.match("GET", "/api/unknown")).isEmpty();
		assertThat(routes.match("PATCH", "/api/users")).isEmpty();
		assertThat(routes.match("GET", "/api/secrets/openai-key")).isEmpty();
		assertThat(routes.match("GET", "/api/users/")).isEmpty();
	}

	@Test
	void headIsReadLikeGet() {
		assertThat(routes.match("HEAD", "/api/runs/r1")).isPresent();
		assertThat(routes.match("get", "/api/runs")).isPresent();
	}

	@Test
	void rolesDecideAndAdminIsListedExplicitly() {
		RouteTable.Rule start = routes.match("POST", "/api/runs").orElseThrow();

		assertThat(routes.allows(start, user("ROLE_BUILDER"))).isTrue();
		assertThat(routes.allows(start, user("ROLE_ADMIN"))).isTrue();
		assertThat(routes.allows(start, user("ROLE_VIEWER", "ROLE_REVIEWER", "GROUP_builders"))).isFalse();
		assertThat(routes.allows(start, null)).isFalse();
		assertThat(routes.allows(start, new AnonymousAuthenticationToken("k", "anonymous",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")))).isFalse();
		assertThat(start.limit()).isEqualTo(RouteTable.Limit.RUN_START);
	}

	@Test
	void publicAndAuthenticatedRules() {
		RouteTable.Rule openapi = routes.match("GET", "/api/openapi.json").orElseThrow();
		RouteTable.Rule me = routes.match("GET", "/api/me").orElseThrow();

		assertThat(routes.allows(openapi, null)).isTrue();
		assertThat(routes.allows(me, user())).isTrue();
		assertThat(routes.allows(me, null)).isFalse();
	}

	@Test
	void viewersReadButNeverWrite() {
		for (RouteTable.Rule rule : routes.rules()) {
			boolean write = !rule.method().equals("GET");
			if (write && rule.access() == RouteTable.Access.ROLES) {
				assertThat(rule.roles()).as(rule.toString()).doesNotContain(Role.VIEWER);
			}
		}
		assertThat(routes.match("GET", "/api/approvals").orElseThrow().roles())
			.isEqualTo(Set.of(Role.ADMIN, Role.BUILDER, Role.REVIEWER));
	}

	@Test
	void theTableGovernsApiAndCodecOnly() {
		assertThat(RouteTable.governs("/api/runs")).isTrue();
		assertThat(RouteTable.governs("/codec/decode")).isTrue();
		assertThat(RouteTable.governs("/apiary")).isFalse();
		assertThat(RouteTable.governs("/ws/runs/r1")).isFalse();
	}

}
