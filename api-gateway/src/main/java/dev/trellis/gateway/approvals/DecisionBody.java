package dev.trellis.gateway.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/approvals/{approvalId}/decision}.
 *
 * @param decision {@code approve}, {@code reject} or {@code edit}
 * @param output the edited output; required for {@code edit}, and what flows downstream then
 * @param comment readable downstream as {@code nodes.<id>.comment}
 */
record DecisionBody(
		@NotNull @Pattern(regexp = "approve|reject|edit", message = "must be approve, reject or edit") String decision,
		JsonNode output, @Size(max = 10_000) String comment) {

	/** A JSON {@code null} output is no output: an edit needs a real value. */
	JsonNode outputOrNull() {
		return output == null || output.isNull() || output.isMissingNode() ? null : output;
	}

}
