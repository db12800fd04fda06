package dev.trellis.activities.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Shapes an HTTP response as tool output: status, content type, body (parsed when it is JSON), truncation. */
final class HttpResponses {

	private static final ObjectMapper JSON = new ObjectMapper();

	private HttpResponses() {
	}

	static JsonNode toOutput(HttpFetcher.Response response) {
		ObjectNode out = JSON.createObjectNode().put("status", response.status()).put("contentType", response.contentType());
		JsonNode body = null;
		if (!response.truncated() && response.contentType().toLowerCase().contains("json")) {
			try {
				body = JSON.readTree(response.body());
			}
			catch (Exception e) {
				// Declared JSON but is not: the text is still useful to the model.
			}
		}
		if (body != null) {
			out.set("body", body);
		}
		else {
			out.put("body", response.body());
		}
		if (response.truncated()) {
			out.put("truncated", true);
		}
		return out;
	}

}
