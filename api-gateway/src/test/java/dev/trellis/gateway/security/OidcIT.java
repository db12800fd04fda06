package dev.trellis.gateway.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC beside API tokens, configured as for Keycloak (realm roles with a prefix, group paths),
 * against a local identity provider that serves discovery and signing keys as a real one does.
 */
class OidcIT extends GatewaySecurityTestBase {

	private static final RSAKey key = generateKey("idp-key");

	private static final RSAKey otherKey = generateKey("attacker-key");

	private static final HttpServer idp = startIdp();

	private static final String ISSUER = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/trellis";

	@DynamicPropertySource
	static void oidc(DynamicPropertyRegistry registry) {
		registry.add("trellis.security.oidc.issuer-uri", () -> ISSUER);
		registry.add("trellis.security.oidc.audience", () -> "trellis");
		registry.add("trellis.security.oidc.roles-claim", () -> "realm_access.roles");
		registry.add("trellis.security.oidc.role-prefix", () -> "trellis-");
	}

	@AfterAll
	static void stopIdp() {
		idp.stop(0);
	}

	@Test
	void aJwtFromTheIssuerAuthenticatesWithRolesAndGroupsFromItsClaims() {
		String jwt = jwt(key, ISSUER, "trellis", List.of("trellis-builder", "offline_access"), Instant.now().plusSeconds(300));

		HttpResponse<String> me = client.send("GET", "/api/me", jwt, null);

		assertThat(me.statusCode()).isEqualTo(200);
		JsonNode body = GatewayClient.body(me);
		assertThat(body.get("username").asText()).isEqualTo("olga");
		assertThat(body.get("roles").toString()).isEqualTo("[\"builder\"]");
		assertThat(body.get("groups").toString()).isEqualTo("[\"editors\"]");
		assertThat(client.send("POST", "/api/runs", jwt, "{}").statusCode()).isEqualTo(202);
		assertThat(client.send("GET", "/api/users", jwt, null).statusCode()).isEqualTo(403);
		assertThat(client.send("POST", "/codec/decode", jwt, "{\"payloads\":[]}").statusCode()).isEqualTo(200);
	}

	@Test
	void aJwtWithoutTrellisRolesReachesOnlyWhoAmI() {
		String jwt = jwt(key, ISSUER, "trellis", List.of("offline_access"), Instant.now().plusSeconds(300));

		assertThat(client.send("GET", "/api/me", jwt, null).statusCode()).isEqualTo(200);
		assertThat(client.send("GET", "/api/runs", jwt, null).statusCode()).isEqualTo(403);
	}

	@Test
	void forgedExpiredForeignAndMisaddressedJwtsAre401() {
		List<String> roles = List.of("trellis-admin");
		Instant later = Instant.now().plusSeconds(300);

		assertThat(status(jwt(otherKey, ISSUER, "trellis", roles, later))).isEqualTo(401);
		assertThat(status(jwt(key, ISSUER, "trellis", roles, Instant.now().minusSeconds(600)))).isEqualTo(401);
		assertThat(status(jwt(key, "http://127.0.0.1:1/realms/other", "trellis", roles, later))).isEqualTo(401);
		assertThat(status(jwt(key, ISSUER, "another-app", roles, later))).isEqualTo(401);
	}

	@Test
	void apiTokensKeepWorkingBesideOidc() {
		assertThat(status(BOOTSTRAP_TOKEN)).isEqualTo(200);
		assertThat(status(newUser(Role.VIEWER).token())).isEqualTo(200);
	}

	private int status(String token) {
		return client.send("GET", "/api/me", token, null).statusCode();
	}

	private static String jwt(RSAKey signer, String issuer, String audience, List<String> roles, Instant expires) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
			.subject("2f1c-olga")
			.audience(audience)
			.claim("preferred_username", "olga")
			.claim("realm_access", Map.of("roles", roles))
			.claim("groups", List.of("/editors"))
			.issueTime(Date.from(Instant.now().minusSeconds(5)))
			.expirationTime(Date.from(expires))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		try {
			jwt.sign(new RSASSASigner(signer));
		}
		catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
		return jwt.serialize();
	}

	private static RSAKey generateKey(String id) {
		try {
			return new RSAKeyGenerator(2048).keyID(id).generate();
		}
		catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	private static HttpServer startIdp() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/trellis";
			server.createContext("/realms/trellis/.well-known/openid-configuration", exchange -> respond(exchange,
					"{\"issuer\":\"" + base + "\",\"jwks_uri\":\"" + base + "/protocol/openid-connect/certs\","
							+ "\"subject_types_supported\":[\"public\"],"
							+ "\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
			server.createContext("/realms/trellis/protocol/openid-connect/certs",
					exchange -> respond(exchange, new JWKSet(key.toPublicJWK()).toString()));
			server.start();
			return server;
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void respond(HttpExchange exchange, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
