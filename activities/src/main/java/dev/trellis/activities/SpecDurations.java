package dev.trellis.activities;

import java.time.Duration;
import java.util.Locale;

/**
 * Reads the durations of entity specs ({@code timeout}, {@code ttl}): ISO-8601 ({@code PT30S}) or
 * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 72h}, {@code 7d}. Unreadable values fall back to
 * the default rather than failing a call: the registry validates them at save time.
 *
 * <pre>{@code SpecDurations.parse("30s", Duration.ofMinutes(1))  // PT30S}</pre>
 */
public final class SpecDurations {

	private SpecDurations() {
	}

	public static Duration parse(String text, Duration fallback) {
		if (text == null || text.isBlank()) {
			return fallback;
		}
		String t = text.trim().toLowerCase(Locale.ROOT);
		try {
			if (t.startsWith("p")) {
				return Duration.parse(t.toUpperCase(Locale.ROOT));
			}
			if (t.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
			}
			long n = Long.parseLong(t.substring(0, t.length() - 1).trim());
			return switch (t.charAt(t.length() - 1)) {
				case 's' -> Duration.ofSeconds(n);
				case 'm' -> Duration.ofMinutes(n);
				case 'h' -> Duration.ofHours(n);
				case 'd' -> Duration.ofDays(n);
				default -> fallback;
			};
		}
		catch (RuntimeException e) {
			return fallback;
		}
	}

}
