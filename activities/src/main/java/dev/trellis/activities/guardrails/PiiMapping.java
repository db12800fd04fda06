package dev.trellis.activities.guardrails;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The placeholders of one model call and what they stand for. It lives only as long as the call:
 * the originals never leave the activity, and the same value always gets the same placeholder so
 * the model can refer to it consistently.
 */
public class PiiMapping {

	private final Map<String, String> byValue = new LinkedHashMap<>();

	private final Map<String, String> byPlaceholder = new LinkedHashMap<>();

	private final Map<String, Integer> counters = new LinkedHashMap<>();

	String placeholderFor(String label, String value) {
		return byValue.computeIfAbsent(label + "\u0000" + value, k -> {
			int n = counters.merge(label, 1, Integer::sum);
			String placeholder = "[" + label + "_" + n + "]";
			byPlaceholder.put(placeholder, value);
			return placeholder;
		});
	}

	public boolean isEmpty() {
		return byPlaceholder.isEmpty();
	}

	public int size() {
		return byPlaceholder.size();
	}

	/** Puts the original values back wherever the text contains a placeholder of this call. */
	public String unmask(String text) {
		if (text == null || byPlaceholder.isEmpty()) {
			return text;
		}
		String out = text;
		for (Map.Entry<String, String> e : byPlaceholder.entrySet()) {
			out = out.replace(e.getKey(), e.getValue());
		}
		return out;
	}

}
