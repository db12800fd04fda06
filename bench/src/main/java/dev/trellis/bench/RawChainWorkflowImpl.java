package dev.trellis.bench;

import dev.trellis.workflows.api.ToolResult;
import io.temporal.workflow.Promise;

/**
 * Node ids match {@link Pipelines#chain}, so both variants send identical tool calls. With
 * {@link RawRun#recordEvents()} each workflow task also flushes the events the interpreter would
 * emit in it, after scheduling the next node, as the interpreter does.
 */
public class RawChainWorkflowImpl implements RawChainWorkflow {

	@Override
	public ToolResult run(RawRun run) {
		RawEvents events = run.recordEvents() ? new RawEvents(run.runId()).runStarted() : null;
		ToolResult last = null;
		for (int i = 0; i < run.size(); i++) {
			String node = Pipelines.chainNode(i);
			Promise<ToolResult> result = RawNodes.start(run, node);
			if (events != null) {
				events.nodeStarted(node).flush();
			}
			last = result.get();
			if (events != null) {
				events.nodeCompleted(node);
			}
		}
		if (events != null) {
			events.runCompleted().flush();
		}
		return last;
	}

}
