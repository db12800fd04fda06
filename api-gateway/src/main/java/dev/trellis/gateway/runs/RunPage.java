package dev.trellis.gateway.runs;

import java.time.Instant;
import java.util.List;

import dev.trellis.temporal.TemporalProperties;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.common.converter.DataConverter;

/** A page of {@code GET /api/runs}: items newest first and an opaque cursor for the next page. */
public record RunPage(List<Item> items, String nextCursor) {

	/**
	 * One run in a list, from Temporal visibility.
	 *
	 * @param error why the run failed (type and message, e.g. {@code ToolFailed}); null unless it failed
	 */
	public record Item(String runId, String workflowId, String pipeline, Long pipelineVersion, String status,
			String startedBy, Instant startedAt, Instant endedAt, String temporalUi, ItemError error) {

		static Item of(WorkflowExecutionInfo info, DataConverter converter, TemporalProperties temporal,
				ItemError error) {
			var attributes = info.getSearchAttributes().getIndexedFieldsMap();
			String workflowId = info.getExecution().getWorkflowId();
			String runId = workflowId.substring(workflowId.lastIndexOf('-') + 1);
			Instant ended = info.hasCloseTime()
					? Instant.ofEpochSecond(info.getCloseTime().getSeconds(), info.getCloseTime().getNanos()) : null;
			return new Item(runId, workflowId, string(attributes.get("TrellisPipeline"), converter),
					number(attributes.get("TrellisPipelineVersion"), converter),
					string(attributes.get("TrellisStatus"), converter), string(attributes.get("TrellisStartedBy"), converter),
					Instant.ofEpochSecond(info.getStartTime().getSeconds(), info.getStartTime().getNanos()), ended,
					temporal.uiUrl() + "/namespaces/" + temporal.namespace() + "/workflows/" + workflowId, error);
		}

		private static String string(Payload payload, DataConverter converter) {
			return payload == null ? null : converter.fromPayload(payload, String.class, String.class);
		}

		private static Long number(Payload payload, DataConverter converter) {
			return payload == null ? null : converter.fromPayload(payload, Long.class, Long.class);
		}

	}

	/** The error class of a failed run: a stable type such as {@code ToolFailed} and a readable message. */
	public record ItemError(String type, String message) {
	}

}
