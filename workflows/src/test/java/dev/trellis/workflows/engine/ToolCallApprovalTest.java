package dev.trellis.workflows.engine;

import static dev.trellis.workflows.engine.EngineHarness.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.trellis.workflows.api.DecisionRequest;
import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.PendingApproval;
import dev.trellis.workflows.api.RunResult;
import dev.trellis.workflows.api.RunStatus;
import dev.trellis.workflows.api.RunView;

class ToolCallApprovalTest {

	private final EngineHarness harness = new EngineHarness().agent("operator", "{'askApproval': ['group:ops']}");

	private static final String PIPELINE = """
			{'nodes': [{'id': 'clean', 'type': 'agent', 'agent': {'name': 'operator', 'version': 1}, 'prompt': 'tidy up'}],
			 'output': '{{nodes.clean.output}}'}
			""";

	@AfterEach
	void close() {
		harness.close();
	}

	private PendingApproval awaitToolApproval(String runId) {
		RunView view = harness.awaitState(runId, v -> !v.pendingApprovals().isEmpty());
		assertThat(view.status()).isEqualTo(RunStatus.WAITING_FOR_APPROVAL);
		assertThat(node(view, "clean").status()).isEqualTo(NodeStatus.WAITING_FOR_APPROVAL);
		return view.pendingApprovals().get(0);
	}

	private static DecisionRequest byOps(String approvalId, String verb, String comment) {
		return new DecisionRequest(approvalId, verb, null, comment, "olga", List.of("ops"), false);
	}

	@Test
	void approvedToolCallLetsTheAgentRunIt() {
		harness.start("tool-ok", PIPELINE);
		PendingApproval approval = awaitToolApproval("tool-ok");

		harness.run("tool-ok").decide(byOps(approval.approvalId(), "approve", null));
		RunResult result = harness.result("tool-ok");

		assertThat(approval.kind()).isEqualTo("tool_call");
		assertThat(approval.runId()).isEqualTo("tool-ok");
		assertThat(approval.payload().path("tool").asText()).isEqualTo("delete_everything");
		assertThat(approval.digest()).startsWith("sha256:");
		assertThat(result.output().asText()).isEqualTo("deleted");
		assertThat(harness.approvals.opened).extracting(PendingApproval::kind).containsExactly("tool_call");
		assertThat(harness.approvals.contexts.get(0).producedBy()).contains("agents/operator@1");
	}

	@Test
	void rejectedToolCallIsDeniedToTheAgentWithTheComment() {
		harness.start("tool-no", PIPELINE);
		PendingApproval approval = awaitToolApproval("tool-no");

		harness.run("tool-no").decide(byOps(approval.approvalId(), "reject", "not in production"));
		RunResult result = harness.result("tool-no");

		assertThat(result.output().asText()).isEqualTo("denied by reviewer: not in production");
		assertThat(node(harness.run("tool-no").state(), "clean").status()).isEqualTo(NodeStatus.COMPLETED);
	}

}
