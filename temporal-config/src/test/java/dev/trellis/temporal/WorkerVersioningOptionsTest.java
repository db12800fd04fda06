package dev.trellis.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.temporal.common.VersioningBehavior;
import io.temporal.common.WorkerDeploymentVersion;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerDeploymentOptions;
import io.temporal.worker.WorkerOptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Worker Versioning is opt-in: both settings give a pinned deployment version, neither none, one a refusal. */
class WorkerVersioningOptionsTest {

	private static TemporalProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("trellis.temporal",
				TemporalProperties.class);
	}

	@Test
	void bothSetRegistersAPinnedDeploymentVersion() {
		TemporalProperties props = bind(Map.of("trellis.temporal.worker.deployment-name", "trellis",
				"trellis.temporal.worker.build-id", "v1"));

		WorkerDeploymentOptions deployment = TemporalWorkerConfiguration.workerOptions(props.worker())
			.getDeploymentOptions();

		assertThat(deployment).isNotNull();
		assertThat(deployment.isUsingVersioning()).isTrue();
		assertThat(deployment.getVersion()).isEqualTo(new WorkerDeploymentVersion("trellis", "v1"));
		assertThat(deployment.getDefaultVersioningBehavior()).isEqualTo(VersioningBehavior.PINNED);
	}

	@Test
	void unsetLeavesTheWorkerUnversioned() {
		WorkerOptions options = TemporalWorkerConfiguration.workerOptions(bind(Map.of()).worker());

		assertThat(options.getDeploymentOptions()).isNull();
		// the tuning still applies
		assertThat(options.getMaxConcurrentActivityExecutionSize()).isEqualTo(200);
	}

	/** application.yml maps TRELLIS_WORKER_DEPLOYMENT / _BUILD_ID with an empty default: empty is unset. */
	@Test
	void emptyValuesCountAsUnset() {
		TemporalProperties props = bind(Map.of("trellis.temporal.worker.deployment-name", "",
				"trellis.temporal.worker.build-id", " "));

		assertThat(TemporalWorkerConfiguration.workerOptions(props.worker()).getDeploymentOptions()).isNull();
	}

	/** Relaxed binding of the environment: the long names work too (application.yml maps the short ones). */
	@Test
	void environmentVariablesBindByRelaxedNames() {
		Map<String, Object> env = Map.of("TRELLIS_TEMPORAL_WORKER_DEPLOYMENT_NAME", "trellis",
				"TRELLIS_TEMPORAL_WORKER_BUILD_ID", "abc123", "TRELLIS_TEMPORAL_WORKER_MAX_CONCURRENT_ACTIVITIES", "7");
		TemporalProperties props = new Binder(
				ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)))
			.bindOrCreate("trellis.temporal", TemporalProperties.class);

		WorkerOptions options = TemporalWorkerConfiguration.workerOptions(props.worker());
		assertThat(options.getDeploymentOptions().getVersion())
			.isEqualTo(new WorkerDeploymentVersion("trellis", "abc123"));
		assertThat(options.getMaxConcurrentActivityExecutionSize()).isEqualTo(7);
	}

	@Test
	void onlyOneOfTheTwoIsRefused() {
		TemporalProperties nameOnly = bind(Map.of("trellis.temporal.worker.deployment-name", "trellis"));
		TemporalProperties buildOnly = bind(Map.of("trellis.temporal.worker.build-id", "v1",
				"trellis.temporal.worker.deployment-name", ""));

		assertThatThrownBy(() -> TemporalWorkerConfiguration.workerOptions(nameOnly.worker()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("trellis.temporal.worker.build-id")
			.hasMessageContaining("TRELLIS_WORKER_BUILD_ID")
			.hasMessageContaining("only deployment-name='trellis' is set");
		assertThatThrownBy(() -> TemporalWorkerConfiguration.workerOptions(buildOnly.worker()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("trellis.temporal.worker.deployment-name")
			.hasMessageContaining("only build-id='v1' is set");
	}

	/** The refusal happens while the worker bean is created, i.e. the process fails to start. */
	@Test
	void aHalfSetWorkerFailsAtStartup() {
		TemporalProperties props = bind(Map.of("trellis.temporal.worker.build-id", "v1"));
		try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
			assertThatThrownBy(() -> new TemporalWorkerConfiguration().trellisWorker(env.getWorkerFactory(), props,
					List.of()))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("Worker Versioning needs both");
		}
	}

}
