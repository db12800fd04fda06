package dev.trellis.gateway.security;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.google.protobuf.util.JsonFormat;
import dev.trellis.gateway.security.AuthorizationMatrix.Identity;
import dev.trellis.temporal.codec.EncryptionCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remote codec endpoint the Temporal UI and CLI call: it decodes what the gateway's data
 * converter encrypted, for admins and builders only, and answers CORS for the UI's origin alone.
 */
class CodecEndpointIT extends GatewaySecurityTestBase {

	private static final String PROMPT = "Write the launch post for Project Heron";

	@Autowired
	DataConverter temporalDataConverter;

	private String encryptedPayloads() throws Exception {
		Payload raw = temporalDataConverter.toPayload(Map.of("prompt", PROMPT)).orElseThrow();
		assertThat(EncryptionCodec.isEncrypted(raw)).isTrue();
		assertThat(new String(raw.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("Heron");
		return JsonFormat.printer().print(Payloads.newBuilder().addPayloads(raw));
	}

	@Test
	void buildersAndAdminsSeeDecodedPayloads() throws Exception {
		String body = encryptedPayloads();
		assertThat(body).doesNotContain("Heron");

		for (Role role : new Role[] { Role.BUILDER, Role.ADMIN }) {
			HttpResponse<String> decoded = client.send("POST", "/codec/decode", newUser(role).token(), body,
					"X-Namespace", "default");

			assertThat(decoded.statusCode()).as(role.id()).isEqualTo(200);
			Payloads.Builder payloads = Payloads.newBuilder();
			JsonFormat.parser().merge(decoded.body(), payloads);
			Payload plain = payloads.getPayloads(0);
			assertThat(plain.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("json/plain");
			assertThat(DefaultDataConverter.STANDARD_INSTANCE.fromPayload(plain, Map.class, Map.class))
				.containsEntry("prompt", PROMPT);
		}
	}

	@Test
	void encodeThenDecodeRoundTrips() throws Exception {
		Identity builder = newUser(Role.BUILDER);
		Payload plain = DefaultDataConverter.STANDARD_INSTANCE.toPayload(PROMPT).orElseThrow();
		String request = JsonFormat.printer().print(Payloads.newBuilder().addPayloads(plain));

		HttpResponse<String> encoded = client.send("POST", "/codec/encode", builder.token(), request);
		assertThat(encoded.statusCode()).isEqualTo(200);
		assertThat(encoded.body()).doesNotContain("Heron").contains(
				Base64.getEncoder().encodeToString(EncryptionCodec.ENCODING.getBytes(StandardCharsets.UTF_8)));
		HttpResponse<String> decoded = client.send("POST", "/codec/decode", builder.token(), encoded.body());

		Payloads.Builder payloads = Payloads.newBuilder();
		JsonFormat.parser().merge(decoded.body(), payloads);
		assertThat(payloads.getPayloads(0)).isEqualTo(plain);
		assertThat(client.send("POST", "/codec/decode", builder.token(), "{\"payloads\":[]}").body())
			.isEqualTo("{\"payloads\":[]}");
	}

	@Test
	void viewersReviewersAndStrangersAreRefused() throws Exception {
		String body = encryptedPayloads();

		HttpResponse<String> viewer = client.send("POST", "/codec/decode", newUser(Role.VIEWER).token(), body);
		HttpResponse<String> reviewer = client.send("POST", "/codec/decode", newUser(Role.REVIEWER).token(), body);
		HttpResponse<String> anonymous = client.send("POST", "/codec/decode", null, body);

		assertThat(viewer.statusCode()).isEqualTo(403);
		assertThat(viewer.body()).doesNotContain("Heron");
		assertThat(reviewer.statusCode()).isEqualTo(403);
		assertThat(anonymous.statusCode()).isEqualTo(401);
	}

	@Test
	void aPayloadUnderAnUnknownKeyIsABadRequestWithoutContent() {
		Identity builder = newUser(Role.BUILDER);
		String foreign = "{\"payloads\":[{\"metadata\":{\"encoding\":\"YmluYXJ5L2VuY3J5cHRlZA==\","
				+ "\"encryption-key-id\":\"b3RoZXI=\"},\"data\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}]}";

		HttpResponse<String> response = client.send("POST", "/codec/decode", builder.token(), foreign);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(GatewayClient.body(response).get("detail").asText()).contains("'other'");
		assertThat(client.send("POST", "/codec/decode", builder.token(), "not json").statusCode()).isEqualTo(400);
	}

	@Test
	void corsAdmitsTheTemporalUiOriginOnTheCodecOnly() {
		HttpResponse<String> uiPreflight = client.send(preflight("/codec/decode", "http://localhost:8233"));
		HttpResponse<String> otherPreflight = client.send(preflight("/codec/decode", "https://evil.example"));
		HttpResponse<String> apiPreflight = client.send(preflight("/api/runs", "http://localhost:8233"));

		assertThat(uiPreflight.statusCode()).isEqualTo(200);
		assertThat(uiPreflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8233");
		assertThat(uiPreflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		assertThat(uiPreflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
			.contains("authorization")
			.contains("x-namespace");
		assertThat(otherPreflight.statusCode()).isEqualTo(403);
		assertThat(otherPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(apiPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	private HttpRequest preflight(String path, String origin) {
		return HttpRequest.newBuilder(client.uri(path))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "authorization,content-type,x-namespace")
			.build();
	}

}
