package dev.trellis.temporal.codec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history Temporal stores, fetched raw (as an SRE or anyone with database access sees it), holds
 * no prompt, output or tool argument when the codec is on.
 */
class EncryptedHistoryTest {

	private static final String PROMPT = "Draft a press release about Project Nightjar";

	private static final String TOOL_ARGUMENT = "customer-iban-DE44500105175407324931";

	private static final String QUEUE = "encrypted-history";

	private final EncryptionCodec codec = EncryptionCodec.of("k1", EncryptionCodecTest.newKey(), Map.of());

	private TestWorkflowEnvironment env;

	@BeforeEach
	void start() {
		CodecDataConverter converter = new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(codec));
		env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
			.setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(converter).build())
			.build());
		Worker worker = env.newWorker(QUEUE);
		worker.registerWorkflowImplementationTypes(WriterWorkflowImpl.class);
		worker.registerActivitiesImplementations(new ModelActivityImpl());
		env.start();
	}

	@AfterEach
	void stop() {
		env.close();
	}

	@Test
	void rawHistoryContainsNoPlaintextButDecodesWithTheCodec() throws Exception {
		WriterWorkflow workflow = env.getWorkflowClient()
			.newWorkflowStub(WriterWorkflow.class,
					WorkflowOptions.newBuilder().setWorkflowId("run-1").setTaskQueue(QUEUE).build());

		String output = workflow.write(PROMPT);

		assertThat(output).isEqualTo("Press release: " + PROMPT);
		WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory("run-1");
		String raw = new String(history.getHistory().toByteArray(), StandardCharsets.ISO_8859_1);
		assertThat(raw).doesNotContain(PROMPT).doesNotContain("Nightjar").doesNotContain(TOOL_ARGUMENT);
		assertThat(history.toJson(true)).doesNotContain("Nightjar").doesNotContain(TOOL_ARGUMENT);

		HistoryEvent started = history.getEvents().get(0);
		Payload input = started.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0);
		assertThat(EncryptionCodec.isEncrypted(input)).isTrue();
		Payload decoded = codec.decode(List.of(input)).get(0);
		assertThat(DefaultDataConverter.STANDARD_INSTANCE.fromPayload(decoded, String.class, String.class))
			.isEqualTo(PROMPT);
	}

	@WorkflowInterface
	public interface WriterWorkflow {

		@WorkflowMethod
		String write(String prompt);

	}

	@ActivityInterface
	public interface ModelActivity {

		String complete(String prompt, String toolArgument);

	}

	public static class WriterWorkflowImpl implements WriterWorkflow {

		private final ModelActivity model = Workflow.newActivityStub(ModelActivity.class,
				ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

		@Override
		public String write(String prompt) {
			return model.complete(prompt, TOOL_ARGUMENT);
		}

	}

	static class ModelActivityImpl implements ModelActivity {

		@Override
		public String complete(String prompt, String toolArgument) {
			return "Press release: " + prompt;
		}

	}

}
