package dev.trellis.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The dependency graph over node positions. Everything here is computed with bit sets and
 * index-ordered queues so results depend only on declaration order, never on hashing. Pipelines
 * are capped at {@value DefinitionReader#MAX_NODES} nodes, so the quadratic closure is cheap.
 */
final class PipelineGraph {

	private final int size;

	private final List<List<ParsedEdge>> outgoing = new ArrayList<>();

	private final List<List<ParsedEdge>> incoming = new ArrayList<>();

	/** {@code descendants[u]} holds every node reachable from u, including u only if u is on a cycle. */
	private final BitSet[] descendants;

	private final BitSet[] ancestors;

	PipelineGraph(int size, List<ParsedEdge> edges) {
		this.size = size;
		for (int i = 0; i < size; i++) {
			this.outgoing.add(new ArrayList<>());
			this.incoming.add(new ArrayList<>());
		}
		for (ParsedEdge edge : edges) {
			this.outgoing.get(edge.from()).add(edge);
			this.incoming.get(edge.to()).add(edge);
		}
		this.descendants = new BitSet[size];
		for (int i = 0; i < size; i++) {
			this.descendants[i] = reachableFrom(List.of(i), true);
		}
		this.ancestors = new BitSet[size];
		for (int i = 0; i < size; i++) {
			this.ancestors[i] = new BitSet(size);
		}
		for (int v = 0; v < size; v++) {
			for (int u = this.descendants[v].nextSetBit(0); u >= 0; u = this.descendants[v].nextSetBit(u + 1)) {
				if (u != v) {
					this.ancestors[u].set(v);
				}
			}
		}
	}

	List<ParsedEdge> outgoing(int node) {
		return this.outgoing.get(node);
	}

	List<ParsedEdge> incoming(int node) {
		return this.incoming.get(node);
	}

	/** Nodes without incoming edges, in declaration order. */
	List<Integer> roots() {
		List<Integer> roots = new ArrayList<>();
		for (int i = 0; i < this.size; i++) {
			if (this.incoming.get(i).isEmpty()) {
				roots.add(i);
			}
		}
		return roots;
	}

	/** Every transitive ancestor of {@code node}, never the node itself. */
	BitSet ancestors(int node) {
		return (BitSet) this.ancestors[node].clone();
	}

	/** The roots and every node reachable from them. */
	BitSet reachableFromRoots() {
		return reachableFrom(roots(), false);
	}

	private BitSet reachableFrom(List<Integer> starts, boolean excludeStarts) {
		BitSet seen = new BitSet(this.size);
		Deque<Integer> queue = new ArrayDeque<>();
		for (int start : starts) {
			if (!excludeStarts) {
				seen.set(start);
			}
			queue.add(start);
		}
		while (!queue.isEmpty()) {
			for (ParsedEdge edge : this.outgoing.get(queue.poll())) {
				if (!seen.get(edge.to())) {
					seen.set(edge.to());
					queue.add(edge.to());
				}
			}
		}
		return seen;
	}

	/**
	 * One cycle per group of nodes that reach each other, as the edges that form it: the shortest
	 * cycle through the group's first-declared node. Groups are ordered by that node.
	 */
	List<List<ParsedEdge>> cycles() {
		List<List<ParsedEdge>> cycles = new ArrayList<>();
		BitSet covered = new BitSet(this.size);
		for (int start = 0; start < this.size; start++) {
			if (covered.get(start) || !this.descendants[start].get(start)) {
				continue;
			}
			BitSet group = (BitSet) this.descendants[start].clone();
			group.and(this.ancestors[start]);
			group.set(start);
			covered.or(group);
			cycles.add(shortestCycle(start, group));
		}
		return cycles;
	}

	private List<ParsedEdge> shortestCycle(int start, BitSet group) {
		ParsedEdge[] via = new ParsedEdge[this.size];
		Deque<Integer> queue = new ArrayDeque<>(List.of(start));
		while (!queue.isEmpty()) {
			int node = queue.poll();
			for (ParsedEdge edge : this.outgoing.get(node)) {
				if (edge.to() == start) {
					List<ParsedEdge> cycle = new ArrayList<>(List.of(edge));
					for (int at = node; at != start; at = via[at].from()) {
						cycle.add(0, via[at]);
					}
					return cycle;
				}
				if (group.get(edge.to()) && via[edge.to()] == null) {
					via[edge.to()] = edge;
					queue.add(edge.to());
				}
			}
		}
		throw new IllegalStateException("node " + start + " is on a cycle but no cycle was found");
	}

	/**
	 * Kahn's algorithm, always releasing the earliest-declared ready node first, so the order is
	 * stable. Nodes on or behind a cycle are missing from the result.
	 */
	List<Integer> topologicalOrder() {
		int[] waiting = new int[this.size];
		PriorityQueue<Integer> ready = new PriorityQueue<>();
		for (int i = 0; i < this.size; i++) {
			waiting[i] = this.incoming.get(i).size();
			if (waiting[i] == 0) {
				ready.add(i);
			}
		}
		List<Integer> order = new ArrayList<>(this.size);
		while (!ready.isEmpty()) {
			int node = ready.poll();
			order.add(node);
			for (ParsedEdge edge : this.outgoing.get(node)) {
				if (--waiting[edge.to()] == 0) {
					ready.add(edge.to());
				}
			}
		}
		return order;
	}

}
