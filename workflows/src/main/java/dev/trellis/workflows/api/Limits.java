package dev.trellis.workflows.api;

/** Size limits that keep a run far from Temporal's 2 MB payload and 50 MB history ceilings. */
public final class Limits {

	/** Node outputs above this many bytes of JSON are stored outside history and referenced. */
	public static final int INLINE_OUTPUT_BYTES = 64 * 1024;

	private Limits() {
	}

}
