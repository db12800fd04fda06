package dev.trellis.app.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * An OpenAI-compatible chat completions endpoint on a local port, and the call counter an
 * end-to-end test uses to prove that a finished agent step was not paid for twice.
 *
 * <p>
 * Every answer is deterministic, so a browser test can steer it through what a user types:
 * <ul>
 * <li>the reply is {@code answer} applied to the last user message, streamed as server-sent events
 * in word-sized deltas like the real API (or one JSON body when the request does not ask to
 * stream);</li>
 * <li>a last user message whose first line contains {@link #SLOW_WORD} is streamed over a few
 * seconds, which leaves time to pause a run while the node is in flight (only the first line, so
 * a downstream node quoting that answer is not slowed too);</li>
 * <li>an API key containing {@link #REVOKED_KEY_WORD} is refused with 401, as a provider refuses a
 * revoked key, so a run fails until the secret is fixed.</li>
 * </ul>
 * {@code GET /stub/calls} answers {@code {"completions": n}} for tests in other processes.
 *
 * <pre>{@code
 * try (OpenAiStub llm = new OpenAiStub("fixed text")) { model.baseUrl = llm.baseUrl(); ... }
 * }</pre>
 */
final class OpenAiStub implements AutoCloseable {

	/** A user message containing this word is answered slowly. */
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

	private final UnaryOperator<String> answer;

	/** Answers every request with the same text. */
	OpenAiStub(String answer) {
		this(prompt -> answer);
	}

	/** Answers with a function of the last user message. */
	OpenAiStub(UnaryOperator<String> answer) {
		this.answer = answer;
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return OpenAiStub.this.dispatch(request);
			}
		});
		try {
			server.start();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
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

	private MockResponse dispatch(RecordedRequest request) {
		String path = request.getUrl().encodedPath();
		if (path.equals("/stub/calls")) {
			ObjectNode counts = JSON.createObjectNode().put("completions", completions.get())
				.put("refused", refused.get());
			return json(200, counts.toString());
		}
		if (!path.endsWith("/chat/completions")) {
			return new MockResponse.Builder().code(404).build();
		}
		String authorization = request.getHeaders().get("Authorization");
		if (authorization != null && authorization.contains(REVOKED_KEY_WORD)) {
			refused.incrementAndGet();
			return json(401, "{\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":\"invalid_request_error\","
					+ "\"code\":\"invalid_api_key\"}}");
		}
		completions.incrementAndGet();
		JsonNode body = readBody(request);
		String prompt = lastUserMessage(body);
		String text = answer.apply(prompt);
		if (!body.path("stream").asBoolean(false)) {
			return json(200, whole(text).toString());
		}
		String events = streamed(text);
		MockResponse.Builder response = new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "text/event-stream")
			.body(events);
		if (prompt.strip().lines().findFirst().orElse("").contains(SLOW_WORD)) {
			long bytesPerStep = Math.max(1, events.getBytes(StandardCharsets.UTF_8).length / SLOW_STEPS);
			response.throttleBody(bytesPerStep, SLOW_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
		}
		return response.build();
	}

	private static JsonNode readBody(RecordedRequest request) {
		try {
			return request.getBody() == null ? JSON.createObjectNode() : JSON.readTree(request.getBody().utf8());
		}
		catch (IOException e) {
			return JSON.createObjectNode();
		}
	}

	private static String lastUserMessage(JsonNode body) {
		String last = "";
		for (JsonNode message : body.path("messages")) {
			if ("user".equals(message.path("role").asText())) {
				JsonNode content = message.path("content");
				// Content is a string, or an array of parts when a client sends multi-part messages.
				last = content.isTextual() ? content.asText() : content.findValuesAsText("text").toString();
			}
		}
		return last;
	}

	/** Word-sized deltas, then the stop chunk and the usage chunk the app reads tokens from. */
	private static String streamed(String text) {
		StringBuilder body = new StringBuilder();
		String[] words = text.split("(?<= )");
		for (int i = 0; i < words.length; i++) {
			ObjectNode delta = chunk();
			ObjectNode d = delta.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
				.putObject("delta");
			if (i == 0) {
				d.put("role", "assistant");
			}
			d.put("content", words[i]);
			body.append("data: ").append(delta).append("\n\n");
		}
		ObjectNode stop = chunk();
		stop.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
		ObjectNode usage = chunk();
		usage.putArray("choices");
		usage.set("usage", usage(text));
		body.append("data: ").append(stop).append("\n\n");
		body.append("data: ").append(usage).append("\n\n");
		body.append("data: [DONE]\n\n");
		return body.toString();
	}

	private static ObjectNode whole(String text) {
		ObjectNode completion = JSON.createObjectNode()
			.put("id", "chatcmpl-stub")
			.put("object", "chat.completion")
			.put("created", 1_700_000_000)
			.put("model", "gpt-stub");
		completion.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("message")
			.put("role", "assistant").put("content", text);
		completion.set("usage", usage(text));
		return completion;
	}

	private static ObjectNode usage(String text) {
		int output = text.split("\\s+").length;
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
