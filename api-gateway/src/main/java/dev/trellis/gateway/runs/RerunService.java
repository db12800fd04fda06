package dev.trellis.gateway.runs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.gateway.security.Caller;
import dev.trellis.gateway.web.ApiException;
import dev.trellis.registry.RegistryNotFoundException;
import dev.trellis.registry.ResolvedPipeline;
import dev.trellis.registry.RunSnapshotResolver;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.NodeView;
import dev.trellis.workflows.api.RunStatus;
import dev.trellis.workflows.api.RunView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Rerun from a node, and retry of failed runs: both start a NEW run, linked to the original, that
 * reuses the recorded results of the original's completed nodes (see {@link RerunPlanner}). The
 * original run is only read: its history, state and audit stay as they were; the action is
 * audited on the new run.
 */
@Service
@ConditionalOnRole(TrellisRole.GATEWAY)
public class RerunService {

	private static final Logger log = LoggerFactory.getLogger(RerunService.class);

	private final RunService runs;

	private final RunSnapshotResolver snapshots;

	private final RunActionLog actions;

	RerunService(RunService runs, RunSnapshotResolver snapshots, RunActionLog actions) {
		this.runs = runs;
		this.snapshots = snapshots;
		this.actions = actions;
	}

	/** {@code POST /api/runs/{runId}/rerun}. */
	public RerunResponse rerun(String runId, RerunRequest request, Caller caller) {
		RunRecord original = runs.record(runId);
		RunView view = runs.query(original);
		ResolvedPipeline before = snapshots.resolve(original.pipeline(), original.pipelineVersion());
		ResolvedPipeline after = target(original, before, request.pipelineVersion());
		RerunPlanner.Plan plan = new RerunPlanner(before, after, view).rerunFrom(List.of(request.fromNode()),
				"fromNode", request.overrides());
		RunService.StartedRun started = runs.start(
				new StartRunRequest(original.pipeline(), after.pipeline().version(), view.input(), null), caller,
				plan.reuse(), runId, request.fromNode());
		ObjectNode details = details(runId, List.of(request.fromNode()), plan).put("pipelineVersion",
				after.pipeline().version());
		var overridden = details.putArray("overrides");
		if (request.overrides() != null) {
			request.overrides().keySet().stream().sorted().forEach(overridden::add);
		}
		actions.append(started.runId(), RunAction.RERUN, caller.username(), details);
		return response(started, runId, List.of(request.fromNode()), plan);
	}

	/**
	 * {@code POST /api/runs/{runId}/retry}: a FAILED run again from its failed nodes, on the same
	 * version, reusing everything that completed outside their downstream. Retrying the same run twice
	 * answers the first retry (per user), so a double click starts one run.
	 */
	public RerunResponse retry(String runId, Caller caller) {
		RunRecord original = runs.record(runId);
		RunView view = runs.query(original);
		if (view.status() != RunStatus.FAILED) {
			throw ApiException.conflict("Run " + runId + " is " + view.status() + "; only a FAILED run can be retried");
		}
		ResolvedPipeline pipeline = snapshots.resolve(original.pipeline(), original.pipelineVersion());
		List<String> failed = view.nodes()
			.stream()
			.filter(n -> n.status() == NodeStatus.FAILED)
			.map(NodeView::id)
			.toList();
		RerunPlanner.Plan plan = new RerunPlanner(pipeline, pipeline, view).rerunFrom(failed, "runId", null);
		RunService.StartedRun started = runs.start(
				new StartRunRequest(original.pipeline(), original.pipelineVersion(), view.input(), "retry-of:" + runId),
				caller, plan.reuse(), runId, failed.isEmpty() ? null : String.join(",", failed));
		if (started.created()) {
			actions.append(started.runId(), RunAction.RETRY, caller.username(), details(runId, failed, plan));
		}
		return response(started, runId, failed, plan);
	}

	/**
	 * {@code POST /api/runs/retry}: retries each run on its own, so one that cannot be retried (not
	 * failed, unknown) is reported in its result and does not stop the others.
	 */
	public BulkRetryResponse retryAll(List<String> runIds, Caller caller) {
		List<BulkRetryResponse.Result> results = new ArrayList<>();
		for (String runId : new LinkedHashSet<>(runIds)) {
			try {
				results.add(new BulkRetryResponse.Result(runId, HttpStatus.ACCEPTED.value(), retry(runId, caller),
						null));
			}
			catch (ApiException e) {
				results.add(new BulkRetryResponse.Result(runId, e.status().value(), null, e.getMessage()));
			}
			catch (RuntimeException e) {
				log.error("Retry of run {} failed", runId, e);
				results.add(new BulkRetryResponse.Result(runId, HttpStatus.INTERNAL_SERVER_ERROR.value(), null,
						"The retry could not be started; the gateway log has the cause"));
			}
		}
		return new BulkRetryResponse(results);
	}

	/** The version a rerun executes: the original's, or an existing other version of the same pipeline. */
	private ResolvedPipeline target(RunRecord original, ResolvedPipeline before, Integer version) {
		if (version == null || version == original.pipelineVersion()) {
			return before;
		}
		try {
			return snapshots.resolve(original.pipeline(), version);
		}
		catch (RegistryNotFoundException e) {
			String message = "pipeline '" + original.pipeline() + "' has no version " + version;
			throw ApiException.badRequest(message, List.of(new ApiException.FieldProblem("pipelineVersion", message)));
		}
	}

	private static ObjectNode details(String rerunOf, List<String> fromNodes, RerunPlanner.Plan plan) {
		ObjectNode details = JsonNodeFactory.instance.objectNode().put("rerunOf", rerunOf);
		fromNodes.forEach(details.putArray("fromNodes")::add);
		plan.reuse().keySet().forEach(details.putArray("reused")::add);
		return details;
	}

	private static RerunResponse response(RunService.StartedRun started, String rerunOf, List<String> fromNodes,
			RerunPlanner.Plan plan) {
		return new RerunResponse(started.runId(), rerunOf, started.workflowId(), fromNodes,
				List.copyOf(plan.reuse().keySet()), started.created(), started.links());
	}

}
