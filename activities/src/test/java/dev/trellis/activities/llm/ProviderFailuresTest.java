package dev.trellis.activities.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ProviderFailuresTest {

	private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

	private final ModelSpec spec = ModelSpec.of(new EntityVersion("models", "gpt", 1, "d",
			new ObjectMapper().createObjectNode().put("provider", "openai").put("model", "gpt-x").put("apiKey", "secret://k")));

	private ApplicationFailure classify(int status, String body, String... headers) {
		HttpHeaders h = new HttpHeaders();
		for (int i = 0; i + 1 < headers.length; i += 2) {
			h.add(headers[i], headers[i + 1]);
		}
		return ProviderFailures.forStatus(status, h, body, "openai model 'gpt-x'", spec, "sk-live-abcdef123456", clock);
	}

	@Test
	void classifiesStatuses() {
		assertThat(classify(429, "", "Retry-After", "7").getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
		assertThat(classify(429, "").getType()).isEqualTo(FailureTypes.RATE_LIMITED);
		assertThat(classify(503, "").isNonRetryable()).isFalse();
		assertThat(classify(400, "{\"error\":{\"message\":\"bad tool schema\"}}").getOriginalMessage())
			.contains("invalid request (HTTP 400): bad tool schema");
		assertThat(classify(404, "").isNonRetryable()).isTrue();
		ApplicationFailure unauthorized = classify(401, "{\"error\":{\"message\":\"Incorrect API key sk-live-abcdef123456\"}}");
		assertThat(unauthorized.isNonRetryable()).isTrue();
		assertThat(unauthorized.getOriginalMessage()).doesNotContain("sk-live").contains("secret://k");
	}

	@Test
	void readsRetryAfterAsSecondsDateOrMilliseconds() {
		HttpHeaders h = new HttpHeaders();
		h.add("Retry-After", "Thu, 01 Jan 2026 00:01:00 GMT");
		assertThat(ProviderFailures.retryAfter(h, clock)).isEqualTo(Duration.ofMinutes(1));
		HttpHeaders ms = new HttpHeaders();
		ms.add("retry-after-ms", "1500");
		assertThat(ProviderFailures.retryAfter(ms, clock)).isEqualTo(Duration.ofMillis(1500));
		HttpHeaders huge = new HttpHeaders();
		huge.add("Retry-After", "999999");
		assertThat(ProviderFailures.retryAfter(huge, clock)).isEqualTo(ProviderFailures.MAX_RETRY_AFTER);
	}

	@Test
	void redactsKeysFromProviderText() {
		assertThat(ProviderFailures.redact("bad key sk-proj-AbCdEf123456 and more", "zzz-secret")).isEqualTo("bad key [redacted] and more");
		assertThat(ProviderFailures.redact("key: sk-live-abcdef123456", "sk-live-abcdef123456")).isEqualTo("key: [redacted]");
	}

}
