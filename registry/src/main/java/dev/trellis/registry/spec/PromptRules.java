package dev.trellis.registry.spec;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A prompt template and the variables it declares. Every {@code {{placeholder}}} must name a declared
 * variable (or a field of one, {@code {{user.name}}}), so a typo is caught when the prompt is saved,
 * not when a run renders it.
 *
 * <pre>{@code
 * {"template": "You are a careful researcher. Today is {{date}}.", "variables": ["date"]}
 * }</pre>
 */
final class PromptRules {

	private static final Set<String> FIELDS = Set.of("template", "variables");

	private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");

	private static final Pattern USE = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)(\\.[A-Za-z0-9_]+)*\\s*");

	private PromptRules() {
	}

	static void check(JsonNode spec, SpecContext ctx) {
		Fields prompt = Fields.of(spec, "", ctx, FIELDS);
		if (prompt == null) {
			return;
		}
		prompt.require("template");
		List<String> variables = prompt.strings("variables", Set.of());
		JsonNode declared = prompt.get("variables");
		for (int i = 0; declared != null && i < declared.size(); i++) {
			if (declared.get(i).isTextual() && !VARIABLE.matcher(declared.get(i).asText()).matches()) {
				ctx.problem(prompt.at("variables") + "[" + i + "]",
						"must be an identifier: letters, digits and '_', not starting with a digit");
			}
		}
		String template = prompt.text("template");
		if (template != null) {
			checkPlaceholders(template, variables, prompt.at("template"), ctx);
		}
	}

	private static void checkPlaceholders(String template, List<String> variables, String path, SpecContext ctx) {
		Matcher m = PLACEHOLDER.matcher(template);
		int end = 0;
		while (m.find()) {
			if (template.substring(end, m.start()).contains("{{")) {
				break;
			}
			end = m.end();
			Matcher use = USE.matcher(m.group(1));
			if (!use.matches()) {
				ctx.problem(path, "placeholder {{" + m.group(1) + "}} is not a variable name");
			}
			else if (!variables.contains(use.group(1))) {
				ctx.problem(path, "placeholder {{" + m.group(1).strip() + "}} uses '" + use.group(1)
						+ "', which is not declared in variables");
			}
		}
		if (template.indexOf("{{", end) >= 0) {
			ctx.problem(path, "a placeholder opened with {{ at character " + template.indexOf("{{", end)
					+ " is never closed with }}");
		}
	}

}
