package dev.trellis.activities.events;

import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.workflows.api.RunEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one attempt of one activity call. Keys are {@code <callId>:a<attempt>:<name>}: the
 * same emission retried by the recorder keeps its key (stored once), while a new attempt emits new
 * keys, so a reader sees every attempt.
 */
public final class CallEvents {

	private static final Logger log = LoggerFactory.getLogger(CallEvents.class);

	private final AgentEventSink sink;

	private final Clock clock;

	private final String runId;

	private final String nodeId;

	private final String callId;

	private final int attempt;

	public CallEvents(AgentEventSink sink, Clock clock, String runId, String nodeId, String callId, int attempt) {
		this.sink = sink;
		this.clock = clock;
		this.runId = runId;
		this.nodeId = nodeId;
		this.callId = callId;
		this.attempt = attempt;
	}

	public static ObjectNode data() {
		return JsonNodeFactory.instance.objectNode();
	}

	public int attempt() {
		return attempt;
	}

	/** Emits an event named by its type, e.g. {@code llm.response}. */
	public void emit(String type, JsonNode data) {
		emit(type, type, data);
	}

	/**
	 * Emits an event; {@code name} distinguishes several events of one type in one attempt (deltas).
	 */
	public void emit(String type, String name, JsonNode data) {
		RunEvent event = new RunEvent(runId, callId + ":a" + attempt + ":" + name, type, nodeId, attempt,
				clock.instant(), data);
		try {
			sink.emit(event);
		}
		catch (RuntimeException e) {
			// The event log is for watching and auditing; the call itself must go on without it.
			log.warn("Could not record {} of run {} ({}): {}", type, runId, callId, e.getClass().getSimpleName());
		}
	}

}
