package dev.trellis.temporal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.pipeline.PipelineWarmUp;
import dev.trellis.workflows.api.PipelineRef;
import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.RunSnapshot;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;

/**
 * What a worker does once before it polls, so that a fresh JVM's first workflow task does not spend
 * its one second (the SDK's deadlock detector) loading and linking classes: the pipeline compiler
 * ({@link PipelineWarmUp}) and the data converter's Jackson paths for the run's input and events,
 * which the first task decodes and encodes. Cheap (tens of milliseconds) and free of I/O.
 */
final class WorkerWarmUp {

	private WorkerWarmUp() {
	}

	/**
	 * @return how long it took
	 * @throws IllegalStateException if the converter does not give back what it was given
	 */
	static Duration run(DataConverter converter) {
		long started = System.nanoTime();
		PipelineWarmUp.run();
		ObjectNode data = JsonNodeFactory.instance.objectNode().put("text", "warm-up");
		data.putArray("list").add(1).add(true).addNull();
		RunSnapshot snapshot = new RunSnapshot("warm-up", new PipelineRef("warm-up", 1), data, Map.of(), data,
				"warm-up", Map.of());
		RunEvent event = new RunEvent("warm-up", "warm-up:1", "run.started", null, 0, Instant.ofEpochMilli(0), data);
		roundTrip(converter, snapshot, RunSnapshot.class);
		roundTrip(converter, event, RunEvent.class);
		return Duration.ofNanos(System.nanoTime() - started);
	}

	private static <T> void roundTrip(DataConverter converter, T value, Class<T> type) {
		Payload payload = converter.toPayload(value).orElseThrow();
		T back = converter.fromPayload(payload, type, type);
		if (!value.equals(back)) {
			throw new IllegalStateException("The data converter changed a " + type.getSimpleName() + ": " + value
					+ " came back as " + back);
		}
	}

}
