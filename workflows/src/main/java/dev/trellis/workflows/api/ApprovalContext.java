package dev.trellis.workflows.api;

import java.util.List;

/**
 * What produced the output under review, for the audit: the pipeline and the pinned entities of the
 * node (agent, model versions) that made it.
 */
public record ApprovalContext(PipelineRef pipeline, List<String> producedBy) {
}
