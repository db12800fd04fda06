package dev.trellis.activities.secrets;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secret references in entity specs: a whole value {@code secret://name}, or {@code {{secret://name}}}
 * inside a longer value such as {@code Bearer {{secret://cms-token}}}.
 */
public final class SecretReferences {

	public static final String PREFIX = "secret://";

	private static final Pattern INLINE = Pattern.compile("\\{\\{\\s*secret://([A-Za-z0-9._-]+)\\s*}}");

	private SecretReferences() {
	}

	public static boolean isReference(String value) {
		return value != null && value.startsWith(PREFIX);
	}

	/** The secret name of a whole-value reference. */
	public static String name(String reference) {
		return reference.substring(PREFIX.length()).trim();
	}

	/**
	 * Replaces every reference in the value by the secret's value; a value without references is
	 * returned as is.
	 */
	public static String resolveAll(String value, SecretResolver resolver) {
		if (value == null) {
			return null;
		}
		if (isReference(value)) {
			return resolver.resolve(name(value));
		}
		Matcher m = INLINE.matcher(value);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			m.appendReplacement(out, Matcher.quoteReplacement(resolver.resolve(m.group(1))));
		}
		m.appendTail(out);
		return out.toString();
	}

}
