package dev.trellis.gateway.security;

/**
 * The per-user limit on runs in flight. The runs API calls it before starting a run:
 *
 * <pre>{@code
 * runAdmission.admit(Caller.of(auth)); // ApiException 429 when the caller is at the limit
 * }</pre>
 *
 * Configured by {@code trellis.security.max-concurrent-runs-per-user} (0 for no limit).
 */
public interface RunAdmission {

	/**
	 * Returns when {@code caller} may start another run.
	 * @throws dev.trellis.gateway.web.ApiException 429 when the caller already has the maximum number
	 * of runs open
	 */
	void admit(Caller caller);

}
