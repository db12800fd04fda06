package dev.trellis.activities.resilience;

import static dev.trellis.activities.support.AgentRuntime.newRunId;
import static dev.trellis.activities.support.AgentRuntime.openAiModel;
import static dev.trellis.activities.support.AgentRuntime.request;
import static dev.trellis.activities.support.ScriptedProvider.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import dev.trellis.activities.support.AgentRuntime;
import dev.trellis.activities.support.ScriptedProvider;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.RunEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The breaker as the agent runtime uses it: the real LLM activity, wired by the activities
 * configuration, against a provider stub that keeps answering 500. Once the breaker opens, the
 * remaining attempts of the model call fail fast without reaching the provider.
 */
class ProviderBreakerIT {

	private static AgentRuntime runtime;

	@BeforeAll
	static void start() {
		runtime = new AgentRuntime(Map.of("trellis.resilience.circuit-breaker.failures", "2",
				"trellis.resilience.circuit-breaker.open-for", "10m"));
	}

	@AfterAll
	static void stop() {
		runtime.close();
	}

	@Test
	void aProviderThatKeepsFailingStopsReceivingCallsOnceTheBreakerOpens() {
		try (ScriptedProvider provider = new ScriptedProvider()) {
			for (int i = 0; i < 6; i++) {
				provider.then(status(500, "{\"error\": {\"message\": \"down\"}}"));
			}
			String runId = newRunId();

			assertThatThrownBy(() -> runtime.run(request(runId, openAiModel(provider), "hi", null, "", List.of())))
				.isInstanceOf(WorkflowFailedException.class)
				.satisfies(e -> assertThat(failureOf(e).getType()).isEqualTo(FailureTypes.CIRCUIT_OPEN));

			assertThat(provider.requests()).hasSize(2);
			assertThat(runtime.events.ofRun(runId).stream().filter(e -> e.type().equals("node.retrying")))
				.extracting(RunEvent::attempt)
				.contains(3, 4, 5, 6);
			assertThat(runtime.context.getBean(CircuitBreakers.class).tripped())
				.containsEntry(BreakerKeys.provider("openai", provider.url() + "/v1"), BreakerState.OPEN);
		}
	}

	private static ApplicationFailure failureOf(Throwable thrown) {
		ApplicationFailure last = null;
		for (Throwable t = thrown; t != null; t = t.getCause()) {
			if (t instanceof ApplicationFailure a) {
				last = a;
			}
		}
		assertThat(last).as("an ApplicationFailure in " + thrown).isNotNull();
		return last;
	}

}
