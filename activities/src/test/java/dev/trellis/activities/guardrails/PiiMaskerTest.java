package dev.trellis.activities.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.trellis.workflows.api.PiiRules;
import org.junit.jupiter.api.Test;

class PiiMaskerTest {

	private final PiiMasker masker = new PiiMasker();

	@Test
	void masksEveryKindAndUnmasksTheAnswer() {
		String text = "Ana (ana.silva@example.com, +44 20 7946 0958) pays with 4111-1111-1111-1111 "
				+ "from DE89 3704 0044 0532 0130 00; SSN 123-45-6789. Mail ana.silva@example.com again.";
		PiiMapping mapping = new PiiMapping();
		String masked = masker.mask(text, mapping);

		assertThat(masked).doesNotContain("ana.silva@example.com", "7946", "4111", "DE89", "123-45-6789")
			.contains("[EMAIL_1]", "[PHONE_1]", "[CARD_1]", "[IBAN_1]", "[NATIONAL_ID_1]")
			.doesNotContain("[EMAIL_2]");
		assertThat(mapping.unmask(masked)).isEqualTo(text);
		assertThat(mapping.unmask("Reply sent to [EMAIL_1] about [CARD_1]."))
			.isEqualTo("Reply sent to ana.silva@example.com about 4111-1111-1111-1111.");
	}

	@Test
	void leavesLookalikesThatFailTheirChecksums() {
		PiiMapping mapping = new PiiMapping();
		String text = "Order 4111-1111-1111-1112 and account DE00 3704 0044 0532 0130 00, year 2026, 17*23.";
		assertThat(masker.mask(text, mapping)).doesNotContain("[CARD_", "[IBAN_").contains("2026", "17*23");
	}

	@Test
	void luhnAndIbanChecks() {
		assertThat(PiiMasker.validCard("4111111111111111")).isTrue();
		assertThat(PiiMasker.validCard("4111111111111112")).isFalse();
		assertThat(PiiMasker.validIban("GB82 WEST 1234 5698 7654 32")).isTrue();
		assertThat(PiiMasker.validIban("GB82 WEST 1234 5698 7654 33")).isFalse();
	}

	@Test
	void guardrailSettingsChooseTheKindsAndAFixedReplacement() {
		String text = "Ana (ana.silva@example.com) logged in from 192.168.10.20 and 10.0.0.1; call +44 20 7946 0958.";
		PiiMapping mapping = new PiiMapping();
		assertThat(masker.mask(text, mapping, new PiiRules(List.of("ip_address"), null)))
			.isEqualTo("Ana (ana.silva@example.com) logged in from [IP_1] and [IP_2]; call +44 20 7946 0958.");
		assertThat(mapping.unmask("Seen [IP_2].")).isEqualTo("Seen 10.0.0.1.");

		PiiMapping fixed = new PiiMapping();
		assertThat(masker.mask(text, fixed, new PiiRules(List.of("email", "phone"), "[redacted]")))
			.isEqualTo("Ana ([redacted]) logged in from 192.168.10.20 and 10.0.0.1; call [redacted].");
		assertThat(fixed.isEmpty()).as("a fixed replacement cannot be unmasked").isTrue();
		assertThat(masker.mask("version 1.2.3 and 300.1.1.1", new PiiMapping())).doesNotContain("[IP_");
	}

}
