package dev.trellis.workflows.engine;

import static dev.trellis.workflows.engine.EngineHarness.json;
import static dev.trellis.workflows.engine.EngineHarness.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.NodeView;
import dev.trellis.workflows.api.RunResult;
import dev.trellis.workflows.api.RunStatus;
import dev.trellis.workflows.api.RunView;

class DagSchedulingTest {

	private final EngineHarness harness = new EngineHarness().tool("fetch")
		.tool("merge")
		.agent("slow-writer", "{'sleep': 10}")
		.agent("closure", "{'echoEntities': true}");

	@AfterEach
	void close() {
		harness.close();
	}

	static final String DIAMOND = """
			{'nodes': [
			  {'id': 'A', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
			  {'id': 'B', 'type': 'agent', 'agent': {'name': 'slow-writer', 'version': 1}, 'prompt': 'left {{nodes.A.output}}'},
			  {'id': 'C', 'type': 'agent', 'agent': {'name': 'slow-writer', 'version': 1}, 'prompt': 'right {{nodes.A.output}}'},
			  {'id': 'D', 'type': 'tool', 'tool': {'name': 'merge', 'version': 1},
			   'args': {'left': '{{nodes.B.output}}', 'right': '{{nodes.C.output}}'}}
			 ],
			 'edges': [{'from': 'A', 'to': 'B'}, {'from': 'A', 'to': 'C'}, {'from': 'B', 'to': 'D'}, {'from': 'C', 'to': 'D'}],
			 'output': '{{nodes.D.output}}'}
			""";

	@Test
	void diamondRunsIndependentBranchesConcurrentlyAndJoinsBothOutputs() {
		harness.start("diamond", DIAMOND);

		RunResult result = harness.result("diamond");

		RunView view = harness.run("diamond").state();
		NodeView b = node(view, "B");
		NodeView c = node(view, "C");
		// Each branch sleeps 10s of workflow time: run one after the other they could not overlap.
		assertThat(b.startedAt()).isBefore(c.endedAt());
		assertThat(c.startedAt()).isBefore(b.endedAt());
		assertThat(node(view, "D").startedAt()).isAfterOrEqualTo(b.endedAt()).isAfterOrEqualTo(c.endedAt());
		assertThat(harness.tools.lastArgs("D")).isEqualTo(
				json("{'left': 'B says left A done', 'right': 'C says right A done'}"));
		assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(result.output().asText()).isEqualTo("D done");
		assertThat(result.tokens().input()).isEqualTo(20);
		assertThat(view.nodes()).extracting(NodeView::status).containsOnly(NodeStatus.COMPLETED);
	}

	@Test
	void nodeStartsAsSoonAsItsOwnInputsAreDoneNotLevelByLevel() {
		// 'quick' depends only on A; it must not wait for the slow branch that sits at the same depth.
		harness.start("eager", """
				{'nodes': [
				  {'id': 'A', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
				  {'id': 'slow', 'type': 'agent', 'agent': {'name': 'slow-writer', 'version': 1}, 'prompt': 'x'},
				  {'id': 'quick', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}}
				 ],
				 'edges': [{'from': 'A', 'to': 'quick'}]}
				""");

		harness.result("eager");

		RunView view = harness.run("eager").state();
		assertThat(node(view, "quick").endedAt()).isBefore(node(view, "slow").endedAt());
	}

	static final String ROUTED = """
			{'inputs': {'score': {'type': 'number', 'required': true}},
			 'nodes': [
			  {'id': 'route', 'type': 'router'},
			  {'id': 'high', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
			  {'id': 'highNext', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
			  {'id': 'low', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
			  {'id': 'lowNext', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
			  {'id': 'join', 'type': 'tool', 'tool': {'name': 'merge', 'version': 1},
			   'args': {'high': '{{nodes.highNext.output}}', 'low': '{{nodes.lowNext.output}}', 'route': '{{nodes.route.output}}'}}
			 ],
			 'edges': [
			  {'from': 'route', 'to': 'high', 'when': 'inputs.score > 5'},
			  {'from': 'route', 'to': 'low', 'when': 'else'},
			  {'from': 'high', 'to': 'highNext'}, {'from': 'low', 'to': 'lowNext'},
			  {'from': 'highNext', 'to': 'join'}, {'from': 'lowNext', 'to': 'join'}
			 ]}
			""";

	@Test
	void routerTakesTheMatchingBranchAndSkippingPropagatesDownTheOther() {
		harness.start(harness.snapshot("routed", json(ROUTED), json("{'score': 9}"), Map.of()));

		harness.result("routed");

		RunView view = harness.run("routed").state();
		assertThat(node(view, "route").output().asText()).isEqualTo("high");
		assertThat(node(view, "high").status()).isEqualTo(NodeStatus.COMPLETED);
		assertThat(node(view, "low").status()).isEqualTo(NodeStatus.SKIPPED);
		assertThat(node(view, "lowNext").status()).isEqualTo(NodeStatus.SKIPPED);
		assertThat(harness.tools.count("low")).isZero();
		assertThat(harness.tools.count("lowNext")).isZero();
		// The join rule: all incoming edges resolved, at least one taken; a skipped branch reads as null.
		assertThat(node(view, "join").status()).isEqualTo(NodeStatus.COMPLETED);
		assertThat(harness.tools.lastArgs("join"))
			.isEqualTo(json("{'high': 'highNext done', 'low': null, 'route': 'high'}"));
		assertThat(harness.events.typesOf("lowNext")).containsExactly("node.skipped");
	}

	@Test
	void routerFallsBackToItsElseEdge() {
		harness.start(harness.snapshot("else", json(ROUTED), json("{'score': 2}"), Map.of()));

		harness.result("else");

		RunView view = harness.run("else").state();
		assertThat(node(view, "route").output().asText()).isEqualTo("low");
		assertThat(node(view, "high").status()).isEqualTo(NodeStatus.SKIPPED);
		assertThat(node(view, "highNext").status()).isEqualTo(NodeStatus.SKIPPED);
		assertThat(node(view, "lowNext").status()).isEqualTo(NodeStatus.COMPLETED);
	}

	@Test
	void falseConditionOnTheOnlyIncomingEdgeSkipsTheNode() {
		harness.start(harness.snapshot("cond", json("""
				{'inputs': {'go': {'type': 'boolean'}},
				 'nodes': [
				  {'id': 'A', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
				  {'id': 'B', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}}
				 ],
				 'edges': [{'from': 'A', 'to': 'B', 'when': 'inputs.go == true'}]}
				"""), json("{'go': false}"), Map.of()));

		RunResult result = harness.result("cond");

		assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(node(harness.run("cond").state(), "B").status()).isEqualTo(NodeStatus.SKIPPED);
		assertThat(result.output()).isEqualTo(json("{}"));
	}

	@Test
	void agentGetsItsPinnedAgentAndEveryEntityItsSpecReferences() {
		harness.entity("prompts", "careful", "{'template': 'Be careful.'}")
			.tool("calculator")
			.entity("guardrails", "no-pii", "{}")
			.entity("agents", "full", """
					{'model': {'name': 'stub-model', 'version': 1}, 'systemPrompt': {'name': 'careful', 'version': 1},
					 'tools': [{'name': 'calculator', 'version': 1}], 'guardrails': [{'name': 'no-pii', 'version': 1}],
					 'stub': {'echoEntities': true}}
					""");
		harness.start("closure", """
				{'nodes': [{'id': 'think', 'type': 'agent', 'agent': {'name': 'full', 'version': 1}, 'prompt': 'hi'}],
				 'output': '{{nodes.think.output}}'}
				""");

		RunResult result = harness.result("closure");

		assertThat(result.output()).isEqualTo(json("""
				{'agent': 'agents/full@1', 'entities': ['models/stub-model@1', 'prompts/careful@1',
				 'tools/calculator@1', 'guardrails/no-pii@1']}
				"""));
	}

	@Test
	void subpipelineRunsThePinnedPipelineAsAChildWithItsRenderedInput() {
		harness.entity("pipelines", "child", """
				{'inputs': {'topic': {'type': 'string', 'required': true}},
				 'nodes': [{'id': 'inner', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}, 'args': {'q': '{{inputs.topic}}'}}],
				 'output': '{{nodes.inner.output}}'}
				""");
		harness.start("parent", """
				{'nodes': [
				  {'id': 'A', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
				  {'id': 'sub', 'type': 'subpipeline', 'pipeline': {'name': 'child', 'version': 1}, 'input': {'topic': '{{nodes.A.output}}'}}
				 ],
				 'edges': [{'from': 'A', 'to': 'sub'}],
				 'output': '{{nodes.sub.output}}'}
				""");

		RunResult result = harness.result("parent");

		assertThat(result.output().asText()).isEqualTo("inner done");
		assertThat(harness.tools.lastArgs("inner")).isEqualTo(json("{'q': 'A done'}"));
		RunView child = harness.client
			.newWorkflowStub(dev.trellis.workflows.api.PipelineWorkflow.class, EngineHarness.workflowId("parent") + "/sub")
			.state();
		assertThat(child.runId()).isEqualTo("parent/sub");
		assertThat(child.pipeline().name()).isEqualTo("child");
	}

}
