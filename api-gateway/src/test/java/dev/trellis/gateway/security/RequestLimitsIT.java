package dev.trellis.gateway.security;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.trellis.gateway.security.AuthorizationMatrix.Identity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Body size, content type, rate limits (with a real Redis) and security headers. */
class RequestLimitsIT extends GatewaySecurityTestBase {

	private static final String BIG = "{\"value\":\"" + "x".repeat(70 * 1024) + "\"}";

	@Test
	void aBodyOverTheLimitIsA413Problem() {
		Identity builder = newUser(Role.BUILDER);

		HttpResponse<String> declared = client.send("PUT", "/api/secrets/big", builder.token(), BIG);
		HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(client.uri("/api/secrets/big"))
			.header("Authorization", "Bearer " + builder.token())
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(BIG.getBytes())))
			.build());
		HttpResponse<String> anonymous = client.send("POST", "/api/runs", null, BIG);

		for (HttpResponse<String> response : List.of(declared, chunked, anonymous)) {
			assertThat(response.statusCode()).isEqualTo(413);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					v -> assertThat(v).startsWith("application/problem+json"));
			assertThat(GatewayClient.body(response).get("detail").asText()).contains("64KB");
		}
	}

	@Test
	void aSmallChunkedBodyStillReachesTheHandler() {
		Identity builder = newUser(Role.BUILDER);
		String small = json("value", "chunked-secret-value");

		HttpResponse<String> response = client.send(HttpRequest.newBuilder(client.uri("/api/secrets/chunked"))
			.header("Authorization", "Bearer " + builder.token())
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small.getBytes())))
			.build());

		assertThat(response.statusCode()).isEqualTo(204);
	}

	@Test
	void aWrongContentTypeIsA415Problem() {
		Identity admin = newUser(Role.ADMIN);

		HttpResponse<String> response = client.send("POST", "/api/users", admin.token(), null, "Content-Type",
				"text/plain");

		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				v -> assertThat(v).startsWith("application/problem+json"));
		assertThat(GatewayClient.body(response).get("status").asInt()).isEqualTo(415);
	}

	@Test
	void runStartsOverThePerUserLimitAre429WithRetryAfter() {
		Identity builder = newUser(Role.BUILDER);
		Identity other = newUser(Role.BUILDER);

		for (int i = 0; i < 3; i++) {
			assertThat(client.send("POST", "/api/runs", builder.token(), "{}").statusCode()).isEqualTo(202);
		}
		HttpResponse<String> limited = client.send("POST", "/api/runs/r1/rerun", builder.token(), "{}");

		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("20");
		assertThat(GatewayClient.body(limited).get("title").asText()).isEqualTo("Too many requests");
		assertThat(client.send("POST", "/api/runs", other.token(), "{}").statusCode()).isEqualTo(202);
		// Reads are not limited.
		assertThat(client.send("GET", "/api/runs", builder.token(), null).statusCode()).isEqualTo(204);
	}

	@Test
	void approvalDecisionsHaveTheirOwnLimit() {
		Identity reviewer = newUser(Role.REVIEWER);

		for (int i = 0; i < 4; i++) {
			assertThat(client.send("POST", "/api/approvals/a" + i + "/decision", reviewer.token(), "{}").statusCode())
				.isEqualTo(200);
		}
		HttpResponse<String> limited = client.send("POST", "/api/approvals/a9/decision", reviewer.token(), "{}");

		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("15");
	}

	@Test
	void everyAnswerCarriesTheSecurityHeaders() {
		Identity viewer = newUser(Role.VIEWER);

		for (HttpResponse<String> response : List.of(client.send("GET", "/api/me", viewer.token(), null),
				client.send("GET", "/api/me", null, null), client.send("GET", "/index.html", null, null))) {
			assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
				.contains("default-src 'self'")
				.contains("script-src 'self';")
				.contains("style-src 'self' 'unsafe-inline'")
				.contains("img-src 'self' data:")
				.contains("connect-src 'self' ws: wss:")
				.contains("frame-ancestors 'none'"));
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
			assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
			assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
			assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
		}
	}

}
