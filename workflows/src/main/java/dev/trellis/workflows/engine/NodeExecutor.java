package dev.trellis.workflows.engine;

/**
 * Runs one kind of node. Called on the node's own workflow thread inside the node's cancellation
 * scope; it blocks until the node is done and reports how it ended. Temporal failures it does not
 * handle itself are turned into a FAILED or CANCELLED outcome by the caller.
 */
interface NodeExecutor {

	NodeOutcome execute(NodeState node);

}
