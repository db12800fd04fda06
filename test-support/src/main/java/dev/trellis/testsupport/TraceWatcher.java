package dev.trellis.testsupport;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Follows one run's live trace ({@code WS /ws/runs/{runId}}) until the run ends, the way a browser
 * tab should: whenever the server closes the socket or the connection fails before the run has
 * ended, it reconnects with {@code after=<last seq received>}. It records every event in arrival
 * order — across all its connections — so a test can check that nothing was lost, repeated or
 * reordered.
 *
 * <pre>{@code
 * TraceWatcher watcher = TraceWatcher.follow(gateway.baseUrl(), runId, token);
 * watcher.awaitEnd(Duration.ofSeconds(60));
 * assertThat(watcher.events()).isEqualTo(api.events(runId));
 * }</pre>
 */
public final class TraceWatcher implements AutoCloseable {

	/** The event types after which a run emits nothing more. */
	public static final Set<String> END_TYPES = Set.of("run.completed", "run.failed", "run.cancelled");

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/** Delays reconnects, like a browser's backoff; daemon, so it never holds the test JVM. */
	private static final ScheduledExecutorService RETRY = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "trace-watcher-retry");
		t.setDaemon(true);
		return t;
	});

	private static final long RECONNECT_DELAY_MILLIS = 250;

	private final String socketBase;

	private final String runId;

	private final String token;

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	/** Guarded by this. */
	private final List<JsonNode> events = new ArrayList<>();

	/** Guarded by this: how each connection ended, as {@code "<code> <reason>"} or the error. */
	private final List<String> closes = new ArrayList<>();

	/** Guarded by this. */
	private long lastSeq;

	/** Guarded by this. */
	private int connections;

	/** Guarded by this. */
	private WebSocket socket;

	private volatile boolean stopped;

	private TraceWatcher(String baseUrl, String runId, String token) {
		this.socketBase = baseUrl.replaceFirst("^http", "ws");
		this.runId = runId;
		this.token = token;
	}

	/** Opens the run's trace from its first event ({@code after=0}) on the gateway at {@code baseUrl}. */
	public static TraceWatcher follow(String baseUrl, String runId, String token) {
		TraceWatcher watcher = new TraceWatcher(baseUrl, runId, token);
		watcher.connect();
		return watcher;
	}

	private void connect() {
		long after;
		synchronized (this) {
			if (stopped || ended.isDone()) {
				return;
			}
			after = lastSeq;
			connections++;
		}
		URI uri = URI.create(socketBase + "/ws/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "?token="
				+ URLEncoder.encode(token, StandardCharsets.UTF_8) + "&after=" + after);
		HTTP.newWebSocketBuilder().buildAsync(uri, new Connection()).whenComplete((ws, error) -> {
			if (error != null) {
				Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
				disconnected(cause instanceof WebSocketHandshakeException refused
						? "handshake refused " + refused.getResponse().statusCode() : "connect failed: " + cause);
			}
			else {
				synchronized (this) {
					socket = ws;
				}
			}
		});
	}

	private void disconnected(String how) {
		synchronized (this) {
			closes.add(how);
			socket = null;
		}
		if (!stopped && !ended.isDone()) {
			RETRY.schedule(this::connect, RECONNECT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	private void received(String text) {
		JsonNode message;
		try {
			message = JSON.readTree(text);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("Not JSON from the trace of " + runId + ": " + text, e);
		}
		boolean end = false;
		synchronized (this) {
			if ("snapshot".equals(message.path("type").asText()) || !message.has("seq")) {
				// The snapshot (first message of each connection) and status messages carry no event.
				return;
			}
			events.add(message);
			lastSeq = Math.max(lastSeq, message.path("seq").asLong());
			end = END_TYPES.contains(message.path("type").asText());
		}
		if (end) {
			ended.complete(null);
		}
	}

	/** Waits until the run's final event arrived, failing with what was received so far. */
	public void awaitEnd(Duration timeout) {
		try {
			ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException e) {
			throw new AssertionError("The trace of " + runId + " did not reach the run's end within " + timeout
					+ "; " + describe());
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	/** Every event received, in arrival order. */
	public synchronized List<JsonNode> events() {
		return List.copyOf(events);
	}

	/** The {@code seq} of every event received, in arrival order. */
	public synchronized List<Long> seqs() {
		return events.stream().map(e -> e.path("seq").asLong()).toList();
	}

	/** How many times the watcher tried to connect again after a close or a failed attempt. */
	public synchronized int reconnects() {
		return Math.max(0, connections - 1);
	}

	/** How each connection ended so far ({@code "<code> <reason>"}, or the error). */
	public synchronized List<String> closes() {
		return List.copyOf(closes);
	}

	private synchronized String describe() {
		return events.size() + " events up to seq " + lastSeq + ", " + connections + " connections, closes " + closes;
	}

	@Override
	public void close() {
		stopped = true;
		WebSocket open;
		synchronized (this) {
			open = socket;
		}
		if (open != null && !open.isOutputClosed()) {
			open.sendClose(WebSocket.NORMAL_CLOSURE, "done");
		}
	}

	/** The listener of one connection; text frames may arrive in parts. */
	private final class Connection implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(1);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			partial.append(data);
			if (last) {
				String text = partial.toString();
				partial.setLength(0);
				received(text);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			disconnected(statusCode + " " + reason);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			disconnected("error: " + error);
		}

	}

}
