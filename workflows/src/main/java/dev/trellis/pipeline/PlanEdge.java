package dev.trellis.pipeline;

/**
 * A compiled edge: {@code from} must finish (and {@code when}, if any, hold) before {@code to}
 * may start.
 *
 * <pre>{@code
 * for (PlanEdge edge : plan.node("review").outgoing()) {
 *     boolean taken = edge.when() == null || edge.when().evaluate(conditionContext);
 * }
 * }</pre>
 *
 * @param index the edge's position in {@code edges}, used in error paths and events
 * @param from the source node id
 * @param to the target node id
 * @param when the condition, or {@code null} for an unconditional edge
 */
public record PlanEdge(int index, String from, String to, Condition when) {

	/** Whether the edge is taken regardless of outcomes. */
	public boolean isUnconditional() {
		return this.when == null;
	}

}
