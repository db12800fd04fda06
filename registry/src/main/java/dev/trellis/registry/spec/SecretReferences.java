package dev.trellis.registry.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secret references ({@code secret://name}) in specs. Specs hold only references; the value is
 * fetched by the activity that needs it, for that one call.
 */
final class SecretReferences {

	static final String PREFIX = "secret://";

	private static final Pattern REFERENCE = Pattern.compile("secret://[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	private static final Pattern MENTION = Pattern.compile("secret://\\S*");

	private SecretReferences() {
	}

	/** Whether {@code text} is exactly one secret reference. */
	static boolean isReference(String text) {
		return REFERENCE.matcher(text).matches();
	}

	/** Whether {@code text} contains at least one reference and every {@code secret://} in it is well formed. */
	static boolean containsOnlyValidReferences(String text) {
		Matcher m = MENTION.matcher(text);
		boolean any = false;
		while (m.find()) {
			if (!REFERENCE.matcher(m.group()).matches()) {
				return false;
			}
			any = true;
		}
		return any;
	}

	static boolean mentions(String text) {
		return text.contains(PREFIX);
	}

}
