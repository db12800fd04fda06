package dev.trellis.activities.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A scripted LLM provider on a local port: it answers requests in order from a script of
 * OpenAI-compatible or Anthropic-compatible responses (streamed as server-sent events, like the real
 * APIs), or error statuses, and records every request it got. The Spring AI clients under test talk
 * to it over real HTTP.
 */
public final class ScriptedProvider implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final MockWebServer server = new MockWebServer();

	private final BlockingQueue<MockResponse> script = new LinkedBlockingQueue<>();

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	public ScriptedProvider() {
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				requests.add(request);
				MockResponse next = script.poll();
				return next != null ? next
						: new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"script exhausted\"}}").build();
			}
		});
		try {
			server.start();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public ScriptedProvider then(MockResponse response) {
		script.add(response);
		return this;
	}

	/** {@code http://127.0.0.1:<port>} */
	public String url() {
		String u = server.url("/").toString();
		return u.substring(0, u.length() - 1);
	}

	public List<RecordedRequest> requests() {
		return List.copyOf(requests);
	}

	/** The JSON body of the n-th request (0-based). */
	public JsonNode body(int n) {
		try {
			return JSON.readTree(requests.get(n).getBody().utf8());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static MockResponse status(int code, String body, String... headers) {
		MockResponse.Builder b = new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body);
		for (int i = 0; i + 1 < headers.length; i += 2) {
			b.addHeader(headers[i], headers[i + 1]);
		}
		return b.build();
	}

	// ---- OpenAI-compatible chat completions, streamed

	public static MockResponse openAiText(String text, int input, int output) {
		List<ObjectNode> chunks = new ArrayList<>();
		int half = text.length() / 2;
		chunks.add(openAiChunk(delta().put("role", "assistant").put("content", text.substring(0, half)), null));
		chunks.add(openAiChunk(delta().put("content", text.substring(half)), null));
		chunks.add(openAiChunk(delta(), "stop"));
		chunks.add(openAiUsage(input, output));
		return sse(chunks, true);
	}

	/** Tool calls: each element is {id, name, argumentsJson}. */
	public static MockResponse openAiToolCalls(int input, int output, String[]... calls) {
		ObjectNode d = delta().put("role", "assistant");
		ArrayNode tc = d.putArray("tool_calls");
		for (int i = 0; i < calls.length; i++) {
			ObjectNode c = tc.addObject().put("index", i).put("id", calls[i][0]).put("type", "function");
			c.putObject("function").put("name", calls[i][1]).put("arguments", calls[i][2]);
		}
		return sse(List.of(openAiChunk(d, null), openAiChunk(delta(), "tool_calls"), openAiUsage(input, output)), true);
	}

	private static ObjectNode delta() {
		return JSON.createObjectNode();
	}

	private static ObjectNode openAiChunk(ObjectNode delta, String finish) {
		ObjectNode c = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk")
			.put("created", 1_700_000_000).put("model", "gpt-stub");
		ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
		choice.set("delta", delta);
		if (finish == null) {
			choice.putNull("finish_reason");
		}
		else {
			choice.put("finish_reason", finish);
		}
		return c;
	}

	private static ObjectNode openAiUsage(int input, int output) {
		ObjectNode c = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk")
			.put("created", 1_700_000_000).put("model", "gpt-stub");
		c.putArray("choices");
		c.putObject("usage").put("prompt_tokens", input).put("completion_tokens", output).put("total_tokens", input + output);
		return c;
	}

	// ---- Anthropic messages, streamed

	public static MockResponse anthropicText(String text, int input, int output) {
		List<String[]> events = new ArrayList<>();
		events.add(anthropicStart(input));
		events.add(new String[] { "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}" });
		events.add(new String[] { "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + quote(text) + "}}" });
		events.add(new String[] { "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}" });
		events.add(anthropicEnd("end_turn", output));
		events.add(new String[] { "message_stop", "{\"type\":\"message_stop\"}" });
		return sseEvents(events);
	}

	public static MockResponse anthropicToolUse(String id, String name, String argumentsJson, int input, int output) {
		List<String[]> events = new ArrayList<>();
		events.add(anthropicStart(input));
		events.add(new String[] { "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":" + quote(id) + ",\"name\":" + quote(name) + ",\"input\":{}}}" });
		events.add(new String[] { "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + quote(argumentsJson) + "}}" });
		events.add(new String[] { "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}" });
		events.add(anthropicEnd("tool_use", output));
		events.add(new String[] { "message_stop", "{\"type\":\"message_stop\"}" });
		return sseEvents(events);
	}

	private static String[] anthropicStart(int input) {
		return new String[] { "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-stub\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + input + ",\"output_tokens\":1}}}" };
	}

	private static String[] anthropicEnd(String reason, int output) {
		return new String[] { "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + reason + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + output + "}}" };
	}

	private static String quote(String s) {
		return JSON.getNodeFactory().textNode(s).toString();
	}

	private static MockResponse sse(List<ObjectNode> chunks, boolean done) {
		StringBuilder body = new StringBuilder();
		chunks.forEach(c -> body.append("data: ").append(c).append("\n\n"));
		if (done) {
			body.append("data: [DONE]\n\n");
		}
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(body.toString()).build();
	}

	private static MockResponse sseEvents(List<String[]> events) {
		StringBuilder body = new StringBuilder();
		events.forEach(e -> body.append("event: ").append(e[0]).append("\ndata: ").append(e[1]).append("\n\n"));
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(body.toString()).build();
	}

	@Override
	public void close() {
		server.close();
	}

}
