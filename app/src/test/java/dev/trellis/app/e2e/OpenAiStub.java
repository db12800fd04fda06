package dev.trellis.app.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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
 * finished agent step was not paid for twice. It answers every request with the same text, or
 * follows a script that sees each request's JSON body.
 */
final class OpenAiStub implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final MockWebServer server = new MockWebServer();

	private final AtomicInteger completions = new AtomicInteger();

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
				if (!request.getUrl().encodedPath().endsWith("/chat/completions")) {
					return new MockResponse.Builder().code(404).build();
				}
				completions.incrementAndGet();
				try {
					return script.apply(JSON.readTree(request.getBody().utf8()));
				}
				catch (IOException e) {
					throw new UncheckedIOException(e);
				}
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

	/** Chat completion requests received so far. */
	int completions() {
		return completions.get();
	}

	/** A streamed final answer. */
	static MockResponse text(String text) {
		ObjectNode first = chunk();
		first.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta")
			.put("role", "assistant").put("content", text);
		return streamed(first, "stop");
	}

	/** A streamed reply that asks for one tool call. */
	static MockResponse toolCall(String id, String name, String argumentsJson) {
		ObjectNode first = chunk();
		ObjectNode call = first.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
			.putObject("delta").put("role", "assistant").putArray("tool_calls").addObject()
			.put("index", 0).put("id", id).put("type", "function");
		call.putObject("function").put("name", name).put("arguments", argumentsJson);
		return streamed(first, "tool_calls");
	}

	private static MockResponse streamed(ObjectNode first, String finishReason) {
		ObjectNode stop = chunk();
		stop.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason).putObject("delta");
		ObjectNode usage = chunk();
		usage.putArray("choices");
		usage.putObject("usage").put("prompt_tokens", 20).put("completion_tokens", 5).put("total_tokens", 25);
		StringBuilder body = new StringBuilder();
		for (ObjectNode c : List.of(first, stop, usage)) {
			body.append("data: ").append(c).append("\n\n");
		}
		body.append("data: [DONE]\n\n");
		return new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "text/event-stream")
			.body(body.toString())
			.build();
	}

	private static ObjectNode chunk() {
		return JSON.createObjectNode()
			.put("id", "chatcmpl-durable")
			.put("object", "chat.completion.chunk")
			.put("created", 1_700_000_000)
			.put("model", "gpt-stub");
	}

	@Override
	public void close() {
		server.close();
	}

}
