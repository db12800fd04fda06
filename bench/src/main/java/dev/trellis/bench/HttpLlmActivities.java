package dev.trellis.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.trellis.workflows.api.ChatMessage;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.LlmActivities;
import dev.trellis.workflows.api.LlmRequest;
import dev.trellis.workflows.api.LlmResponse;
import dev.trellis.workflows.api.TokenUsage;
import dev.trellis.workflows.api.ToolInvocation;
import dev.trellis.workflows.api.ToolSpec;
import io.temporal.failure.ApplicationFailure;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A model call the way a provider adapter makes one: an OpenAI chat-completions request over HTTP on
 * a blocking client, so the activity thread really waits on a socket for the stub's latency. That
 * wait is what a thousand concurrent agents cost a worker (a slot and a thread each), and it is what
 * virtual threads are meant to make cheap. It also counts calls in flight, for the scenario to know
 * when every run is parked on a model call.
 */
final class HttpLlmActivities implements LlmActivities, AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final MediaType JSON_TYPE = MediaType.get("application/json");

	private final OkHttpClient http;

	private final String url;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final AtomicLong calls = new AtomicLong();

	HttpLlmActivities(String baseUrl) {
		this.url = baseUrl + "/v1/chat/completions";
		// One pooled connection per concurrent call, kept between the calls of a run, as a long-lived
		// worker's client would keep them; OkHttp's default keeps only five idle connections.
		this.http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(4096, 5, TimeUnit.MINUTES))
			.readTimeout(Duration.ofSeconds(60))
			.build();
	}

	@Override
	public LlmResponse chat(LlmRequest request) {
		calls.incrementAndGet();
		maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
		Request call = new Request.Builder().url(url).post(RequestBody.create(body(request).toString(), JSON_TYPE))
			.build();
		try (Response response = http.newCall(call).execute()) {
			String text = response.body().string();
			if (!response.isSuccessful()) {
				throw ApplicationFailure.newFailure("Stub answered " + response.code() + ": " + text,
						FailureTypes.PROVIDER_UNAVAILABLE);
			}
			return parse(JSON.readTree(text));
		}
		catch (IOException e) {
			throw ApplicationFailure.newFailure("Stub unreachable: " + e.getMessage(), FailureTypes.PROVIDER_UNAVAILABLE);
		}
		finally {
			inFlight.decrementAndGet();
		}
	}

	/** Closes the pooled connections, so the stub does not keep a thread for each into the next variant. */
	@Override
	public void close() {
		http.connectionPool().evictAll();
		http.dispatcher().executorService().shutdown();
	}

	int inFlight() {
		return inFlight.get();
	}

	int maxInFlight() {
		return maxInFlight.get();
	}

	long calls() {
		return calls.get();
	}

	private static ObjectNode body(LlmRequest request) {
		ObjectNode body = JSON.createObjectNode().put("model", request.model().spec().path("model").asText("stub"));
		ArrayNode messages = body.putArray("messages");
		for (ChatMessage m : request.messages()) {
			ObjectNode message = messages.addObject().put("role", m.role()).put("content", m.content());
			for (ToolInvocation invocation : m.toolCalls()) {
				ObjectNode toolCall = message.withArray("tool_calls").addObject().put("id", invocation.id())
					.put("type", "function");
				toolCall.putObject("function").put("name", invocation.name())
					.put("arguments", String.valueOf(invocation.arguments()));
			}
			if (m.toolCallId() != null) {
				message.put("tool_call_id", m.toolCallId());
			}
		}
		ArrayNode tools = body.putArray("tools");
		for (ToolSpec spec : request.tools()) {
			ObjectNode function = tools.addObject().put("type", "function").putObject("function")
				.put("name", spec.name())
				.put("description", spec.description());
			function.set("parameters", spec.parameters());
		}
		return body;
	}

	private static LlmResponse parse(JsonNode reply) {
		JsonNode choice = reply.path("choices").path(0);
		JsonNode message = choice.path("message");
		List<ToolInvocation> invocations = new ArrayList<>();
		for (JsonNode call : message.path("tool_calls")) {
			String arguments = call.path("function").path("arguments").asText("{}");
			JsonNode parsed;
			try {
				parsed = JSON.readTree(arguments);
			}
			catch (IOException e) {
				parsed = TextNode.valueOf(arguments);
			}
			invocations.add(new ToolInvocation(call.path("id").asText(null), call.path("function").path("name").asText(),
					parsed));
		}
		JsonNode usage = reply.path("usage");
		return new LlmResponse(message.path("content").isNull() ? "" : message.path("content").asText(""),
				invocations, new TokenUsage(usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong(),
						0),
				reply.path("model").asText(), choice.path("finish_reason").asText());
	}

}
