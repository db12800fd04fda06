package dev.trellis.workflows.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A reviewer's decision as the gateway sends it. The caller's identity travels with it so the
 * workflow's update validator can refuse a caller who is not an assignee.
 *
 * @param decision {@code approve}, {@code reject} or {@code edit}
 * @param output the edited output (required for {@code edit})
 */
public record DecisionRequest(String approvalId, String decision, JsonNode output, String comment, String caller,
		List<String> callerGroups, boolean callerIsAdmin) {
}
