package dev.trellis.activities.guardrails;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.trellis.workflows.api.PiiRules;

/**
 * Finds personal data in text and replaces it with placeholders such as {@code [EMAIL_1]}, keeping
 * the mapping in a {@link PiiMapping} so the model's answer can be unmasked. Detectors run from the
 * most to the least specific, so a card number is never half-taken for a phone number; candidates
 * that fail their checksum (Luhn for cards, mod-97 for IBANs) are left alone. A {@code pii_mask}
 * guardrail may limit the kinds ({@code entities}) or ask for a fixed {@code replacement}, which
 * cannot be unmasked.
 *
 * <pre>{@code
 * PiiMapping mapping = new PiiMapping();
 * String masked = masker.mask("Mail ana@example.com", mapping);   // "Mail [EMAIL_1]"
 * String answer = mapping.unmask("I wrote to [EMAIL_1].");        // "I wrote to ana@example.com."
 * }</pre>
 */
public class PiiMasker {

	/**
	 * @param entity the kind's name in a {@code pii_mask} guardrail's {@code entities}
	 * @param label the placeholder's label
	 */
	private record Detector(String entity, String label, Pattern pattern, Predicate<String> valid) {
	}

	private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

	private static final Pattern IPV4 = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");

	private static final List<Detector> DETECTORS = List.of(
			new Detector("email", "EMAIL", Pattern.compile("(?<![\\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"),
					s -> true),
			// Before phone numbers, whose pattern would take 192.168.10.20 for a number with dots.
			new Detector("ip_address", "IP",
					Pattern.compile("(?<![\\d.])" + OCTET + "(?:\\." + OCTET + "){3}(?!\\.?\\d)"), s -> true),
			new Detector("iban", "IBAN", Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}\\b"), PiiMasker::validIban),
			new Detector("credit_card", "CARD", Pattern.compile("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])"), PiiMasker::validCard),
			new Detector("ssn", "NATIONAL_ID",
					Pattern.compile("(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}(?![\\d-])"),
					s -> true),
			new Detector("phone", "PHONE", Pattern.compile(
					"(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,4}){2,4}(?![\\w])"),
					PiiMasker::plausiblePhone));

	/** Masks every detected item in {@code text}, recording it in {@code mapping}. */
	public String mask(String text, PiiMapping mapping) {
		return mask(text, mapping, PiiRules.ALL);
	}

	/**
	 * Masks the kinds {@code rules} name (all when it names none): with numbered placeholders
	 * recorded in {@code mapping}, or with the rules' fixed replacement, which is not recorded.
	 */
	public String mask(String text, PiiMapping mapping, PiiRules rules) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String out = text;
		for (Detector d : DETECTORS) {
			if (!rules.entities().isEmpty() && !rules.entities().contains(d.entity())) {
				continue;
			}
			Matcher m = d.pattern().matcher(out);
			StringBuilder sb = new StringBuilder();
			while (m.find()) {
				String found = m.group();
				String replacement = !d.valid().test(found) ? found
						: rules.replacement() != null ? rules.replacement() : mapping.placeholderFor(d.label(), found);
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
		// A dotted quad is an address, whether or not ip_address is among the kinds being masked.
		if (IPV4.matcher(candidate).matches()) {
			return false;
		}
		long digits = candidate.chars().filter(Character::isDigit).count();
		return digits >= 7 && digits <= 15;
	}

}
