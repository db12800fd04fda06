package dev.trellis.gateway.runs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.gateway.web.ApiException;
import dev.trellis.pipeline.ExecutionPlan;
import dev.trellis.pipeline.PipelineCompiler;
import dev.trellis.pipeline.PlanNode;
import dev.trellis.registry.ResolvedPipeline;
import dev.trellis.workflows.api.NodeRecord;
import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.NodeView;
import dev.trellis.workflows.api.RunView;

/**
 * Decides what a rerun takes from the run it continues. Every node of the original run is a
 * checkpoint: a rerun from some nodes runs those nodes and everything downstream of them again, and
 * reuses the recorded result of every other node that COMPLETED, so no model or tool is called for
 * it. Overrides replace a reused node's recorded output; a newer pipeline version is accepted only
 * when it leaves every reused node as it was ({@link ReusedNodeCheck}).
 *
 * <pre>{@code
 * RerunPlanner.Plan plan = new RerunPlanner(original, target, view).rerunFrom(List.of("write"), "fromNode", overrides);
 * runs.start(request, caller, plan.reuse(), originalRunId, "write");
 * }</pre>
 */
final class RerunPlanner {

	/** The one override form: {@code nodes.<id>.output}, with ids as the compiler allows them. */
	private static final Pattern OVERRIDE = Pattern.compile("nodes\\.([A-Za-z0-9_-]{1,64})\\.output");

	private static final PipelineCompiler COMPILER = new PipelineCompiler();

	private final ResolvedPipeline original;

	private final ResolvedPipeline target;

	private final ExecutionPlan originalPlan;

	private final ExecutionPlan targetPlan;

	private final RunView view;

	private final boolean sameVersion;

	/**
	 * @param original the pipeline version the original run executed
	 * @param target the version the rerun executes: the same one, or a newer one
	 * @param view the original run's state (the {@code state} query)
	 */
	RerunPlanner(ResolvedPipeline original, ResolvedPipeline target, RunView view) {
		this.original = original;
		this.target = target;
		this.originalPlan = COMPILER.compile(original.definition());
		this.sameVersion = original.pipeline().equals(target.pipeline());
		this.targetPlan = sameVersion ? originalPlan : COMPILER.compile(target.definition());
		this.view = view;
	}

	/**
	 * What a rerun from {@code from} reuses.
	 *
	 * @param from the nodes to run again (with their downstream); may be empty to reuse every
	 * completed node
	 * @param field the request field that named {@code from}, for error paths
	 * @param overrides {@code nodes.<id>.output} to a replacement output; null for none
	 * @throws ApiException 400 naming the unknown node, the bad override or the first reused node that
	 * the target version changes
	 */
	Plan rerunFrom(Collection<String> from, String field, Map<String, JsonNode> overrides) {
		for (String id : from) {
			requireNode(originalPlan, id, field, "the pipeline (v" + original.pipeline().version() + ") has no node '"
					+ id + "'");
			requireNode(targetPlan, id, field, "pipeline version " + target.pipeline().version() + " has no node '"
					+ id + "'");
		}
		Set<String> again = new LinkedHashSet<>(from);
		for (String id : from) {
			again.addAll(originalPlan.downstreamOf(id));
			again.addAll(targetPlan.downstreamOf(id));
		}
		Map<String, NodeRecord> reuse = new LinkedHashMap<>();
		for (NodeView node : view.nodes()) {
			if (node.status() == NodeStatus.COMPLETED && !again.contains(node.id())) {
				reuse.put(node.id(), new NodeRecord(NodeStatus.COMPLETED.name(), node.output(), node.comment(),
						node.reviewOutcome()));
			}
		}
		if (!sameVersion) {
			ReusedNodeCheck.firstDifference(originalPlan, targetPlan, reuse.keySet()).ifPresent(difference -> {
				throw ApiException.badRequest("Pipeline version " + target.pipeline().version() + " changes node '"
						+ difference.nodeId() + "', whose recorded result this rerun would reuse (" + difference.what()
						+ "); rerun from '" + difference.nodeId() + "' or a node upstream of it instead",
						List.of(new ApiException.FieldProblem("pipelineVersion", "node '" + difference.nodeId()
								+ "' differs from v" + original.pipeline().version() + ": " + difference.what())));
			});
		}
		applyOverrides(overrides, reuse, again);
		List<String> rerun = new ArrayList<>();
		targetPlan.nodes().stream().map(PlanNode::id).filter(id -> !reuse.containsKey(id)).forEach(rerun::add);
		return new Plan(reuse, rerun);
	}

	private void applyOverrides(Map<String, JsonNode> overrides, Map<String, NodeRecord> reuse, Set<String> again) {
		if (overrides == null) {
			return;
		}
		for (Map.Entry<String, JsonNode> override : overrides.entrySet()) {
			String path = "overrides." + override.getKey();
			Matcher m = OVERRIDE.matcher(override.getKey());
			if (!m.matches()) {
				throw invalid(path, "an override is named nodes.<id>.output");
			}
			String id = m.group(1);
			requireNode(originalPlan, id, path, "the pipeline has no node '" + id + "'");
			NodeRecord recorded = reuse.get(id);
			if (recorded == null) {
				throw invalid(path, again.contains(id)
						? "node '" + id + "' runs again in this rerun (it is a rerun node or downstream of one), so "
								+ "its output cannot be overridden"
						: "node '" + id + "' did not complete in run " + view.runId() + ", so there is no output to "
								+ "override");
			}
			reuse.put(id, new NodeRecord(recorded.status(), override.getValue(), recorded.comment(),
					recorded.reviewOutcome()));
		}
	}

	private static void requireNode(ExecutionPlan plan, String id, String field, String message) {
		if (id == null || !plan.byId().containsKey(id)) {
			throw invalid(field, message);
		}
	}

	private static ApiException invalid(String field, String message) {
		return ApiException.badRequest(message, List.of(new ApiException.FieldProblem(field, message)));
	}

	/**
	 * @param reuse the recorded results the new run takes, by node id
	 * @param rerun the nodes of the target version that are not reused (they run, or are skipped
	 * again), in plan order
	 */
	record Plan(Map<String, NodeRecord> reuse, List<String> rerun) {
	}

}
