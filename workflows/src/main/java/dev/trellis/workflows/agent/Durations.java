package dev.trellis.workflows.agent;

import java.time.Duration;
import java.util.Locale;

/** Reads the duration notations of entity specs: ISO-8601 ({@code PT30S}) or {@code 500ms}, {@code 30s}, {@code 5m}, {@code 72h}, {@code 7d}. */
final class Durations {

	private Durations() {
	}

	static Duration parse(String text, Duration fallback) {
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
			// A malformed duration in a pinned spec falls back rather than failing every run of it;
			// the registry validates durations at save time.
			return fallback;
		}
	}

}
