package dev.trellis.workflows.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.trellis.pipeline.PlanEdge;
import dev.trellis.workflows.api.NodeStatus;

/**
 * Decides when a node may start. Every edge is unresolved until its source node ends; then it is
 * taken or not. The join rule: a node becomes ready once ALL its incoming edges are resolved and AT
 * LEAST ONE of them was taken; when all are resolved and none was taken the node is SKIPPED, which
 * resolves its own outgoing edges as not taken, so skipping propagates. A node therefore never
 * starts while an upstream branch may still reach it, and a branch that was skipped does not block
 * a join that another branch reached.
 */
final class DagScheduler {

	private final RunState state;

	/** Edge index to whether it was taken, for resolved edges only. */
	private final Map<Integer, Boolean> resolved = new HashMap<>();

	/** Ready nodes by declaration position, so they start in a stable order on every replay. */
	private final TreeMap<Integer, NodeState> ready = new TreeMap<>();

	DagScheduler(RunState state) {
		this.state = state;
	}

	/** Makes the plan's roots ready. */
	void start() {
		state.plan.roots().forEach(id -> markReady(state.node(id)));
	}

	boolean hasReady() {
		return !ready.isEmpty();
	}

	/** Removes and returns the first ready node in declaration order. */
	NodeState pollReady() {
		return ready.pollFirstEntry().getValue();
	}

	/** Ready nodes that never started, e.g. because the run paused and then failed. */
	List<NodeState> drainReady() {
		List<NodeState> nodes = new ArrayList<>(ready.values());
		ready.clear();
		return nodes;
	}

	/**
	 * Resolves the outgoing edges of a node that just ended. Targets whose incoming edges are now
	 * all resolved become ready or are skipped (recursively).
	 *
	 * @return the nodes skipped as a consequence, in the order they were skipped
	 */
	List<NodeState> settle(NodeState ended, List<PlanEdge> taken, Instant now) {
		List<NodeState> skipped = new ArrayList<>();
		settle(ended, taken, now, skipped);
		return skipped;
	}

	private void settle(NodeState ended, List<PlanEdge> taken, Instant now, List<NodeState> skipped) {
		for (PlanEdge edge : ended.node.outgoing()) {
			resolved.put(edge.index(), taken.contains(edge));
		}
		for (PlanEdge edge : ended.node.outgoing()) {
			NodeState target = state.node(edge.to());
			if (target.status != NodeStatus.PENDING || ready.containsKey(target.node.index())) {
				continue;
			}
			List<PlanEdge> incoming = target.node.incoming();
			if (!incoming.stream().allMatch(e -> resolved.containsKey(e.index()))) {
				continue;
			}
			if (incoming.stream().anyMatch(e -> resolved.get(e.index()))) {
				markReady(target);
			}
			else {
				target.end(NodeStatus.SKIPPED, now);
				state.publishValues(target);
				skipped.add(target);
				settle(target, List.of(), now, skipped);
			}
		}
	}

	private void markReady(NodeState node) {
		ready.put(node.node.index(), node);
	}

}
