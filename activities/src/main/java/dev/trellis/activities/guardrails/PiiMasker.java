package dev.trellis.activities.guardrails;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data in text and replaces it with placeholders such as {@code [EMAIL_1]}, keeping
 * the mapping in a {@link PiiMapping} so the model's answer can be unmasked. Detectors run from the
 * most to the least specific, so a card number is never half-taken for a phone number; candidates
 * that fail their checksum (Luhn for cards, mod-97 for IBANs) are left alone.
 *
 * <pre>{@code
 * PiiMapping mapping = new PiiMapping();
 * String masked = masker.mask("Mail ana@example.com", mapping);   // "Mail [EMAIL_1]"
 * String answer = mapping.unmask("I wrote to [EMAIL_1].");        // "I wrote to ana@example.com."
 * }</pre>
 */
public class PiiMasker {

	private record Detector(String label, Pattern pattern, Predicate<String> valid) {
	}

	private static final List<Detector> DETECTORS = List.of(
			new Detector("EMAIL", Pattern.compile("(?<![\\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"),
					s -> true),
			new Detector("IBAN", Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}\\b"), PiiMasker::validIban),
			new Detector("CARD", Pattern.compile("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])"), PiiMasker::validCard),
			new Detector("NATIONAL_ID",
					Pattern.compile("(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}(?![\\d-])"),
					s -> true),
			new Detector("PHONE", Pattern.compile(
					"(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,4}){2,4}(?![\\w])"),
					PiiMasker::plausiblePhone));

	/** Masks every detected item in {@code text}, recording it in {@code mapping}. */
	public String mask(String text, PiiMapping mapping) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String out = text;
		for (Detector d : DETECTORS) {
			Matcher m = d.pattern().matcher(out);
			StringBuilder sb = new StringBuilder();
			while (m.find()) {
				String found = m.group();
				String replacement = d.valid().test(found) ? mapping.placeholderFor(d.label(), found) : found;
				m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
			}
			m.appendTail(sb);
			out = sb.toString();
		}
		return out;
	}

	static boolean validCard(String candidate) {
		String digits = candidate.replaceAll("[ -]", "");
		if (digits.length() < 13 || digits.length() > 19) {
			return false;
		}
		int sum = 0;
		boolean dbl = false;
		for (int i = digits.length() - 1; i >= 0; i--) {
			int d = digits.charAt(i) - '0';
			if (dbl) {
				d *= 2;
				if (d > 9) {
					d -= 9;
				}
			}
			sum += d;
			dbl = !dbl;
		}
		return sum % 10 == 0;
	}

	static boolean validIban(String candidate) {
		String iban = candidate.replace(" ", "").toUpperCase(Locale.ROOT);
		if (iban.length() < 15 || iban.length() > 34) {
			return false;
		}
		String rearranged = iban.substring(4) + iban.substring(0, 4);
		StringBuilder numeric = new StringBuilder();
		for (char c : rearranged.toCharArray()) {
			numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
		}
		return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
	}

	static boolean plausiblePhone(String candidate) {
		long digits = candidate.chars().filter(Character::isDigit).count();
		return digits >= 7 && digits <= 15;
	}

}
