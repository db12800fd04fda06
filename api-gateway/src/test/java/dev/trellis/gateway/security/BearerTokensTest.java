package dev.trellis.gateway.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerTokensTest {

	private final BearerTokens tokens = new BearerTokens();

	private static MockHttpServletRequest request(String method, String path) {
		return new MockHttpServletRequest(method, path);
	}

	@Test
	void theHeaderIsReadEverywhere() {
		MockHttpServletRequest request = request("GET", "/api/runs");
		request.addHeader("Authorization", "Bearer trl_abc");

		assertThat(tokens.resolve(request)).isEqualTo("trl_abc");
	}

	@Test
	void theQueryParameterOnlyOnTheWebSocketHandshake() {
		MockHttpServletRequest socket = request("GET", "/ws/runs/r1");
		socket.setParameter("token", "trl_abc");
		MockHttpServletRequest rest = request("GET", "/api/runs");
		rest.setParameter("token", "trl_abc");

		assertThat(tokens.resolve(socket)).isEqualTo("trl_abc");
		assertThat(tokens.resolve(rest)).isNull();
	}

	@Test
	void otherSchemesAreNoBearerTokenAndAnEmptyOneIsInvalid() {
		MockHttpServletRequest basic = request("GET", "/api/runs");
		basic.addHeader("Authorization", "Basic YTpi");
		MockHttpServletRequest empty = request("GET", "/api/runs");
		empty.addHeader("Authorization", "Bearer   ");

		assertThat(tokens.resolve(basic)).isNull();
		assertThatThrownBy(() -> tokens.resolve(empty)).isInstanceOf(InvalidBearerTokenException.class);
	}

	@Test
	void apiTokensAreRandomAndNeverLookLikeJwts() {
		String a = ApiTokens.generate();

		assertThat(a).startsWith("trl_").isNotEqualTo(ApiTokens.generate());
		assertThat(ApiTokens.looksLikeJwt(a)).isFalse();
		assertThat(ApiTokens.looksLikeJwt("eyJh.eyJz.c2ln")).isTrue();
		assertThat(SecurityConfiguration.origin("http://LOCALHOST:8233/namespaces/default"))
			.isEqualTo("http://localhost:8233");
	}

}
