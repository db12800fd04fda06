package dev.trellis.activities;

import static dev.trellis.activities.support.AgentRuntime.newRunId;
import static dev.trellis.activities.support.AgentRuntime.openAiModel;
import static dev.trellis.activities.support.AgentRuntime.request;
import static dev.trellis.activities.support.ScriptedProvider.openAiText;
import static dev.trellis.activities.support.ScriptedProvider.openAiToolCalls;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.trellis.activities.support.AgentRuntime;
import dev.trellis.activities.support.ScriptedProvider;
import dev.trellis.workflows.api.AgentResult;
import dev.trellis.workflows.api.AgentWorkflow;
import dev.trellis.workflows.api.EntityVersion;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/**
 * Resume without paying twice: the worker dies between two model calls (while the tool between
 * them runs); a new worker finishes the run, and the first model call is not made again.
 */
class WorkerCrashIT {

	@Test
	void aRestartedWorkerDoesNotRepeatAFinishedModelCall() throws Exception {
		try (AgentRuntime runtime = new AgentRuntime(
				Map.of("trellis.tools.http.allowed-hosts", "*", "trellis.tools.http.allow-private-hosts", "127.0.0.1,localhost"));
				ScriptedProvider llm = new ScriptedProvider();
				ScriptedProvider slowTool = new ScriptedProvider()) {
			EntityVersion http = AgentRuntime.entity("tools", "http_request", AgentRuntime.json("""
					{"permission": "read", "implementation": "builtin:http_request", "timeout": "20s",
					 "parameters": {"type": "object", "properties": {"url": {"type": "string"}}, "required": ["url"]}}"""));
			llm.then(openAiToolCalls(10, 2, new String[] { "call_1", "http_request",
					"{\"url\": \"" + slowTool.url() + "/report\"}" }))
				.then(openAiText("The report says ok.", 20, 5));
			slowTool.then(new MockResponse.Builder().code(200).body("ok").headersDelay(10, TimeUnit.SECONDS).build())
				.then(new MockResponse.Builder().code(200).body("ok").build());

			String runId = newRunId();
			AgentWorkflow agent = runtime.stub(runId);
			WorkflowClient.start(agent::run, request(runId, openAiModel(llm), "Read the report", null, "", List.of(http)));

			Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
			while (slowTool.requests().isEmpty() && Instant.now().isBefore(deadline)) {
				Thread.sleep(100);
			}
			assertThat(slowTool.requests()).as("the tool call started on the first worker").hasSize(1);
			runtime.killWorkerAndStartAnother();

			AgentResult result = WorkflowStub.fromTyped(agent).getResult(AgentResult.class);
			assertThat(result.output().asText()).isEqualTo("The report says ok.");
			assertThat(llm.requests()).as("each model call made once").hasSize(2);
			assertThat(slowTool.requests()).as("the interrupted tool call ran again").hasSize(2);
		}
	}

}
