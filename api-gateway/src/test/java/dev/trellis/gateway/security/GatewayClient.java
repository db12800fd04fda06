package dev.trellis.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Real HTTP against a running gateway, as a client or a browser sends it. */
public final class GatewayClient {

	private static final ObjectMapper json = new ObjectMapper();

	private final URI base;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	public GatewayClient(URI base) {
		this.base = base;
	}

	public HttpResponse<String> send(String method, String path, String token, String jsonBody, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (jsonBody != null) {
			request.header("Content-Type", "application/json");
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		request.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(jsonBody));
		return send(request.build());
	}

	public HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	public URI uri(String path) {
		return base.resolve(path);
	}

	public static JsonNode body(HttpResponse<String> response) {
		try {
			return json.readTree(response.body());
		}
		catch (IOException e) {
			throw new UncheckedIOException("Not JSON: " + response.body(), e);
		}
	}

	/** The problem type of a problem-details response, or {@code null}. */
	public static String problemType(HttpResponse<String> response) {
		String type = response.headers().firstValue("Content-Type").orElse("");
		if (!type.startsWith("application/problem+json") || response.body().isBlank()) {
			return null;
		}
		JsonNode node = body(response).get("type");
		return node == null ? null : node.asText();
	}

}
