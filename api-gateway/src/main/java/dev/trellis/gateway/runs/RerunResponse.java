package dev.trellis.gateway.runs;

import java.util.List;

/**
 * What a rerun or retry answers (202).
 *
 * @param runId the new run
 * @param rerunOf the run it continues
 * @param fromNodes the nodes it runs again (with their downstream): {@code fromNode}, or a retry's
 * failed nodes
 * @param reused the nodes whose recorded results it takes, in plan order
 * @param created false when a retry of the same run by the same user already existed and is returned
 */
public record RerunResponse(String runId, String rerunOf, String workflowId, List<String> fromNodes,
		List<String> reused, boolean created, RunJson.Links links) {
}
