package dev.trellis.activities.tools;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.trellis.workflows.api.FailureTypes;
import io.temporal.failure.ApplicationFailure;

/**
 * The HTTP client of the HTTP-based tools: no automatic redirects (each redirect target is checked
 * like the first URL), a time limit per request and a cap on the bytes read. Network failures are
 * retryable activity failures; HTTP statuses, even errors, are answers the model gets to read.
 */
class HttpFetcher {

	/** What came back. {@code truncated} means the body was cut at the size limit. */
	record Response(int status, String contentType, String body, boolean truncated) {
	}

	private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect",
			"upgrade", "te", "trailer", "transfer-encoding");

	private final HttpClient client;

	HttpFetcher(Duration connectTimeout) {
		this.client = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * @param check run on the URL and on every redirect target before it is called (the SSRF guard)
	 */
	Response fetch(String method, URI uri, Map<String, String> headers, String body, Duration timeout, long maxBytes,
			int maxRedirects, Consumer<URI> check) {
		String m = method == null || method.isBlank() ? "GET" : method.toUpperCase(Locale.ROOT);
		URI target = uri;
		for (int hop = 0;; hop++) {
			check.accept(target);
			HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout);
			headers.forEach((k, v) -> {
				if (!RESTRICTED.contains(k.toLowerCase(Locale.ROOT)) && v != null) {
					request.header(k, v);
				}
			});
			boolean hasBody = body != null && !m.equals("GET") && !m.equals("HEAD");
			request.method(m, hasBody ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
			HttpResponse<InputStream> response;
			try {
				response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
			}
			catch (HttpTimeoutException e) {
				throw ApplicationFailure.newFailure("request to " + target.getHost() + " timed out after " + timeout,
						FailureTypes.TOOL_FAILED);
			}
			catch (IOException e) {
				throw ApplicationFailure.newFailure("request to " + target.getHost() + " failed: "
						+ e.getClass().getSimpleName(), FailureTypes.TOOL_FAILED);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw ApplicationFailure.newFailure("interrupted", FailureTypes.TOOL_FAILED);
			}
			int status = response.statusCode();
			String location = response.headers().firstValue("location").orElse(null);
			if (status >= 300 && status < 400 && location != null) {
				close(response);
				if (hop >= maxRedirects) {
					throw new ToolRefusal("TooManyRedirects", "more than " + maxRedirects + " redirects from " + uri);
				}
				target = target.resolve(location);
				if (status == 303 || (status == 301 || status == 302) && !m.equals("HEAD")) {
					m = "GET";
					body = null;
				}
				continue;
			}
			return read(response, maxBytes);
		}
	}

	private static Response read(HttpResponse<InputStream> response, long maxBytes) {
		String contentType = response.headers().firstValue("content-type").orElse("");
		try (InputStream in = response.body()) {
			byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
			boolean truncated = bytes.length > maxBytes;
			String text = new String(bytes, 0, (int) Math.min(bytes.length, maxBytes), StandardCharsets.UTF_8);
			return new Response(response.statusCode(), contentType, text, truncated);
		}
		catch (IOException e) {
			throw ApplicationFailure.newFailure("reading the response failed: " + e.getClass().getSimpleName(),
					FailureTypes.TOOL_FAILED);
		}
	}

	private static void close(HttpResponse<InputStream> response) {
		try {
			response.body().close();
		}
		catch (IOException e) {
			// Nothing to recover: the connection is dropped.
		}
	}

}
