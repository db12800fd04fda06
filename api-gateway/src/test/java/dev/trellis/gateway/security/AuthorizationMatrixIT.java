package dev.trellis.gateway.security;

import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.trellis.gateway.security.AuthorizationMatrix.Endpoint;
import dev.trellis.gateway.security.AuthorizationMatrix.Identity;
import dev.trellis.gateway.security.AuthorizationMatrix.Who;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint the gateway serves, as every role and without a token, answers as the route table
 * says. Generated from the registered handlers: an endpoint without a rule fails here.
 */
class AuthorizationMatrixIT extends GatewaySecurityTestBase {

	@Autowired
	RequestMappingHandlerMapping requestMappingHandlerMapping;

	@Autowired
	RouteTable routes;

	@Test
	void everyRegisteredEndpointHasARule() {
		List<Endpoint> endpoints = AuthorizationMatrix.endpoints(requestMappingHandlerMapping);

		assertThat(endpoints).extracting(e -> e.method() + " " + e.pattern())
			.contains("POST /api/users", "DELETE /api/tokens/{tokenId}", "PUT /api/secrets/{name}",
					"POST /codec/decode", "POST /api/runs", "POST /api/approvals/{approvalId}/decision");
		assertThat(AuthorizationMatrix.withoutRule(routes, endpoints)).isEmpty();
	}

	@Test
	void everyEndpointAnswersEveryCallerAsTheRouteTableSays() {
		Map<Who, Identity> identities = new EnumMap<>(Who.class);
		for (Who who : Who.values()) {
			if (who.role() != null) {
				identities.put(who, newUser(who.role()));
			}
		}

		List<String> violations = AuthorizationMatrix.violations(routes,
				AuthorizationMatrix.endpoints(requestMappingHandlerMapping), client, identities);

		assertThat(violations).isEmpty();
	}

	@Test
	void aPathWithoutARuleIsRefusedEvenToAdmins() {
		Identity admin = newUser(Role.ADMIN);

		HttpResponse<String> unknown = client.send("GET", "/api/not-in-the-table", admin.token(), null);
		HttpResponse<String> wrongMethod = client.send("PATCH", "/api/users", admin.token(), "{}");
		HttpResponse<String> anonymous = client.send("GET", "/api/not-in-the-table", null, null);

		assertThat(unknown.statusCode()).isEqualTo(403);
		assertThat(GatewayClient.problemType(unknown)).isEqualTo(RouteTable.ROLE_DENIED.toString());
		assertThat(wrongMethod.statusCode()).isEqualTo(403);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> v.startsWith("Bearer"));
		assertThat(GatewayClient.body(anonymous).get("title").asText()).isEqualTo("Unauthorized");
	}

	@Test
	void anInvalidTokenIsA401ProblemWithoutDetailsOfWhy() {
		HttpResponse<String> response = client.send("GET", "/api/me", "trl_not-a-real-token", null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				v -> assertThat(v).startsWith("application/problem+json"));
		assertThat(GatewayClient.body(response).get("detail").asText())
			.isEqualTo("The bearer token is invalid, expired or revoked");
	}

	@Test
	void theApiDescriptionHealthAndTheCanvasArePublic() {
		assertThat(client.send("GET", "/api/openapi.json", null, null).statusCode()).isEqualTo(200);
		assertThat(client.send("GET", "/actuator/health", null, null).statusCode()).isIn(200, 503);
		// The canvas (from the canvas-web jar) needs no token: the sign-in screen is part of it.
		assertThat(client.send("GET", "/index.html", null, null).statusCode()).isEqualTo(200);
		assertThat(client.send("GET", "/actuator/env", null, null).statusCode()).isIn(401, 403);
	}

	@Test
	void aQueryTokenIsAcceptedOnTheWebSocketHandshakeOnly() {
		Identity viewer = newUser(Role.VIEWER);

		HttpResponse<String> socketWithQueryToken = client.send("GET", "/ws/runs/r1?token=" + viewer.token(), null,
				null);
		HttpResponse<String> socketWithoutToken = client.send("GET", "/ws/runs/r1", null, null);
		HttpResponse<String> socketWithBadToken = client.send("GET", "/ws/runs/r1?token=trl_nope", null, null);
		HttpResponse<String> restWithQueryToken = client.send("GET", "/api/me?token=" + viewer.token(), null, null);

		// Authenticated: no WebSocket endpoint is registered in this test context, so the answer is 404.
		assertThat(socketWithQueryToken.statusCode()).isEqualTo(404);
		assertThat(socketWithoutToken.statusCode()).isEqualTo(401);
		assertThat(socketWithBadToken.statusCode()).isEqualTo(401);
		assertThat(restWithQueryToken.statusCode()).isEqualTo(401);
	}

}
