package dev.trellis.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A compiled node with everything the interpreter needs: its edges, its transitive ancestors and
 * its type-specific settings already parsed.
 *
 * <pre>{@code
 * PlanNode node = plan.node("research");
 * if (node.type() == NodeType.AGENT) {
 *     String prompt = node.prompt().render(templateContext);
 *     runAgent(node.agent(), prompt, node.retry(), node.timeout());
 * }
 * }</pre>
 *
 * @param index the node's position in {@code nodes} (declaration order)
 * @param id the node id
 * @param type the node type
 * @param incoming edges into this node, in declaration order
 * @param outgoing edges out of this node, in declaration order
 * @param upstream ids of all transitive ancestors, in topological order
 * @param retry the retry policy ({@link RetrySpec#defaults()} when not given)
 * @param timeout the node's timeout, or {@code null}
 * @param continueOnError whether a failure lets downstream nodes run anyway
 * @param raw a copy of the node's JSON, for fields the plan does not model (label, description)
 * @param agent the agent for {@link NodeType#AGENT} nodes, otherwise {@code null}
 * @param tool the tool for {@link NodeType#TOOL} nodes, otherwise {@code null}
 * @param pipeline the child pipeline for {@link NodeType#SUBPIPELINE} nodes, otherwise
 * {@code null}
 * @param prompt the prompt of agent nodes, otherwise {@code null}
 * @param args tool arguments, or a subpipeline's {@code input}; {@code {}} when absent there,
 * {@code null} for other types
 * @param review the review settings of human_review nodes, otherwise {@code null}
 */
public record PlanNode(int index, String id, NodeType type, List<PlanEdge> incoming, List<PlanEdge> outgoing,
		Set<String> upstream, RetrySpec retry, Duration timeout, boolean continueOnError, JsonNode raw,
		EntityRef agent, EntityRef tool, EntityRef pipeline, Template prompt, JsonTemplate args, ReviewSpec review) {

	/** Whether the node has no incoming edges and so starts with the run. */
	public boolean isRoot() {
		return this.incoming.isEmpty();
	}

}
