package dev.trellis.temporal;

/**
 * What one Trellis process does. The same artifact runs every role, so scaling out is starting more
 * processes with a different {@code trellis.role}.
 */
public enum TrellisRole {

	/** Gateway and worker in one process: the development default. */
	ALL,
	/** REST API, WebSocket live trace and the web UI; starts runs and sends decisions. */
	GATEWAY,
	/** Temporal worker: runs workflows and activities; serves only health and metrics over HTTP. */
	WORKER;

	public boolean serves(TrellisRole wanted) {
		return this == ALL || this == wanted;
	}

}
