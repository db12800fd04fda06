package dev.trellis.activities.llm;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.trellis.activities.events.AgentEventSink;
import dev.trellis.activities.events.CallEvents;
import dev.trellis.activities.guardrails.OutputGuard;
import dev.trellis.activities.guardrails.PiiMapping;
import dev.trellis.activities.guardrails.PiiMasker;
import dev.trellis.activities.resilience.BreakerKeys;
import dev.trellis.activities.resilience.CircuitBreakers;
import dev.trellis.activities.secrets.SecretReferences;
import dev.trellis.activities.secrets.SecretResolver;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.LlmActivities;
import dev.trellis.workflows.api.LlmRequest;
import dev.trellis.workflows.api.LlmResponse;
import dev.trellis.workflows.api.TokenUsage;
import dev.trellis.workflows.api.ToolInvocation;
import dev.trellis.workflows.api.ToolSpec;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * One model call as a Temporal activity, on a Spring AI chat model built from the pinned model
 * entity. The API key is resolved here, for this call only. The reply is streamed: deltas go to the
 * run's event stream as {@code llm.delta}, and only the final message is returned into history.
 * Personal data is masked before it leaves for an external provider and unmasked in the reply.
 */
public class LlmActivitiesImpl implements LlmActivities {

	private static final Logger log = LoggerFactory.getLogger(LlmActivitiesImpl.class);

	private static final ObjectMapper JSON = new ObjectMapper();

	/** What the previous attempt failed with, carried to the next attempt in the heartbeat details. */
	public record AttemptNote(String error) {
	}

	private final ChatModelFactory models;

	private final SecretResolver secrets;

	private final AgentEventSink sink;

	private final PiiMasker masker;

	private final Heartbeater heartbeater;

	private final LlmProperties properties;

	private final Clock clock;

	private final CircuitBreakers breakers;

	private final OutputGuard outputGuard;

	LlmActivitiesImpl(ChatModelFactory models, SecretResolver secrets, AgentEventSink sink, PiiMasker masker,
			Heartbeater heartbeater, LlmProperties properties, Clock clock, CircuitBreakers breakers,
			OutputGuard outputGuard) {
		this.models = models;
		this.secrets = secrets;
		this.sink = sink;
		this.masker = masker;
		this.heartbeater = heartbeater;
		this.properties = properties;
		this.clock = clock;
		this.breakers = breakers;
		this.outputGuard = outputGuard;
	}

	@Override
	public LlmResponse chat(LlmRequest request) {
		ActivityExecutionContext context = Activity.getExecutionContext();
		int attempt = context.getInfo().getAttempt();
		CallEvents events = new CallEvents(sink, clock, request.runId(), request.nodeId(), request.callId(), attempt);
		ModelSpec spec = ModelSpec.of(request.model());
		if (attempt > 1) {
			String previous = context.getHeartbeatDetails(AttemptNote.class).map(AttemptNote::error).orElse(null);
			events.emit("node.retrying", CallEvents.data()
				.put("attempt", attempt)
				.put("call", "llm")
				.put("step", request.step())
				.put("error", previous));
		}
		PiiMapping mapping = new PiiMapping();
		UnaryOperator<String> outgoing = request.maskPii() && !spec.isLocal()
				? t -> masker.mask(t, mapping, request.pii())
				: UnaryOperator.identity();
		var messages = MessageMapping.toSpringAi(request.messages(), outgoing);
		String lastMessage = messages.isEmpty() ? "" : messages.get(messages.size() - 1).getText();
		events.emit("llm.request", requestData(request, spec, lastMessage, mapping));

		String apiKey = null;
		long started = System.nanoTime();
		StreamAggregate reply = new StreamAggregate();
		DeltaPublisher deltas = new DeltaPublisher(events, properties.deltaFlushChars(), properties.deltaFlushInterval());
		try (Heartbeater.Beat beat = heartbeater.start(context)) {
			if (spec.apiKeyRef() != null) {
				apiKey = SecretReferences.resolveAll(spec.apiKeyRef(), secrets);
			}
			ChatModelFactory.Prepared prepared = models.create(spec, apiKey, request.tools());
			breakers.call(BreakerKeys.provider(spec.provider(), spec.baseUrl()), () -> prepared.model()
				.stream(new Prompt(messages, prepared.options()))
				.timeout(properties.idleTimeout())
				.takeWhile(chunk -> !beat.cancelled())
				.doOnNext(chunk -> deltas.add(reply.add(chunk)))
				.blockLast(), e -> isOutage(e, spec));
			deltas.flush();
			if (beat.cancelled()) {
				throw ApplicationFailure.newFailure("model call cancelled by Temporal", "Cancelled");
			}
		}
		catch (ApplicationFailure f) {
			throw f;
		}
		catch (RuntimeException e) {
			deltas.flush();
			ApplicationFailure failure = ProviderFailures.classify(e, spec, apiKey, clock);
			log.warn("Model call {} of run {} failed (attempt {}): {}", request.callId(), request.runId(), attempt,
					failure.getOriginalMessage());
			// Recorded with the failure, so the next attempt can say what it is retrying after.
			context.heartbeat(new AttemptNote(failure.getOriginalMessage()));
			throw failure;
		}

		String content = mapping.unmask(reply.text());
		List<ToolInvocation> calls = new ArrayList<>();
		int index = 0;
		for (AssistantMessage.ToolCall call : reply.toolCalls()) {
			String id = call.id() != null && !call.id().isBlank() ? call.id()
					: "call_" + request.step() + "_" + index;
			calls.add(new ToolInvocation(id, call.name(), arguments(mapping.unmask(call.arguments()))));
			index++;
		}
		// Checked here, on the unmasked answer, so the verdict is recorded with the reply and a replay
		// of the agent loop decides the same way.
		List<String> outputProblems = calls.isEmpty() ? outputGuard.check(request.output(), content) : List.of();
		TokenUsage usage = spec.usage(reply.inputTokens(), reply.outputTokens());
		String model = reply.model() != null ? reply.model() : spec.model();
		long millis = (System.nanoTime() - started) / 1_000_000;
		ObjectNode data = CallEvents.data().put("model", model).put("provider", spec.provider()).put("step", request.step());
		data.putObject("tokens").put("input", usage.input()).put("output", usage.output());
		data.put("costUsd", usage.costUsd())
			.put("finishReason", reply.finishReason())
			.put("durationMs", millis)
			.put("content", preview(content))
			.put("deltas", deltas.published());
		ArrayNode names = data.putArray("toolCalls");
		calls.forEach(c -> names.add(c.name()));
		if (!outputProblems.isEmpty()) {
			ArrayNode problems = data.putArray("outputProblems");
			outputProblems.forEach(problems::add);
		}
		if (reply.tokensPerSecond() != null) {
			data.put("tokensPerSecond", reply.tokensPerSecond());
		}
		events.emit("llm.response", data);
		return new LlmResponse(content, calls, usage, model, reply.finishReason(), outputProblems);
	}

	/** Only an endpoint that is down or unreachable trips its breaker; a refused request does not. */
	private boolean isOutage(RuntimeException e, ModelSpec spec) {
		return FailureTypes.PROVIDER_UNAVAILABLE.equals(ProviderFailures.classify(e, spec, null, clock).getType());
	}

	private static ObjectNode requestData(LlmRequest request, ModelSpec spec, String lastMessage, PiiMapping mapping) {
		ObjectNode data = CallEvents.data()
			.put("model", spec.model())
			.put("provider", spec.provider())
			.put("modelEntity", spec.entity())
			.put("step", request.step())
			.put("messages", request.messages().size())
			.put("lastMessage", preview(lastMessage))
			.put("piiMasked", mapping.size());
		ArrayNode tools = data.putArray("tools");
		for (ToolSpec t : request.tools()) {
			tools.add(t.name());
		}
		return data;
	}

	/** The model's argument text as JSON; text that is not JSON stays text, for the tool activity to explain. */
	private static JsonNode arguments(String text) {
		if (text == null || text.isBlank()) {
			return JSON.createObjectNode();
		}
		try {
			return JSON.readTree(text);
		}
		catch (Exception e) {
			return TextNode.valueOf(text);
		}
	}

	private static String preview(String text) {
		if (text == null) {
			return "";
		}
		return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
	}

}
