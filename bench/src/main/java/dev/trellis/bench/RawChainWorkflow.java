package dev.trellis.bench;

import dev.trellis.workflows.api.ToolResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The baseline of the chain shape: {@code size} tool calls one after another, written by hand. */
@WorkflowInterface
public interface RawChainWorkflow {

	@WorkflowMethod(name = "RawChain")
	ToolResult run(RawRun run);

}
