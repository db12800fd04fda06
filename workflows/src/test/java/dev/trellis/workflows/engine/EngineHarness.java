package dev.trellis.workflows.engine;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.trellis.pipeline.PipelineWarmUp;
import dev.trellis.workflows.api.DecisionRequest;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.NodeRecord;
import dev.trellis.workflows.api.NodeView;
import dev.trellis.workflows.api.PipelineRef;
import dev.trellis.workflows.api.PipelineWorkflow;
import dev.trellis.workflows.api.RunResult;
import dev.trellis.workflows.api.RunSnapshot;
import dev.trellis.workflows.api.RunView;
import dev.trellis.workflows.api.TaskQueues;
import dev.trellis.workflows.api.TrellisSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

/**
 * A time-skipping Temporal test server with the real pipeline workflow, the stub agent and recording
 * activity stubs, plus a small vocabulary for building snapshots and waiting on a run's state.
 */
final class EngineHarness implements AutoCloseable {

	static final ObjectMapper JSON = new ObjectMapper();

	static final String PIPELINE = "test-pipeline";

	final TestWorkflowEnvironment env;

	final WorkflowClient client;

	final Stubs.Tools tools;

	final Stubs.Approvals approvals;

	final Stubs.Events events = new Stubs.Events();

	private final Map<String, EntityVersion> entities = new LinkedHashMap<>();

	EngineHarness() {
		// As a worker does before it polls: class loading inside the first workflow task can trip the
		// SDK's one-second deadlock detector on a busy machine.
		PipelineWarmUp.run();
		env = TestWorkflowEnvironment.newInstance();
		env.registerSearchAttribute(TrellisSearchAttributes.PIPELINE.getName(),
				IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
		env.registerSearchAttribute(TrellisSearchAttributes.PIPELINE_VERSION.getName(),
				IndexedValueType.INDEXED_VALUE_TYPE_INT);
		env.registerSearchAttribute(TrellisSearchAttributes.STATUS.getName(),
				IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
		env.registerSearchAttribute(TrellisSearchAttributes.STARTED_BY.getName(),
				IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
		client = env.getWorkflowClient();
		tools = new Stubs.Tools(env::currentTimeMillis);
		approvals = new Stubs.Approvals(env::currentTimeMillis);
		Worker worker = env.newWorker(TaskQueues.MAIN);
		worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class, StubAgentWorkflow.class);
		worker.registerActivitiesImplementations(tools, approvals, events);
		env.start();
		entity("models", "stub-model", "{}");
	}

	/** JSON written with single quotes, to keep definitions readable inside Java strings. */
	static JsonNode json(String singleQuoted) {
		try {
			return JSON.readTree(singleQuoted.replace('\'', '"'));
		}
		catch (JsonProcessingException e) {
			throw new IllegalArgumentException(e);
		}
	}

	EngineHarness entity(String kind, String name, String singleQuotedSpec) {
		EntityVersion entity = new EntityVersion(kind, name, 1, "sha256:" + name, json(singleQuotedSpec));
		entities.put(entity.key(), entity);
		return this;
	}

	EngineHarness tool(String name) {
		return entity("tools", name, "{'implementation': 'builtin:" + name + "'}");
	}

	/** An agent on the stub model; {@code stub} configures {@link StubAgentWorkflow}. */
	EngineHarness agent(String name, String singleQuotedStub) {
		return entity("agents", name,
				"{'model': {'name': 'stub-model', 'version': 1}, 'stub': " + singleQuotedStub + "}");
	}

	RunSnapshot snapshot(String runId, JsonNode definition, JsonNode input, Map<String, NodeRecord> reuse) {
		return new RunSnapshot(runId, new PipelineRef(PIPELINE, 1), definition, entities, input, "ana", reuse);
	}

	PipelineWorkflow start(String runId, String singleQuotedDefinition) {
		return start(snapshot(runId, json(singleQuotedDefinition), json("{}"), Map.of()));
	}

	PipelineWorkflow start(RunSnapshot snapshot) {
		PipelineWorkflow run = client.newWorkflowStub(PipelineWorkflow.class, WorkflowOptions.newBuilder()
			.setWorkflowId(workflowId(snapshot.runId()))
			.setTaskQueue(TaskQueues.MAIN)
			.build());
		WorkflowClient.start(run::run, snapshot);
		return run;
	}

	static String workflowId(String runId) {
		return PipelineWorkflow.workflowId(PIPELINE, runId);
	}

	PipelineWorkflow run(String runId) {
		return client.newWorkflowStub(PipelineWorkflow.class, workflowId(runId));
	}

	WorkflowStub untyped(String runId) {
		return client.newUntypedWorkflowStub(workflowId(runId));
	}

	/** Waits for the run to end (skipping time) and returns its result; throws when it failed. */
	RunResult result(String runId) {
		return untyped(runId).getResult(RunResult.class);
	}

	/**
	 * Polls the {@code state} query until it satisfies {@code condition}. Workflow time does not move
	 * while this waits (the test server only skips time while a client blocks on a result or
	 * {@code env.sleep}), so this only waits for the worker to catch up.
	 */
	RunView awaitState(String runId, Predicate<RunView> condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		RunView view = run(runId).state();
		while (!condition.test(view)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Run " + runId + " never reached the expected state; last: " + view);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new AssertionError(e);
			}
			view = run(runId).state();
		}
		return view;
	}

	static NodeView node(RunView view, String id) {
		return view.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
	}

	static DecisionRequest decision(String approvalId, String verb, String caller, String comment) {
		return new DecisionRequest(approvalId, verb, null, comment, caller, List.of(), false);
	}

	static DecisionRequest edit(String approvalId, String caller, JsonNode output) {
		return new DecisionRequest(approvalId, "edit", output, "edited", caller, List.of(), false);
	}

	static ObjectNode object() {
		return JSON.createObjectNode();
	}

	@Override
	public void close() {
		env.close();
	}

}
