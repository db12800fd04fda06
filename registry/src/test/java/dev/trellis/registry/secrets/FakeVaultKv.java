package dev.trellis.registry.secrets;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-process stand-in for Vault's KV version 2 HTTP API (the endpoints the Vault store uses),
 * following Vault's documented request and response shapes. No Vault binary can be installed here;
 * the store is tested against the wire protocol instead.
 */
final class FakeVaultKv implements AutoCloseable {

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpServer server;

	private final String token;

	private final String mount;

	private final Map<String, Entry> entries = new TreeMap<>();

	/** Every request line seen, to assert what travelled over the wire. */
	final List<String> requests = new CopyOnWriteArrayList<>();

	/** Every request body seen. */
	final List<String> bodies = new CopyOnWriteArrayList<>();

	private static final class Entry {

		final Instant created = Instant.now();

		Instant updated = created;

		final List<Map<String, Object>> versions = new ArrayList<>();

		Map<String, String> customMetadata = Map.of();

	}

	FakeVaultKv(String token, String mount) throws IOException {
		this.token = token;
		this.mount = mount;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/v1/", this::handle);
		server.start();
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
	}

	@Override
	public void close() {
		server.stop(0);
	}

	private synchronized void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		String query = exchange.getRequestURI().getQuery();
		requests.add(method + " " + path + (query == null ? "" : "?" + query));
		bodies.add(body);
		if (!token.equals(exchange.getRequestHeaders().getFirst("X-Vault-Token"))) {
			respond(exchange, 403, Map.of("errors", List.of("permission denied")));
			return;
		}
		String dataPrefix = "/v1/" + mount + "/data/";
		String metadataPrefix = "/v1/" + mount + "/metadata/";
		boolean list = "LIST".equals(method) || (query != null && query.contains("list=true"));
		if (path.startsWith(dataPrefix)) {
			data(exchange, method, path.substring(dataPrefix.length()), body);
		}
		else if (path.startsWith(metadataPrefix) && list) {
			list(exchange, path.substring(metadataPrefix.length()));
		}
		else if (path.startsWith(metadataPrefix)) {
			metadata(exchange, method, path.substring(metadataPrefix.length()), body);
		}
		else {
			respond(exchange, 404, Map.of("errors", List.of()));
		}
	}

	private void data(HttpExchange exchange, String method, String key, String body) throws IOException {
		Entry entry = entries.get(key);
		switch (method) {
			case "POST", "PUT" -> {
				JsonNode request = json.readTree(body);
				if (entry == null) {
					entry = new Entry();
					entries.put(key, entry);
				}
				entry.updated = Instant.now();
				entry.versions.add(json.convertValue(request.get("data"), Map.class));
				respond(exchange, 200, Map.of("data", versionMetadata(entry, entry.versions.size())));
			}
			case "GET" -> {
				if (entry == null) {
					respond(exchange, 404, Map.of("errors", List.of()));
					return;
				}
				int version = entry.versions.size();
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("data", entry.versions.get(version - 1));
				data.put("metadata", versionMetadata(entry, version));
				respond(exchange, 200, Map.of("data", data));
			}
			default -> respond(exchange, 405, Map.of("errors", List.of("unsupported")));
		}
	}

	private void metadata(HttpExchange exchange, String method, String key, String body) throws IOException {
		Entry entry = entries.get(key);
		switch (method) {
			case "GET" -> {
				if (entry == null) {
					respond(exchange, 404, Map.of("errors", List.of()));
					return;
				}
				Map<String, Object> versions = new LinkedHashMap<>();
				for (int v = 1; v <= entry.versions.size(); v++) {
					versions.put(String.valueOf(v), Map.of("created_time", entry.updated.toString(), "deletion_time",
							"", "destroyed", false));
				}
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("cas_required", false);
				data.put("created_time", entry.created.toString());
				data.put("current_version", entry.versions.size());
				data.put("custom_metadata", entry.customMetadata);
				data.put("delete_version_after", "0s");
				data.put("max_versions", 0);
				data.put("oldest_version", 1);
				data.put("updated_time", entry.updated.toString());
				data.put("versions", versions);
				respond(exchange, 200, Map.of("data", data));
			}
			case "POST", "PUT" -> {
				if (entry != null) {
					JsonNode custom = json.readTree(body).get("custom_metadata");
					entry.customMetadata = custom == null || custom.isNull() ? Map.of()
							: json.convertValue(custom, Map.class);
				}
				respond(exchange, 204, null);
			}
			case "DELETE" -> {
				entries.remove(key);
				respond(exchange, 204, null);
			}
			default -> respond(exchange, 405, Map.of("errors", List.of("unsupported")));
		}
	}

	private void list(HttpExchange exchange, String folder) throws IOException {
		String prefix = folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/";
		List<String> keys = new ArrayList<>();
		for (String key : entries.keySet()) {
			if (key.startsWith(prefix)) {
				String rest = key.substring(prefix.length());
				String child = rest.contains("/") ? rest.substring(0, rest.indexOf('/') + 1) : rest;
				if (!keys.contains(child)) {
					keys.add(child);
				}
			}
		}
		if (keys.isEmpty()) {
			respond(exchange, 404, Map.of("errors", List.of()));
			return;
		}
		respond(exchange, 200, Map.of("data", Map.of("keys", keys)));
	}

	private static Map<String, Object> versionMetadata(Entry entry, int version) {
		return Map.of("created_time", entry.updated.toString(), "deletion_time", "", "destroyed", false, "version",
				version);
	}

	private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
		if (body == null) {
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
			return;
		}
		byte[] bytes = json.writeValueAsBytes(body);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
