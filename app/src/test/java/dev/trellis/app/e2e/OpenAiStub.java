package dev.trellis.app.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * An OpenAI-compatible chat completions endpoint on a local port, streamed as server-sent events
 * like the real API, that counts the calls: the count is how an end-to-end test proves that a
 * finished agent step was not paid for twice. It answers every request with the same text, follows
 * a script that sees each request's JSON body, or ({@link #answering}) answers the last user
 * message in a way a browser test can steer through what a user types.
 *
 * <p>
 * Whatever the script, an API key containing {@link #REVOKED_KEY_WORD} is refused with 401 (as a
 * provider refuses a revoked key, so a run fails until the secret is fixed), and
 * {@code GET /stub/calls} answers {@code {"completions": n, "refused": m}} for tests running in
 * other processes.
 *
 * <pre>{@code
 * try (OpenAiStub llm = new OpenAiStub("fixed text")) { model.baseUrl = llm.baseUrl(); ... }
 * }</pre>
 */
final class OpenAiStub implements AutoCloseable {

	/** With {@link #answering}, a prompt whose first line contains this word is answered slowly. */
	static final String SLOW_WORD = "slowly";

	/** A bearer key containing this word is refused with 401. */
	static final String REVOKED_KEY_WORD = "revoked";

	private static final ObjectMapper JSON = new ObjectMapper();

	/** A slow answer trickles out in this many steps of {@link #SLOW_PERIOD_MILLIS}: about four seconds. */
	private static final int SLOW_STEPS = 16;

	private static final long SLOW_PERIOD_MILLIS = 250;

	private final MockWebServer server = new MockWebServer();

	private final AtomicInteger completions = new AtomicInteger();

	private final AtomicInteger refused = new AtomicInteger();

	OpenAiStub(String answer) {
		this(request -> text(answer));
	}

	/**
	 * @param script turns a chat completion request's body into the reply; other paths get 404 and
	 * requests to this server's other paths are not counted
	 */
	OpenAiStub(Function<JsonNode, MockResponse> script) {
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return OpenAiStub.this.dispatch(request, script);
			}
		});
		try {
			server.start();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * Answers with {@code answer} applied to the last user message: streamed when the request asks
	 * to stream, one JSON body otherwise, and over a few seconds when the message's first line
	 * contains {@link #SLOW_WORD} (time to pause a run while the node is in flight; only the first
	 * line, so a downstream node quoting that answer is not slowed too).
	 */
	static OpenAiStub answering(UnaryOperator<String> answer) {
		return new OpenAiStub(body -> {
			String prompt = lastUserMessage(body);
			String text = answer.apply(prompt);
			if (!body.path("stream").asBoolean(false)) {
				return json(200, whole(text).toString());
			}
			String events = textEvents(text);
			MockResponse.Builder response = eventStream(events);
			if (prompt.strip().lines().findFirst().orElse("").contains(SLOW_WORD)) {
				long bytesPerStep = Math.max(1, events.getBytes(StandardCharsets.UTF_8).length / SLOW_STEPS);
				response.throttleBody(bytesPerStep, SLOW_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
			}
			return response.build();
		});
	}

	/** The base URL a model entity names: {@code http://127.0.0.1:<port>/v1}. */
	String baseUrl() {
		return "http://127.0.0.1:" + server.getPort() + "/v1";
	}

	/** Chat completion requests answered so far (refused ones not included). */
	int completions() {
		return completions.get();
	}

	/** Requests refused because of a revoked key. */
	int refused() {
		return refused.get();
	}

	/** A streamed final answer, in word-sized deltas like a real provider's. */
	static MockResponse text(String text) {
		return eventStream(textEvents(text)).build();
	}

	/** A streamed reply that asks for one tool call. */
	static MockResponse toolCall(String id, String name, String argumentsJson) {
		ObjectNode first = chunk();
		ObjectNode call = first.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
			.putObject("delta").put("role", "assistant").putArray("tool_calls").addObject()
			.put("index", 0).put("id", id).put("type", "function");
		call.putObject("function").put("name", name).put("arguments", argumentsJson);
		return eventStream(events(List.of(first), "tool_calls", 5)).build();
	}

	private static String textEvents(String text) {
		List<ObjectNode> deltas = new ArrayList<>();
		for (String word : text.split("(?<= )")) {
			ObjectNode delta = chunk();
			ObjectNode d = delta.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
				.putObject("delta");
			if (deltas.isEmpty()) {
				d.put("role", "assistant");
			}
			d.put("content", word);
			deltas.add(delta);
		}
		return events(deltas, "stop", outputTokens(text));
	}

	private MockResponse dispatch(RecordedRequest request, Function<JsonNode, MockResponse> script) {
		String path = request.getUrl().encodedPath();
		if (path.equals("/stub/calls")) {
			return json(200, JSON.createObjectNode().put("completions", completions.get())
				.put("refused", refused.get()).toString());
		}
		if (!path.endsWith("/chat/completions")) {
			return new MockResponse.Builder().code(404).build();
		}
		String authorization = request.getHeaders().get("Authorization");
		if (authorization != null && authorization.contains(REVOKED_KEY_WORD)) {
			refused.incrementAndGet();
			return json(401, "{\"error\":{\"message\":\"Incorrect API key provided.\","
					+ "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
		}
		completions.incrementAndGet();
		try {
			return script.apply(JSON.readTree(request.getBody().utf8()));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Server-sent events: the deltas, the finish chunk and the usage chunk the app reads tokens from. */
	private static String events(List<ObjectNode> deltas, String finishReason, int outputTokens) {
		ObjectNode stop = chunk();
		stop.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason).putObject("delta");
		ObjectNode usage = chunk();
		usage.putArray("choices");
		usage.set("usage", usage(outputTokens));
		StringBuilder body = new StringBuilder();
		List<ObjectNode> chunks = new ArrayList<>(deltas);
		chunks.add(stop);
		chunks.add(usage);
		for (ObjectNode c : chunks) {
			body.append("data: ").append(c).append("\n\n");
		}
		body.append("data: [DONE]\n\n");
		return body.toString();
	}

	private static MockResponse.Builder eventStream(String events) {
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(events);
	}

	private static String lastUserMessage(JsonNode body) {
		String last = "";
		for (JsonNode message : body.path("messages")) {
			if ("user".equals(message.path("role").asText())) {
				JsonNode content = message.path("content");
				// Content is a string, or an array of parts when a client sends multi-part messages.
				last = content.isTextual() ? content.asText() : String.join("", content.findValuesAsText("text"));
			}
		}
		return last;
	}

	private static ObjectNode whole(String text) {
		ObjectNode completion = JSON.createObjectNode()
			.put("id", "chatcmpl-stub")
			.put("object", "chat.completion")
			.put("created", 1_700_000_000)
			.put("model", "gpt-stub");
		completion.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("message")
			.put("role", "assistant").put("content", text);
		completion.set("usage", usage(outputTokens(text)));
		return completion;
	}

	private static int outputTokens(String text) {
		return text.isBlank() ? 0 : text.strip().split("\\s+").length;
	}

	private static ObjectNode usage(int output) {
		return JSON.createObjectNode().put("prompt_tokens", 20).put("completion_tokens", output)
			.put("total_tokens", 20 + output);
	}

	private static ObjectNode chunk() {
		return JSON.createObjectNode()
			.put("id", "chatcmpl-stub")
			.put("object", "chat.completion.chunk")
			.put("created", 1_700_000_000)
			.put("model", "gpt-stub");
	}

	private static MockResponse json(int status, String body) {
		return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
	}

	@Override
	public void close() {
		server.close();
	}

}
