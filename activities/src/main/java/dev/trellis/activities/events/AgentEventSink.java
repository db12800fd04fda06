package dev.trellis.activities.events;

import dev.trellis.workflows.api.RunEvent;

/**
 * Where activities report what they do ({@code llm.request}, {@code llm.delta},
 * {@code llm.response}, {@code tool.call}, {@code tool.result}, {@code node.retrying}) for the
 * run's audit log and live stream. A port: the trace module's event log adapts to it.
 * Implementations must be idempotent on {@link RunEvent#key()} and must not throw when the live
 * stream is down; callers still guard against it, since an event is never worth failing a call.
 *
 * <pre>{@code
 * sink.emit(new RunEvent(runId, "research:llm:1:a1:response", "llm.response", "research", 1, now, data));
 * }</pre>
 */
@FunctionalInterface
public interface AgentEventSink {

	void emit(RunEvent event);

}
