package dev.trellis.trace;

/**
 * Names on the live Redis Stream of a run, shared by the publisher (workers) and the fan-out
 * (gateways). Each entry has two fields: {@value #FIELD_SEQ}, the event's sequence number, and
 * {@value #FIELD_EVENT}, its JSON ({@link RecordedEvent}).
 *
 * <pre>{@code
 * RStream<String, String> stream = redisson.getStream(RunStreams.key(runId), StringCodec.INSTANCE);
 * }</pre>
 */
public final class RunStreams {

	public static final String FIELD_SEQ = "seq";

	public static final String FIELD_EVENT = "event";

	private static final String PREFIX = "trellis:run:";

	private RunStreams() {
	}

	/** {@code trellis:run:<runId>}. */
	public static String key(String runId) {
		return PREFIX + runId;
	}

}
