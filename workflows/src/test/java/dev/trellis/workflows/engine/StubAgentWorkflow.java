package dev.trellis.workflows.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.trellis.workflows.api.AgentRequest;
import dev.trellis.workflows.api.AgentResult;
import dev.trellis.workflows.api.AgentWorkflow;
import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.PendingApproval;
import dev.trellis.workflows.api.TokenUsage;
import dev.trellis.workflows.api.ToolApprovalHost;
import dev.trellis.workflows.api.ToolApprovalListener;
import dev.trellis.workflows.api.ToolApprovalRequest;
import io.temporal.workflow.Workflow;

/**
 * Stands in for the real agent runtime. Its behaviour comes from the pinned agent's spec, under
 * {@code stub}, so it stays deterministic: {@code sleep} (seconds of workflow time),
 * {@code echoEntities} (answer with the entity keys it received) and {@code askApproval} (assignees
 * of a tool call it asks the hosting run to approve before answering, over the
 * {@link ToolApprovalHost} protocol).
 */
public class StubAgentWorkflow implements AgentWorkflow, ToolApprovalListener {

	private final List<DecisionRecord> decisions = new ArrayList<>();

	@Override
	public AgentResult run(AgentRequest request) {
		JsonNode stub = request.agent().spec().path("stub");
		if (stub.has("sleep")) {
			Workflow.sleep(Duration.ofSeconds(stub.get("sleep").asLong()));
		}
		JsonNode output = TextNode.valueOf(request.nodeId() + " says " + request.prompt());
		if (stub.path("echoEntities").asBoolean()) {
			ObjectNode echo = JsonNodeFactory.instance.objectNode().put("agent", request.agent().key());
			request.entities().keySet().forEach(echo.putArray("entities")::add);
			output = echo;
		}
		if (stub.has("askApproval")) {
			output = askApproval(request, stub.get("askApproval"));
		}
		return new AgentResult(output, 1, new TokenUsage(10, 5, 0.001), Workflow.getInfo().getAttempt());
	}

	@Override
	public void toolApprovalDecided(DecisionRecord decision) {
		decisions.add(decision);
	}

	/** Asks the hosting run to approve a destructive call, as the real agent runtime does. */
	private JsonNode askApproval(AgentRequest request, JsonNode assignees) {
		if (!ToolApprovalHost.MEMO_VALUE.equals(Workflow.getMemo(ToolApprovalHost.MEMO_KEY, String.class))) {
			return TextNode.valueOf("denied: no host for approvals");
		}
		ObjectNode payload = JsonNodeFactory.instance.objectNode().put("tool", "delete_everything")
			.put("permission", "destructive")
			.put("reason", "asked to");
		payload.putObject("arguments").put("path", "/");
		List<String> who = new ArrayList<>();
		assignees.forEach(a -> who.add(a.asText()));
		String approvalId = request.runId() + ":" + request.nodeId() + ":tool-1";
		PendingApproval approval = new PendingApproval(approvalId, request.runId(), request.nodeId(), "tool_call",
				"Run delete_everything", payload, null, who, null, null, false);
		ToolApprovalHost parent = Workflow.newExternalWorkflowStub(ToolApprovalHost.class,
				Workflow.getInfo().getParentWorkflowId().orElseThrow());
		parent.toolApprovalRequested(new ToolApprovalRequest(Workflow.getInfo().getWorkflowId(), approval));
		Workflow.await(() -> !decisions.isEmpty());
		DecisionRecord decision = decisions.get(0);
		return TextNode.valueOf(decision.status().equals(DecisionRecord.APPROVED) ? "deleted"
				: "denied by reviewer: " + decision.comment());
	}

}
