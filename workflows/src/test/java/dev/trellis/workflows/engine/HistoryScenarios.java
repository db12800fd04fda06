package dev.trellis.workflows.engine;

import static dev.trellis.workflows.engine.EngineHarness.json;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.TextNode;

import dev.trellis.workflows.api.DecisionRequest;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.NodeRecord;
import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.PendingApproval;
import dev.trellis.workflows.api.ToolResult;
import io.temporal.client.WorkflowException;
import io.temporal.failure.ApplicationFailure;

/**
 * Pipelines whose recorded histories guard the interpreter against non-deterministic changes. Each
 * scenario drives one run, whose run id is the scenario's name, to its end on a fresh harness: the
 * replayer needs the workflow id (children are named after it), and the file name gives it back.
 * Together they cover
 * every command the interpreter issues: activities, local activities, children, timers, signals,
 * updates, search attribute upserts and cancellation.
 */
final class HistoryScenarios {

	@FunctionalInterface
	interface Scenario {

		void drive(EngineHarness harness, String runId);

	}

	private HistoryScenarios() {
	}

	static Map<String, Scenario> all() {
		Map<String, Scenario> scenarios = new LinkedHashMap<>();
		scenarios.put("diamond", HistoryScenarios::diamond);
		scenarios.put("router-skips-branch", HistoryScenarios::router);
		scenarios.put("retry-then-succeed", HistoryScenarios::retry);
		scenarios.put("continue-on-error", HistoryScenarios::continueOnError);
		scenarios.put("paused-and-resumed", HistoryScenarios::pausedAndResumed);
		scenarios.put("cancelled", HistoryScenarios::cancelled);
		scenarios.put("review-approved", HistoryScenarios::reviewApproved);
		scenarios.put("review-escalated-then-rejected", HistoryScenarios::reviewEscalated);
		scenarios.put("tool-call-approval", HistoryScenarios::toolCallApproval);
		scenarios.put("rerun-reuses-outputs", HistoryScenarios::rerun);
		scenarios.put("subpipeline", HistoryScenarios::subpipeline);
		scenarios.put("rerun-linked-with-decided-review", HistoryScenarios::rerunWithDecidedReview);
		scenarios.put("review-closed-in-background", HistoryScenarios::reviewClosedInBackground);
		scenarios.put("event-log-outage", HistoryScenarios::eventLogOutage);
		return scenarios;
	}

	private static void diamond(EngineHarness h, String runId) {
		h.tool("fetch").tool("merge").agent("slow-writer", "{'sleep': 10}");
		h.start(runId, DagSchedulingTest.DIAMOND);
		h.result(runId);
	}

	private static void router(EngineHarness h, String runId) {
		h.tool("fetch").tool("merge");
		h.start(h.snapshot(runId, json(DagSchedulingTest.ROUTED), json("{'score': 9}"), Map.of()));
		h.result(runId);
	}

	private static void retry(EngineHarness h, String runId) {
		h.tool("flaky");
		h.tools.behaviours.put("flaky", (call, attempt) -> {
			if (attempt < 3) {
				throw ApplicationFailure.newFailure("hiccup", FailureTypes.TOOL_FAILED);
			}
			return new ToolResult(TextNode.valueOf("ok"), null, attempt);
		});
		h.start(runId, """
				{'nodes': [{'id': 'call', 'type': 'tool', 'tool': {'name': 'flaky', 'version': 1},
				  'retry': {'maxAttempts': 5, 'initialInterval': '1s'}}]}
				""");
		h.result(runId);
	}

	private static void continueOnError(EngineHarness h, String runId) {
		h.tool("broken").tool("fetch");
		h.tools.behaviours.put("broken", (call, attempt) -> {
			throw ApplicationFailure.newFailure("nope", FailureTypes.NON_RETRYABLE);
		});
		h.start(runId, """
				{'nodes': [
				  {'id': 'optional', 'type': 'tool', 'tool': {'name': 'broken', 'version': 1}, 'continueOnError': true},
				  {'id': 'after', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
				  {'id': 'independent', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}}
				 ],
				 'edges': [{'from': 'optional', 'to': 'after'}]}
				""");
		h.result(runId);
	}

	private static void pausedAndResumed(EngineHarness h, String runId) {
		h.tool("fetch").tool("merge").agent("slow-writer", "{'sleep': 10}");
		h.start(runId, DagSchedulingTest.DIAMOND);
		h.awaitState(runId, v -> EngineHarness.node(v, "B").status() == NodeStatus.RUNNING);
		h.run(runId).pause("ana");
		h.env.sleep(Duration.ofSeconds(30));
		h.awaitState(runId, v -> EngineHarness.node(v, "C").status() == NodeStatus.COMPLETED);
		h.run(runId).resume("ana");
		h.result(runId);
	}

	private static void cancelled(EngineHarness h, String runId) {
		h.tool("fetch").agent("endless", "{'sleep': 36000}");
		h.start(runId, """
				{'nodes': [
				  {'id': 'A', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
				  {'id': 'B', 'type': 'agent', 'agent': {'name': 'endless', 'version': 1}, 'prompt': 'x'}
				 ],
				 'edges': [{'from': 'A', 'to': 'B'}]}
				""");
		h.awaitState(runId, v -> EngineHarness.node(v, "B").status() == NodeStatus.RUNNING);
		h.untyped(runId).cancel();
		endsWithFailure(h, runId);
	}

	private static final String REVIEW = """
			{'nodes': [
			  {'id': 'write', 'type': 'agent', 'agent': {'name': 'writer', 'version': 1}, 'prompt': 'draft'},
			  {'id': 'review', 'type': 'human_review', 'show': '{{nodes.write.output}}', 'assignees': ['group:editors'],
			   'allowEdit': true, %s},
			  {'id': 'publish', 'type': 'tool', 'tool': {'name': 'publish', 'version': 1}, 'args': {'body': '{{nodes.review.output}}'}},
			  {'id': 'revise', 'type': 'agent', 'agent': {'name': 'writer', 'version': 1}, 'prompt': '{{nodes.review.comment}}'}
			 ],
			 'edges': [{'from': 'write', 'to': 'review'}, {'from': 'review', 'to': 'publish', 'when': 'approved'},
			           {'from': 'review', 'to': 'revise', 'when': 'rejected'}],
			 'output': '{{nodes.review.output}}'}
			""";

	private static void reviewApproved(EngineHarness h, String runId) {
		h.tool("publish").agent("writer", "{}");
		h.start(runId, REVIEW.formatted("'timeout': '72h', 'remindBefore': '1h'"));
		PendingApproval approval = h.awaitState(runId, v -> !v.pendingApprovals().isEmpty())
			.pendingApprovals()
			.get(0);
		h.env.sleep(Duration.ofHours(71).plusMinutes(30));
		h.run(runId)
			.decide(new DecisionRequest(approval.approvalId(), "edit", json("'final'"), "tightened", "ana",
					List.of("editors"), false));
		h.result(runId);
	}

	/**
	 * Recorded after {@value ApprovalGate#CLOSE_IN_BACKGROUND}: publish is scheduled in the decision's
	 * workflow task and the run waits for the inbox close before it completes.
	 */
	private static void reviewClosedInBackground(EngineHarness h, String runId) {
		h.tool("publish").agent("writer", "{}");
		h.start(runId, REVIEW.formatted("'timeout': '72h'"));
		PendingApproval approval = h.awaitState(runId, v -> !v.pendingApprovals().isEmpty())
			.pendingApprovals()
			.get(0);
		h.run(runId)
			.decide(new DecisionRequest(approval.approvalId(), "approve", null, "ship it", "ana", List.of("editors"),
					false));
		h.result(runId);
	}

	/** The event log refuses the first batches for a while: the flush's local activity is retried. */
	private static void eventLogOutage(EngineHarness h, String runId) {
		h.tool("fetch").agent("writer", "{}");
		h.events.failing = true;
		h.start(runId, ReuseAndEventsTest.CHAIN);
		try {
			Thread.sleep(2_000);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
		h.events.failing = false;
		h.result(runId);
	}

	private static void reviewEscalated(EngineHarness h, String runId) {
		h.tool("publish").agent("writer", "{}");
		h.start(runId, REVIEW.formatted("'timeout': '2h', 'onTimeout': 'escalate', 'escalateTo': ['boss']"));
		h.result(runId);
	}

	private static void toolCallApproval(EngineHarness h, String runId) {
		h.agent("operator", "{'askApproval': ['group:ops']}");
		h.start(runId, """
				{'nodes': [{'id': 'clean', 'type': 'agent', 'agent': {'name': 'operator', 'version': 1}, 'prompt': 'x'}]}
				""");
		PendingApproval approval = h.awaitState(runId, v -> !v.pendingApprovals().isEmpty())
			.pendingApprovals()
			.get(0);
		h.run(runId)
			.decide(new DecisionRequest(approval.approvalId(), "reject", null, "not today", "olga", List.of("ops"),
					false));
		h.result(runId);
	}

	private static void rerun(EngineHarness h, String runId) {
		h.tool("fetch").agent("writer", "{}");
		h.start(h.snapshot(runId, json(ReuseAndEventsTest.CHAIN), json("{}"),
				Map.of("research", new NodeRecord("COMPLETED", json("'notes'"), null, null))));
		h.result(runId);
	}

	/** A rerun linked to its original run that reuses a rejected review, so only the rejected branch runs. */
	private static void rerunWithDecidedReview(EngineHarness h, String runId) {
		h.tool("fetch").tool("echo");
		Map<String, NodeRecord> reuse = Map.of("write", new NodeRecord("COMPLETED", json("'draft'"), null, null),
				"review", new NodeRecord("COMPLETED", json("'draft'"), "too short", "rejected"));
		h.start(RerunFromNodeTest.linked(h.snapshot(runId, json(RerunFromNodeTest.REVIEWED), json("{}"), reuse),
				"original"));
		h.result(runId);
	}

	private static void subpipeline(EngineHarness h, String runId) {
		h.tool("fetch").entity("pipelines", "child", """
				{'nodes': [{'id': 'inner', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}}],
				 'output': '{{nodes.inner.output}}'}
				""");
		h.start(runId, """
				{'nodes': [{'id': 'sub', 'type': 'subpipeline', 'pipeline': {'name': 'child', 'version': 1}}],
				 'output': '{{nodes.sub.output}}'}
				""");
		h.result(runId);
	}

	private static void endsWithFailure(EngineHarness h, String runId) {
		try {
			h.result(runId);
		}
		catch (WorkflowException expected) {
			// The scenario ends the run on purpose; its history is what matters.
		}
	}

}
