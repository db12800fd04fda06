package dev.trellis.workflows.api;

import java.util.List;

/**
 * How a {@code pii_mask} guardrail masks personal data before text leaves for an external provider.
 *
 * <pre>{@code
 * new PiiRules(List.of("email", "phone"), null);        // only these kinds, as [EMAIL_1]; unmasked in the answer
 * new PiiRules(List.of(), "[redacted]");                // every kind, replaced for good
 * }</pre>
 *
 * @param entities the kinds to mask, by the registry's names ({@code email}, {@code phone},
 * {@code credit_card}, {@code iban}, {@code ip_address}, {@code ssn}); empty for every kind
 * @param replacement a fixed text that replaces every item; the provider then cannot tell items
 * apart and the answer is not unmasked. Null for numbered placeholders that are unmasked
 */
public record PiiRules(List<String> entities, String replacement) {

	/** Every kind, as numbered placeholders. */
	public static final PiiRules ALL = new PiiRules(List.of(), null);

	public PiiRules {
		entities = entities == null ? List.of() : List.copyOf(entities);
	}

}
