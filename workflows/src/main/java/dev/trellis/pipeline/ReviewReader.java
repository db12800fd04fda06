package dev.trellis.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the fields specific to {@code human_review} nodes into a {@link ReviewSpec}. */
final class ReviewReader {

	static final Set<String> FIELDS = Set.of("title", "show", "assignees", "allowEdit", "onTimeout", "escalateTo",
			"remindBefore");

	private static final String GROUP_PREFIX = "group:";

	private final Fields fields;

	ReviewReader(Fields fields) {
		this.fields = fields;
	}

	ReviewSpec read(JsonNode node, String base, String fallbackTitle, Duration timeout,
			List<ParsedNode.TemplateUse> uses) {
		int before = this.fields.errorCount();
		String title = this.fields.optionalString(node, "title", base);
		String showText = this.fields.optionalString(node, "show", base);
		Template show = (showText != null) ? this.fields.template(showText, base + ".show", uses) : null;
		List<String> assignees = people(node, "assignees", base);
		if (assignees != null && assignees.isEmpty()) {
			this.fields.error(base + ".assignees", "at least one assignee is required (a user name or group:<name>)");
		}
		else if (assignees == null && Fields.get(node, "assignees") == null) {
			this.fields.error(base + ".assignees",
					"'assignees' is required: a non-empty array of user names or group:<name>");
		}
		boolean allowEdit = this.fields.optionalBoolean(node, "allowEdit", base, false);
		String onTimeout = onTimeout(node, base);
		List<String> escalateTo = people(node, "escalateTo", base);
		if ("escalate".equals(onTimeout) && (escalateTo == null || escalateTo.isEmpty())) {
			this.fields.error(base + ".escalateTo", "at least one entry is required when onTimeout is escalate");
		}
		Duration remindBefore = this.fields.optionalDuration(node, "remindBefore", base);
		if (remindBefore != null && timeout == null) {
			this.fields.error(base + ".remindBefore", "needs a timeout to count back from");
		}
		else if (remindBefore != null && remindBefore.compareTo(timeout) >= 0) {
			this.fields.error(base + ".remindBefore", "must be shorter than the timeout");
		}
		if (this.fields.errorCount() != before) {
			return null;
		}
		return new ReviewSpec((title != null) ? title : fallbackTitle, show, assignees, allowEdit, timeout, onTimeout,
				escalateTo, remindBefore);
	}

	private String onTimeout(JsonNode node, String base) {
		String onTimeout = this.fields.optionalString(node, "onTimeout", base);
		if (onTimeout == null) {
			return ReviewSpec.ON_TIMEOUT.get(0);
		}
		if (!ReviewSpec.ON_TIMEOUT.contains(onTimeout)) {
			this.fields.error(base + ".onTimeout",
					"'" + onTimeout + "' is not one of " + String.join(", ", ReviewSpec.ON_TIMEOUT));
		}
		return onTimeout;
	}

	/** Reads user names and {@code group:<name>} entries, reporting a group without a name. */
	private List<String> people(JsonNode node, String field, String base) {
		List<String> people = this.fields.optionalStrings(node, field, base);
		if (people != null) {
			JsonNode entries = node.get(field);
			for (int i = 0; i < entries.size(); i++) {
				String entry = entries.get(i).asText("");
				if (entry.startsWith(GROUP_PREFIX) && entry.substring(GROUP_PREFIX.length()).isBlank()) {
					this.fields.error(base + "." + field + "[" + i + "]", "'" + entry + "' names no group");
				}
			}
		}
		return people;
	}

}
