package dev.trellis.gateway.security;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.gateway.security.AuthorizationMatrix.Identity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokensIT extends GatewaySecurityTestBase {

	@Autowired
	DataSource dataSource;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	SecurityTestApplication.AuthenticationFailures failures;

	@Test
	void anAdminCreatesAUserWhoseTokenIsShownOnceAndStoredAsAHashOnly() {
		HttpResponse<String> created = client.send("POST", "/api/users", BOOTSTRAP_TOKEN,
				json("username", "ana-" + System.nanoTime(), "roles", List.of("reviewer"), "groups", List.of("editors")));

		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode body = GatewayClient.body(created);
		String username = body.get("username").asText();
		String token = body.get("token").asText();
		assertThat(token).startsWith("trl_").hasSize(4 + 43);
		assertThat(body.get("roles")).hasSize(1);
		assertThat(body.get("groups").get(0).asText()).isEqualTo("editors");

		JsonNode me = GatewayClient.body(client.send("GET", "/api/me", token, null));
		assertThat(me.get("username").asText()).isEqualTo(username);
		assertThat(me.get("roles").get(0).asText()).isEqualTo("reviewer");
		assertThat(me.get("groups").get(0).asText()).isEqualTo("editors");

		HttpResponse<String> list = client.send("GET", "/api/users", BOOTSTRAP_TOKEN, null);
		assertThat(list.body()).contains(username).doesNotContain(token).doesNotContain("trl_");
		String tokens = client.send("GET", "/api/users/" + username + "/tokens", token, null).body();
		assertThat(tokens).contains("\"active\":true").doesNotContain(token);

		String stored = JdbcClient.create(dataSource)
			.sql("SELECT string_agg(row_to_json(t)::text, '|') FROM security_api_tokens t WHERE username = :u")
			.param("u", username)
			.query(String.class)
			.single();
		assertThat(stored).doesNotContain(token).doesNotContain(token.substring(4));
		String hex = HexFormat.of().formatHex(ApiTokens.hash(token));
		assertThat(stored).contains(hex);
	}

	@Test
	void aRevokedTokenStopsWorkingWithTheNextRequest() {
		Identity builder = newUser(Role.BUILDER);
		HttpResponse<String> issued = client.send("POST", "/api/users/" + builder.username() + "/tokens",
				builder.token(), null);
		assertThat(issued.statusCode()).isEqualTo(201);
		String second = GatewayClient.body(issued).get("token").asText();
		String tokenId = GatewayClient.body(issued).get("tokenId").asText();
		assertThat(client.send("GET", "/api/me", second, null).statusCode()).isEqualTo(200);

		HttpResponse<String> revoked = client.send("DELETE", "/api/tokens/" + tokenId, builder.token(), null);

		assertThat(revoked.statusCode()).isEqualTo(204);
		assertThat(client.send("GET", "/api/me", second, null).statusCode()).isEqualTo(401);
		assertThat(client.send("GET", "/api/me", builder.token(), null).statusCode()).isEqualTo(200);
		assertThat(client.send("DELETE", "/api/tokens/" + tokenId, builder.token(), null).statusCode()).isEqualTo(204);
	}

	@Test
	void anAdminRevokesSomeoneElsesTokenAndTheOwnerIsLockedOutAtOnce() {
		Identity viewer = newUser(Role.VIEWER);
		String tokenId = GatewayClient.body(client.send("GET", "/api/users/" + viewer.username() + "/tokens",
				BOOTSTRAP_TOKEN, null)).get(0).get("tokenId").asText();

		assertThat(client.send("DELETE", "/api/tokens/" + tokenId, BOOTSTRAP_TOKEN, null).statusCode()).isEqualTo(204);

		assertThat(client.send("GET", "/api/runs", viewer.token(), null).statusCode()).isEqualTo(401);
	}

	@Test
	void usersManageOnlyTheirOwnTokens() {
		Identity ana = newUser(Role.BUILDER);
		Identity ben = newUser(Role.BUILDER);
		String anasTokenId = GatewayClient.body(client.send("GET", "/api/users/" + ana.username() + "/tokens",
				ana.token(), null)).get(0).get("tokenId").asText();

		HttpResponse<String> issueForOther = client.send("POST", "/api/users/" + ana.username() + "/tokens",
				ben.token(), null);
		HttpResponse<String> listOther = client.send("GET", "/api/users/" + ana.username() + "/tokens", ben.token(),
				null);
		HttpResponse<String> revokeOther = client.send("DELETE", "/api/tokens/" + anasTokenId, ben.token(), null);

		assertThat(issueForOther.statusCode()).isEqualTo(403);
		assertThat(listOther.statusCode()).isEqualTo(403);
		assertThat(revokeOther.statusCode()).isEqualTo(403);
		assertThat(client.send("GET", "/api/me", ana.token(), null).statusCode()).isEqualTo(200);
		assertThat(client.send("DELETE", "/api/tokens/no-such-token", ana.token(), null).statusCode()).isEqualTo(404);
	}

	@Test
	void anExpiredTokenIsRefused() throws Exception {
		Identity viewer = newUser(Role.VIEWER);
		HttpResponse<String> issued = client.send("POST", "/api/users/" + viewer.username() + "/tokens",
				viewer.token(), json("expiresIn", "2s"));
		JsonNode body = GatewayClient.body(issued);
		assertThat(Instant.parse(body.get("expiresAt").asText())).isAfter(Instant.now());
		String shortLived = body.get("token").asText();
		assertThat(client.send("GET", "/api/me", shortLived, null).statusCode()).isEqualTo(200);

		Thread.sleep(2500);

		assertThat(client.send("GET", "/api/me", shortLived, null).statusCode()).isEqualTo(401);
	}

	@Test
	void badUsersAndExpiriesAreProblemDetailsNamingTheField() {
		HttpResponse<String> unknownRole = client.send("POST", "/api/users", BOOTSTRAP_TOKEN,
				json("username", "x" + System.nanoTime(), "roles", List.of("viewer", "root")));
		HttpResponse<String> badName = client.send("POST", "/api/users", BOOTSTRAP_TOKEN,
				json("username", "../etc", "roles", List.of("viewer")));
		HttpResponse<String> unknownField = client.send("POST", "/api/users", BOOTSTRAP_TOKEN,
				json("username", "y" + System.nanoTime(), "roles", List.of("viewer"), "password", "x"));
		HttpResponse<String> pastExpiry = client.send("POST", "/api/users/admin/tokens", BOOTSTRAP_TOKEN,
				json("expiresAt", "2001-01-01T00:00:00Z"));

		assertThat(unknownRole.statusCode()).isEqualTo(400);
		assertThat(GatewayClient.body(unknownRole).get("errors").get(0).get("path").asText()).isEqualTo("roles[1]");
		assertThat(badName.statusCode()).isEqualTo(400);
		assertThat(unknownField.statusCode()).isEqualTo(400);
		assertThat(pastExpiry.statusCode()).isEqualTo(400);
		assertThat(GatewayClient.body(pastExpiry).get("errors").get(0).get("path").asText()).isEqualTo("expiresAt");
	}

	@Test
	void aDuplicateUserIsAConflict() {
		Identity ana = newUser(Role.VIEWER);

		HttpResponse<String> again = client.send("POST", "/api/users", BOOTSTRAP_TOKEN,
				json("username", ana.username(), "roles", List.of("admin")));

		assertThat(again.statusCode()).isEqualTo(409);
	}

	@Test
	void userAndTokenChangesAreAuditedWithoutTokenValues() {
		Identity builder = newUser(Role.BUILDER);
		HttpResponse<String> issued = client.send("POST", "/api/users/" + builder.username() + "/tokens",
				builder.token(), null);
		String tokenId = GatewayClient.body(issued).get("tokenId").asText();
		client.send("DELETE", "/api/tokens/" + tokenId, BOOTSTRAP_TOKEN, null);

		HttpResponse<String> audit = client.send("GET", "/api/audit?limit=50", BOOTSTRAP_TOKEN, null);

		assertThat(audit.statusCode()).isEqualTo(200);
		JsonNode entries = GatewayClient.body(audit);
		assertThat(entries.findValuesAsText("action")).contains("user.created", "token.issued", "token.revoked");
		assertThat(audit.body()).contains(tokenId)
			.doesNotContain(builder.token())
			.doesNotContain(GatewayClient.body(issued).get("token").asText());
		JsonNode revoked = GatewayClient.body(client.send("GET", "/api/audit?action=token.revoked&limit=1",
				BOOTSTRAP_TOKEN, null)).get(0);
		assertThat(revoked.get("actor").asText()).isEqualTo("admin");
		assertThat(revoked.get("target").asText()).isEqualTo(builder.username());
		assertThat(revoked.get("remoteAddress").asText()).isEqualTo("127.0.0.1");
		assertThat(revoked.get("details").get("viaTokenId").asText()).isNotBlank().isNotEqualTo(tokenId);
		assertThat(client.send("GET", "/api/audit", builder.token(), null).statusCode()).isEqualTo(403);
	}

	@Test
	void aBurstOfFailedAuthenticationsFromOneAddressIsAuditedOncePerWindow() {
		String address = "203.0.113." + (System.nanoTime() % 200);
		for (int i = 0; i < 12; i++) {
			BearerTokenAuthenticationToken attempt = new BearerTokenAuthenticationToken("trl_guess-" + i);
			attempt.setDetails(new WebAuthenticationDetails(address, null));
			events.publishEvent(new AuthenticationFailureBadCredentialsEvent(attempt,
					new BadCredentialsException("invalid token")));
		}

		JsonNode bursts = GatewayClient.body(client.send("GET", "/api/audit?action=auth.failure-burst&limit=1000",
				BOOTSTRAP_TOKEN, null));

		List<JsonNode> mine = new ArrayList<>();
		bursts.forEach(b -> {
			if (address.equals(b.get("target").asText())) {
				mine.add(b);
			}
		});
		assertThat(mine).hasSize(1);
		assertThat(mine.get(0).get("details").get("failures").asInt()).isEqualTo(5);
		assertThat(mine.get(0).toString()).doesNotContain("trl_guess");
	}

	@Test
	void aFailedBearerAuthenticationIsPublishedAsAFailureEvent() {
		int before = failures.get();

		client.send("GET", "/api/me", "trl_wrong", null);

		assertThat(failures.get()).isGreaterThan(before);
	}

}
