package dev.trellis.pipeline;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses the durations pipeline authors write: ISO-8601 ({@code PT72H}, {@code P1DT2H}) or the
 * short form ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 72h}, {@code 1d}, or several parts
 * such as {@code 1h30m}).
 *
 * <pre>{@code
 * Duration timeout = Durations.parse("72h");    // PT72H
 * Duration wait = Durations.parse("1m30s");     // PT1M30S
 * }</pre>
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Parses {@code text}.
	 * @throws IllegalArgumentException if {@code text} is null, malformed, negative or too large
	 */
	/**
	 * Like {@link #parse(String)}, but a missing or unreadable value gives {@code fallback}: for pinned
	 * entity specs, which the registry validated at save time, a bad value must not fail every call.
	 */
	public static Duration parseOr(String text, Duration fallback) {
		if (text == null || text.isBlank()) {
			return fallback;
		}
		try {
			return parse(text);
		}
		catch (IllegalArgumentException e) {
			return fallback;
		}
	}

	public static Duration parse(String text) {
		if (text == null) {
			throw new IllegalArgumentException("a duration is required, such as 30s or PT30S");
		}
		String trimmed = text.strip();
		try {
			Duration duration = trimmed.toUpperCase(Locale.ROOT).startsWith("P") ? Duration.parse(trimmed)
					: parseShortForm(trimmed);
			if (duration.isNegative()) {
				throw new IllegalArgumentException("'" + text + "' is negative; durations must be positive");
			}
			return duration;
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			throw invalid(text);
		}
	}

	private static Duration parseShortForm(String text) {
		if (text.isEmpty()) {
			throw invalid(text);
		}
		Duration total = Duration.ZERO;
		int i = 0;
		while (i < text.length()) {
			int digitsStart = i;
			while (i < text.length() && Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
				i++;
			}
			// Eighteen digits always fit a long, so longer numbers are refused rather than overflowed.
			if (i == digitsStart || i - digitsStart > 18) {
				throw invalid(text);
			}
			long amount = Long.parseLong(text.substring(digitsStart, i));
			int unitStart = i;
			while (i < text.length() && Character.isLetter(text.charAt(i))) {
				i++;
			}
			total = total.plus(unit(text.substring(unitStart, i), amount, text));
		}
		return total;
	}

	private static Duration unit(String unit, long amount, String text) {
		return switch (unit) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			case "d" -> Duration.ofDays(amount);
			default -> throw invalid(text);
		};
	}

	private static IllegalArgumentException invalid(String text) {
		return new IllegalArgumentException(
				"'" + text + "' is not a duration; use ISO-8601 such as PT72H or a number with a unit: ms, s, m, h, d "
						+ "(for example 30s, 5m, 72h, 1d or 1h30m)");
	}

}
