package dev.trellis.activities.events;

import java.util.List;

import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.RunEventActivities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends activity events to the run's event recorder (the {@link RunEventActivities}
 * implementation of the trace module, called here as a plain bean). Without a recorder, events are
 * only logged at debug level: live views then show node transitions but no token deltas.
 */
public class RunEventRecorderSink implements AgentEventSink {

	private static final Logger log = LoggerFactory.getLogger(RunEventRecorderSink.class);

	private final RunEventActivities recorder;

	public RunEventRecorderSink(RunEventActivities recorder) {
		this.recorder = recorder;
		if (recorder == null) {
			log.warn("No run event recorder on this worker: llm.* and tool.* events are not recorded");
		}
	}

	@Override
	public void emit(RunEvent event) {
		if (recorder == null) {
			log.debug("event {} {} of run {}", event.type(), event.key(), event.runId());
			return;
		}
		recorder.record(List.of(event));
	}

}
