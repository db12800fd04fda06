package dev.trellis.bench;

import dev.trellis.workflows.api.ToolResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The baseline of the diamond shape: a root, {@code size} diamonds in series (two parallel branches
 * joined by a third node) and an end node, written by hand with promises.
 */
@WorkflowInterface
public interface RawDiamondWorkflow {

	@WorkflowMethod(name = "RawDiamond")
	ToolResult run(RawRun run);

}
