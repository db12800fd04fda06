package dev.trellis.temporal;

import java.time.Duration;

import dev.trellis.workflows.api.TaskQueues;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Trellis reaches Temporal ({@code trellis.temporal.*}, or environment variables such as
 * {@code TRELLIS_TEMPORAL_TARGET}).
 *
 * @param target host:port of the frontend; {@code <ns>.<account>.tmprl.cloud:7233} for Temporal Cloud
 * @param namespace the namespace runs live in
 * @param taskQueue the task queue of workflows and activities
 * @param uiUrl base URL of the Temporal Web UI, used to link a run to its workflow
 * @param apiKey Temporal Cloud API key (implies TLS); empty for none
 * @param tls mutual TLS settings for self-hosted clusters or Temporal Cloud
 * @param worker worker tuning
 */
@ConfigurationProperties("trellis.temporal")
public record TemporalProperties(@DefaultValue("127.0.0.1:7233") String target, @DefaultValue("default") String namespace,
		@DefaultValue(TaskQueues.MAIN) String taskQueue, @DefaultValue("http://localhost:8233") String uiUrl,
		@DefaultValue("") String apiKey, @DefaultValue Tls tls, @DefaultValue Worker worker) {

	/**
	 * @param enabled use TLS (implied by a client certificate or an API key)
	 * @param clientCert PEM client certificate for mTLS
	 * @param clientKey PEM PKCS8 private key for mTLS
	 * @param serverCa PEM CA to trust instead of the JVM's default trust store
	 * @param serverName override of the TLS server name (SNI)
	 */
	public record Tls(@DefaultValue("false") boolean enabled, String clientCert, String clientKey, String serverCa,
			String serverName) {

		boolean active(String apiKey) {
			return enabled || present(clientCert) || present(apiKey);
		}

		/** Environment variables arrive as empty strings when unset; treat those as absent. */
		static boolean present(String value) {
			return value != null && !value.isBlank();
		}

	}

	/**
	 * @param maxConcurrentActivities activity slots per worker process
	 * @param maxConcurrentWorkflowTasks workflow task slots per worker process
	 * @param maxConcurrentLocalActivities local activity slots (event recording)
	 * @param workflowCacheSize sticky workflow cache: parked runs are evicted beyond it and replayed on demand
	 * @param workflowPollers workflow task pollers
	 * @param activityPollers activity task pollers
	 * @param virtualThreads {@code auto} (on when the runtime is Java 21+), {@code on} or {@code off}
	 * @param drainTimeout how long a stopping worker lets in-flight tasks finish
	 * @param deploymentName Worker Deployment name for Worker Versioning (e.g. {@code trellis}); set
	 * together with {@code buildId}, or neither (no versioning)
	 * @param buildId build id of this worker's code within the deployment (e.g. the git commit or image
	 * tag); set together with {@code deploymentName}, or neither
	 */
	public record Worker(@DefaultValue("200") int maxConcurrentActivities,
			@DefaultValue("200") int maxConcurrentWorkflowTasks, @DefaultValue("200") int maxConcurrentLocalActivities,
			@DefaultValue("600") int workflowCacheSize, @DefaultValue("4") int workflowPollers,
			@DefaultValue("4") int activityPollers, @DefaultValue("auto") String virtualThreads,
			@DefaultValue("30s") Duration drainTimeout, String deploymentName, String buildId) {

		/**
		 * Whether this worker registers a Worker Deployment version: both names set. Exactly one of
		 * the two is refused, since a half-configured upgrade procedure would silently run unversioned.
		 */
		public boolean versioned() {
			boolean name = Tls.present(deploymentName);
			boolean build = Tls.present(buildId);
			if (name != build) {
				throw new IllegalStateException("Worker Versioning needs both trellis.temporal.worker.deployment-name "
						+ "(TRELLIS_WORKER_DEPLOYMENT) and trellis.temporal.worker.build-id (TRELLIS_WORKER_BUILD_ID); "
						+ "only " + (name ? "deployment-name='" + deploymentName + "'" : "build-id='" + buildId + "'")
						+ " is set. Set both to run versioned, or neither to run unversioned.");
			}
			return name;
		}

		/** Whether to run task executors on virtual threads on this JVM. */
		public boolean useVirtualThreads() {
			return switch (virtualThreads) {
				case "on", "true" -> Runtime.version().feature() >= 21;
				case "off", "false" -> false;
				default -> Runtime.version().feature() >= 21;
			};
		}

	}

}
