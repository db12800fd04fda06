package dev.trellis.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import org.junit.jupiter.api.Test;

class WorkerWarmUpTest {

	@Test
	void warmUpRunsBeforeTheWorkerPolls() {
		try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
			WorkerFactory factory = env.getWorkerFactory();
			env.newWorker("warm-up-test");
			List<Boolean> pollingDuringWarmUp = new ArrayList<>();
			TemporalWorkerConfiguration.WorkerLifecycle lifecycle = new TemporalWorkerConfiguration.WorkerLifecycle(
					factory, Duration.ofSeconds(1), () -> pollingDuringWarmUp.add(factory.isStarted()));

			lifecycle.start();

			assertThat(pollingDuringWarmUp).containsExactly(false);
			assertThat(factory.isStarted()).isTrue();
			lifecycle.stop();
		}
	}

	@Test
	void warmUpRoundTripsRunPayloadsThroughTheWorkersConverter() {
		assertThat(WorkerWarmUp.run(DefaultDataConverter.newDefaultInstance())).isPositive();
	}

	/** A converter that answers null to every read: the worker must not start with it. */
	@Test
	void aConverterThatLosesDataFailsTheWarmUpInsteadOfTheFirstRun() {
		DataConverter base = DefaultDataConverter.newDefaultInstance();
		DataConverter lossy = new DataConverter() {
			@Override
			public <T> Optional<Payload> toPayload(T value) {
				return base.toPayload(value);
			}

			@Override
			public <T> T fromPayload(Payload payload, Class<T> valueClass, Type valueType) {
				return base.fromPayload(base.toPayload(null).orElseThrow(), valueClass, valueType);
			}

			@Override
			public Optional<Payloads> toPayloads(Object... values) {
				return base.toPayloads(values);
			}

			@Override
			public <T> T fromPayloads(int index, Optional<Payloads> content,
					Class<T> valueType, Type valueGenericType) {
				return base.fromPayloads(index, content, valueType, valueGenericType);
			}
		};

		assertThatThrownBy(() -> WorkerWarmUp.run(lossy)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("RunSnapshot");
	}

}
