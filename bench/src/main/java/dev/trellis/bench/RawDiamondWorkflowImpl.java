package dev.trellis.bench;

import dev.trellis.workflows.api.ToolResult;
import io.temporal.workflow.Promise;

/** Node ids match {@link Pipelines#diamonds}, so both variants send identical tool calls. */
public class RawDiamondWorkflowImpl implements RawDiamondWorkflow {

	@Override
	public ToolResult run(RawRun run) {
		RawNodes.call(run, Pipelines.ROOT);
		for (int d = 0; d < run.size(); d++) {
			Promise<ToolResult> left = RawNodes.start(run, Pipelines.branch(d, 'a'));
			Promise<ToolResult> right = RawNodes.start(run, Pipelines.branch(d, 'b'));
			Promise.allOf(left, right).get();
			RawNodes.call(run, Pipelines.join(d));
		}
		return RawNodes.call(run, Pipelines.END);
	}

}
