package dev.trellis.activities.llm;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.activities.secrets.SecretUnavailableException;
import dev.trellis.workflows.api.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.Exceptions;

/**
 * Turns what a provider call threw into the Temporal failure that decides what happens next:
 *
 * <table>
 * <tr><th>cause</th><th>type</th><th>retried</th></tr>
 * <tr><td>429</td><td>RateLimited</td><td>yes, after Retry-After when given</td></tr>
 * <tr><td>408, 409, 425, 5xx, 529</td><td>ProviderUnavailable</td><td>yes, Retry-After honoured</td></tr>
 * <tr><td>timeout, connection refused or reset</td><td>ProviderUnavailable</td><td>yes</td></tr>
 * <tr><td>400, 401, 403, 404, 413, 422, other 4xx</td><td>NonRetryable</td><td>no</td></tr>
 * <tr><td>missing secret, unknown provider, missing local model</td><td>NonRetryable</td><td>no</td></tr>
 * </table>
 *
 * Failures carry no cause: a provider's exception may quote request headers or an echoed key. The
 * message is built from the status and the provider's own error text, with the key redacted.
 */
final class ProviderFailures {

	/** The longest provider-requested delay honoured; longer ones are capped so a run never stalls for hours. */
	static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

	private static final ObjectMapper JSON = new ObjectMapper();

	private ProviderFailures() {
	}

	static ApplicationFailure classify(Throwable thrown, ModelSpec spec, String secret, Clock clock) {
		Throwable t = Exceptions.unwrap(thrown);
		String who = spec.provider() + " model '" + spec.model() + "' (" + spec.entity() + ")";
		if (t instanceof WebClientResponseException e) {
			return forStatus(e.getStatusCode().value(), e.getHeaders(), e.getResponseBodyAsString(), who, spec, secret,
					clock);
		}
		if (t instanceof RestClientResponseException e) {
			return forStatus(e.getStatusCode().value(), e.getResponseHeaders(), e.getResponseBodyAsString(), who,
					spec, secret, clock);
		}
		if (t instanceof SecretUnavailableException e) {
			return nonRetryable(who + ": " + e.getMessage());
		}
		if (t instanceof LocalModelEngine.ModelMissingException e) {
			return nonRetryable(e.getMessage());
		}
		if (t instanceof IllegalArgumentException e && e.getMessage() != null
				&& e.getMessage().startsWith("unknown provider")) {
			return nonRetryable(e.getMessage());
		}
		if (isTimeout(t)) {
			return retryable(FailureTypes.PROVIDER_UNAVAILABLE, who + " timed out", null);
		}
		if (t instanceof WebClientRequestException || t instanceof ResourceAccessException
				|| t instanceof ConnectException || t instanceof TransientAiException) {
			return retryable(FailureTypes.PROVIDER_UNAVAILABLE,
					who + " is unreachable: " + redact(rootMessage(t), secret), null);
		}
		if (t instanceof NonTransientAiException) {
			return nonRetryable(who + " rejected the request: " + redact(rootMessage(t), secret));
		}
		return retryable(FailureTypes.PROVIDER_UNAVAILABLE,
				who + " failed unexpectedly (" + t.getClass().getSimpleName() + "): " + redact(rootMessage(t), secret),
				null);
	}

	static ApplicationFailure forStatus(int status, HttpHeaders headers, String body, String who, ModelSpec spec,
			String secret, Clock clock) {
		String detail = redact(providerMessage(body), secret);
		Duration retryAfter = retryAfter(headers, clock);
		if (status == 429) {
			return retryable(FailureTypes.RATE_LIMITED, who + " is rate limited (HTTP 429)" + suffix(detail), retryAfter);
		}
		if (status >= 500 || status == 408 || status == 409 || status == 425) {
			return retryable(FailureTypes.PROVIDER_UNAVAILABLE,
					who + " is unavailable (HTTP " + status + ")" + suffix(detail), retryAfter);
		}
		String reference = spec.apiKeyRef() != null ? " from " + spec.apiKeyRef() : "";
		return switch (status) {
			// Never echo the provider's text here: some quote the (partly masked) key back.
			case 401 -> nonRetryable(who + ": authentication failed (HTTP 401): the provider rejected the API key"
					+ reference + ". Check the secret's value.");
			case 403 -> nonRetryable(who + ": access denied (HTTP 403): the API key" + reference
					+ " may not use this model.");
			case 404 -> nonRetryable(who + ": not found (HTTP 404) at " + (spec.baseUrl() != null ? spec.baseUrl()
					: "the provider's default URL") + ": check the model name and base URL" + suffix(detail));
			default -> nonRetryable(who + ": invalid request (HTTP " + status + ")" + suffix(detail));
		};
	}

	/** {@code Retry-After} (seconds or an HTTP date) or OpenAI's {@code retry-after-ms}; null when absent. */
	static Duration retryAfter(HttpHeaders headers, Clock clock) {
		if (headers == null) {
			return null;
		}
		Duration d = null;
		String ms = headers.getFirst("retry-after-ms");
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		try {
			if (ms != null) {
				d = Duration.ofMillis((long) Double.parseDouble(ms.trim()));
			}
			else if (value != null && value.trim().matches("\\d+(\\.\\d+)?")) {
				d = Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
			}
			else if (value != null) {
				Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				d = Duration.between(clock.instant(), at);
			}
		}
		catch (RuntimeException e) {
			return null;
		}
		if (d == null || d.isNegative()) {
			return d == null ? null : Duration.ZERO;
		}
		return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
	}

	static ApplicationFailure nonRetryable(String message) {
		return ApplicationFailure.newBuilder()
			.setMessage(message)
			.setType(FailureTypes.NON_RETRYABLE)
			.setNonRetryable(true)
			.build();
	}

	private static ApplicationFailure retryable(String type, String message, Duration delay) {
		ApplicationFailure.Builder b = ApplicationFailure.newBuilder().setMessage(message).setType(type);
		if (delay != null) {
			b.setNextRetryDelay(delay);
		}
		return b.build();
	}

	/** The provider's own error text: OpenAI and Anthropic nest it in error.message, Ollama in error. */
	static String providerMessage(String body) {
		if (body == null || body.isBlank()) {
			return "";
		}
		String message = body;
		try {
			JsonNode json = JSON.readTree(body);
			JsonNode error = json.path("error");
			if (error.isTextual()) {
				message = error.asText();
			}
			else if (error.path("message").isTextual()) {
				message = error.path("message").asText();
			}
			else if (json.path("message").isTextual()) {
				message = json.path("message").asText();
			}
		}
		catch (Exception e) {
			// Not JSON: an HTML error page or plain text, used as is below.
		}
		message = message.replaceAll("\\s+", " ").trim();
		return message.length() > 300 ? message.substring(0, 300) + "…" : message;
	}

	static String redact(String text, String secret) {
		if (text == null) {
			return "";
		}
		String out = text;
		if (secret != null && secret.length() >= 4) {
			out = out.replace(secret, "[redacted]");
		}
		// Key-shaped tokens (sk-..., sk-ant-...) are redacted even when they are not this call's key.
		return out.replaceAll("\\bsk-[A-Za-z0-9_*.-]{6,}", "[redacted]");
	}

	private static boolean isTimeout(Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause()) {
			if (c instanceof TimeoutException || c instanceof HttpTimeoutException
					|| c instanceof java.net.SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable t) {
		Throwable root = t;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String m = root.getMessage();
		return m == null ? root.getClass().getSimpleName() : m;
	}

	private static String suffix(String detail) {
		return detail == null || detail.isBlank() ? "" : ": " + detail;
	}

}
