package dev.trellis.activities.tools;

import dev.trellis.pipeline.Durations;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.activities.events.AgentEventSink;
import dev.trellis.activities.events.CallEvents;
import dev.trellis.activities.resilience.BreakerKeys;
import dev.trellis.activities.resilience.CircuitBreakers;
import dev.trellis.workflows.api.ErrorInfo;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.Limits;
import dev.trellis.workflows.api.ToolActivities;
import dev.trellis.workflows.api.ToolCall;
import dev.trellis.workflows.api.ToolResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;

/**
 * One tool call as a Temporal activity: validates the arguments against the tool's JSON schema,
 * runs the implementation the pinned entity names ({@code builtin:<id>}, {@code http} or
 * {@code mcp}), sanitises the output and keeps outputs too big for history in PostgreSQL.
 *
 * <p>A call the model can correct (unknown arguments, a refused path or host, a tool that is not
 * configured) returns a {@link ToolResult} with an error instead of failing, so the agent passes
 * the message back to the model. Failures that a retry may fix (network, I/O) throw a retryable
 * {@code ToolFailed}.
 */
public class ToolActivitiesImpl implements ToolActivities {

	static final int PREVIEW_CHARS = 2048;

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Map<String, BuiltinTool> builtins;

	private final HttpToolRunner httpTools;

	private final McpToolRunner mcpTools;

	private final ArgumentValidator validator;

	private final OutputSanitizer sanitizer;

	private final BlobStore blobs;

	private final AgentEventSink sink;

	private final Clock clock;

	private final CircuitBreakers breakers;

	ToolActivitiesImpl(List<BuiltinTool> builtins, HttpToolRunner httpTools, McpToolRunner mcpTools,
			ArgumentValidator validator, OutputSanitizer sanitizer, BlobStore blobs, AgentEventSink sink, Clock clock,
			CircuitBreakers breakers) {
		this.builtins = builtins.stream().collect(Collectors.toUnmodifiableMap(BuiltinTool::id, Function.identity()));
		this.httpTools = httpTools;
		this.mcpTools = mcpTools;
		this.validator = validator;
		this.sanitizer = sanitizer;
		this.blobs = blobs;
		this.sink = sink;
		this.clock = clock;
		this.breakers = breakers;
	}

	@Override
	public ToolResult execute(ToolCall call) {
		ActivityExecutionContext context = Activity.getExecutionContext();
		int attempt = context.getInfo().getAttempt();
		String toolName = call.tool().name();
		CallEvents events = new CallEvents(sink, clock, call.runId(), call.nodeId(), call.callId(), attempt);
		if (attempt > 1) {
			events.emit("node.retrying", CallEvents.data().put("attempt", attempt).put("call", "tool").put("tool", toolName));
		}
		ObjectNode callData = CallEvents.data().put("tool", toolName).put("version", call.tool().version()).put("callId",
				call.callId());
		callData.set("arguments", call.arguments());
		events.emit("tool.call", callData);

		long started = System.nanoTime();
		// Refusals come back as results, so only thrown failures (network, I/O) count against the tool.
		ToolResult result = breakers.call(BreakerKeys.tool(toolName), () -> run(call, attempt));
		ObjectNode resultData = CallEvents.data().put("tool", toolName).put("callId", call.callId()).put("durationMs",
				(System.nanoTime() - started) / 1_000_000);
		if (result.error() != null) {
			resultData.putObject("error").put("type", result.error().type()).put("message", result.error().message());
		}
		else {
			String text = result.output() == null ? "" : result.output().isTextual() ? result.output().asText()
					: result.output().toString();
			resultData.put("output", text.length() > PREVIEW_CHARS ? text.substring(0, PREVIEW_CHARS) + "…" : text);
		}
		events.emit("tool.result", resultData);
		return result;
	}

	private ToolResult run(ToolCall call, int attempt) {
		JsonNode spec = call.tool().spec();
		List<String> problems = validator.validate(spec.path("parameters"), call.arguments());
		if (!problems.isEmpty()) {
			return refused(attempt, "InvalidArguments", "The arguments for tool '" + call.tool().name()
					+ "' do not match its parameters: " + String.join("; ", problems) + ". Expected schema: "
					+ spec.path("parameters") + ". Call it again with corrected arguments.");
		}
		Duration timeout = Durations.parseOr(spec.path("timeout").asText(null), DEFAULT_TIMEOUT);
		JsonNode output;
		try {
			output = implementation(call, spec, timeout);
		}
		catch (ToolRefusal r) {
			return refused(attempt, r.type(), OutputSanitizer.strip(r.getMessage()));
		}
		return new ToolResult(storeOrLimit(call, sanitizer.clean(output)), null, attempt);
	}

	private JsonNode implementation(ToolCall call, JsonNode spec, Duration timeout) {
		JsonNode impl = spec.path("implementation");
		if (impl.isTextual() && impl.asText().startsWith("builtin:")) {
			String id = impl.asText().substring("builtin:".length());
			BuiltinTool tool = builtins.get(id);
			if (tool == null) {
				throw nonRetryable("tool '" + call.tool().name() + "' names unknown built-in '" + id + "'; known: "
						+ String.join(", ", builtins.keySet().stream().sorted().toList()));
			}
			return tool.run(call.arguments(), timeout);
		}
		if (impl.has("http")) {
			return httpTools.run(impl.path("http"), call.arguments(), timeout);
		}
		if (impl.has("mcp")) {
			return mcpTools.run(impl.path("mcp"), call.arguments());
		}
		throw nonRetryable("tool '" + call.tool().name() + "' has no implementation this worker knows: "
				+ "expected \"builtin:<id>\", {\"http\": ...} or {\"mcp\": ...}");
	}

	/**
	 * Output that would bloat history is kept whole in PostgreSQL and replaced by a reference with a
	 * preview; smaller output enters history with long strings cut to the configured maximum.
	 */
	private JsonNode storeOrLimit(ToolCall call, JsonNode output) {
		String text = output == null ? "null" : output.isTextual() ? output.asText() : output.toString();
		if (text.getBytes(StandardCharsets.UTF_8).length <= Limits.INLINE_OUTPUT_BYTES) {
			return sanitizer.limit(output);
		}
		String id = blobs.put(call.runId(), call.nodeId(), call.callId(),
				output != null && output.isTextual() ? "text/plain" : "application/json", text);
		return JSON.createObjectNode()
			.put("$blobRef", id)
			.put("preview", text.substring(0, Math.min(PREVIEW_CHARS, text.length())))
			.put("bytes", text.getBytes(StandardCharsets.UTF_8).length);
	}

	private static ToolResult refused(int attempt, String type, String message) {
		return new ToolResult(null, new ErrorInfo(type, message, false), attempt);
	}

	private static ApplicationFailure nonRetryable(String message) {
		return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.NON_RETRYABLE);
	}

}
