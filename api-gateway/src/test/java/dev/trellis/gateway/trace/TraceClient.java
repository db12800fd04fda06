package dev.trellis.gateway.trace;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A browser tab, as far as the trace is concerned: a WebSocket that records every message. */
final class TraceClient implements WebSocket.Listener, AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/** How the server closed the socket. */
	record Close(int code, String reason) {
	}

	private final List<String> messages = new ArrayList<>();

	private final StringBuilder partial = new StringBuilder();

	private final CompletableFuture<Close> closed = new CompletableFuture<>();

	private WebSocket socket;

	static TraceClient open(int port, String runId, String token, Long after) {
		TraceClient client = new TraceClient();
		try {
			client.socket = HTTP.newWebSocketBuilder()
				.buildAsync(uri(port, runId, token, after), client)
				.get(20, TimeUnit.SECONDS);
			return client;
		}
		catch (Exception e) {
			throw new IllegalStateException("Cannot open trace socket", e);
		}
	}

	/** The HTTP status that refused the upgrade. */
	static int refusal(int port, String runId, String token, Long after) throws InterruptedException {
		return refusal(uri(port, runId, token, after));
	}

	/** The HTTP status that refused the upgrade. */
	static int refusal(URI uri) throws InterruptedException {
		try {
			HTTP.newWebSocketBuilder().buildAsync(uri, new TraceClient()).get(20, TimeUnit.SECONDS);
			throw new AssertionError("The upgrade was accepted");
		}
		catch (ExecutionException e) {
			if (e.getCause() instanceof WebSocketHandshakeException refused) {
				return refused.getResponse().statusCode();
			}
			throw new AssertionError("Unexpected failure", e);
		}
		catch (TimeoutException e) {
			throw new AssertionError("No answer to the upgrade", e);
		}
	}

	static URI uri(int port, String runId, String token, Long after) {
		StringBuilder uri = new StringBuilder("ws://localhost:" + port + "/ws/runs/" + runId + "?");
		if (token != null) {
			uri.append("token=").append(token).append('&');
		}
		if (after != null) {
			uri.append("after=").append(after);
		}
		return URI.create(uri.toString());
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(1);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		partial.append(data);
		if (last) {
			synchronized (this) {
				messages.add(partial.toString());
				notifyAll();
			}
			partial.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		closed.complete(new Close(statusCode, reason));
		synchronized (this) {
			notifyAll();
		}
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		closed.completeExceptionally(error);
		synchronized (this) {
			notifyAll();
		}
	}

	synchronized List<String> messages() {
		return List.copyOf(messages);
	}

	/** Every message parsed, in arrival order. */
	List<JsonNode> json() {
		return messages().stream().map(TraceClient::parse).toList();
	}

	JsonNode snapshot() {
		JsonNode first = json().get(0);
		if (!"snapshot".equals(first.path("type").asText())) {
			throw new AssertionError("First message is not a snapshot: " + first);
		}
		return first;
	}

	/** The event messages as sent (raw JSON), in arrival order. */
	List<String> events() {
		return messages().stream().filter(m -> parse(m).has("seq") && parse(m).has("runId")).toList();
	}

	List<Long> eventSeqs() {
		return events().stream().map(m -> parse(m).get("seq").asLong()).toList();
	}

	/** Waits until an event with at least this seq arrived. */
	void awaitSeq(long seq, Duration timeout) throws InterruptedException {
		awaitMessage(m -> m.has("runId") && m.get("seq").asLong() >= seq, timeout, "event " + seq);
	}

	/** Waits until a {@code status} message with this {@code live} value arrived. */
	void awaitStatus(boolean live, Duration timeout) throws InterruptedException {
		awaitMessage(m -> "status".equals(m.path("type").asText()) && m.path("live").asBoolean() == live, timeout,
				"status live=" + live);
	}

	private synchronized void awaitMessage(Predicate<JsonNode> wanted, Duration timeout, String what)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		int checked = 0;
		while (true) {
			for (; checked < messages.size(); checked++) {
				if (wanted.test(parse(messages.get(checked)))) {
					return;
				}
			}
			long left = deadline - System.nanoTime();
			if (left <= 0 || closed.isDone()) {
				throw new AssertionError("No " + what + " within " + timeout + "; got " + messages.size()
						+ " messages, closed: " + closed.getNow(null));
			}
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
	}

	Close awaitClose(Duration timeout) throws Exception {
		return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private static JsonNode parse(String message) {
		try {
			return JSON.readTree(message);
		}
		catch (JsonProcessingException e) {
			throw new AssertionError("Not JSON: " + message, e);
		}
	}

	@Override
	public void close() {
		if (socket != null && !socket.isOutputClosed()) {
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
		}
	}

}
