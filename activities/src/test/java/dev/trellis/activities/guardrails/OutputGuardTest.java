package dev.trellis.activities.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.activities.tools.ArgumentValidator;
import dev.trellis.workflows.api.OutputRules;
import org.junit.jupiter.api.Test;

class OutputGuardTest {

	private final OutputGuard guard = new OutputGuard(new ArgumentValidator());

	@Test
	void answerIsCheckedAsTheNodeOutputItWouldBecome() throws Exception {
		OutputRules rules = new OutputRules(List.of(new ObjectMapper().readTree("""
				{"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}}}""")),
				List.of(), List.of());

		assertThat(guard.check(rules, "  {\"title\": \"Durable agents\"}\n")).isEmpty();
		assertThat(guard.check(rules, "{\"title\": 7}")).singleElement().asString()
			.contains("\"required\":[\"title\"]", "title", "string");
		assertThat(guard.check(rules, "Title: Durable agents")).singleElement().asString()
			.contains("must be only JSON matching the schema");
	}

	@Test
	void blockedTermsHonourTheirCaseSetting() {
		OutputRules rules = new OutputRules(List.of(), List.of("password"), List.of("ACME"));

		assertThat(guard.check(rules, "The PassWord is in the vault")).containsExactly(
				"the answer contains the blocked term 'password'; leave it out");
		assertThat(guard.check(rules, "Acme makes anvils")).isEmpty();
		assertThat(guard.check(rules, "ACME makes anvils")).containsExactly(
				"the answer contains the blocked term 'ACME'; leave it out");
		assertThat(guard.check(OutputRules.NONE, "password ACME")).isEmpty();
	}

}
