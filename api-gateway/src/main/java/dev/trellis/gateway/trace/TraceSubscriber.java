package dev.trellis.gateway.trace;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * One socket watching one run. Producers (the run's feed, the socket's own catch-up from the log)
 * only put messages in its queue and never wait; a sender chain drains the queue with non-blocking
 * sends, one message in flight at a time.
 *
 * <p>The queue holds at most {@code capacity} events. An event that does not fit is not lost: the
 * feed moves the socket to reading the log at the pace it drains its queue. A socket that stays
 * behind longer than the feed's grace is {@linkplain #tooSlow() too slow} and is closed with
 * {@link #TOO_SLOW} once its in-flight message completes, so the close frame's reason tells it
 * exactly where to resume. A gateway that shuts down {@linkplain #restart() closes} every socket
 * the same way with {@link #SERVICE_RESTART}, so clients reconnect (to another gateway) without a gap.
 *
 * <p>Fields marked "feed lock" are only touched while holding the monitor of the run's
 * {@link RunFeed}, which keeps every ordering decision of one run in one place.
 */
final class TraceSubscriber {

	/** Close code for a client that does not keep up; the reason says {@code after=<last seq received>}. */
	static final int TOO_SLOW = 4008;

	/** Close code when this gateway shuts down (RFC 6455 "Service Restart"); the reason says where to resume. */
	static final int SERVICE_RESTART = CloseStatus.SERVICE_RESTARTED.getCode();

	private static final Logger log = LoggerFactory.getLogger(TraceSubscriber.class);

	enum Mode {

		/** Reading its backlog from the log; the feed skips it. */
		CATCHING_UP,
		/** Receiving the feed's events in order. */
		LIVE

	}

	/** A message ready to send; {@code seq} is 0 for messages that are not events. */
	private record Outgoing(long seq, String json) {
	}

	/** Why the socket is being closed by the server: the close code and the reason's first words. */
	private record Leaving(int code, String why) {
	}

	private final WebSocketSessionHandle session;

	private final String runId;

	private final int capacity;

	private final Executor sender;

	/** Closing may wait for the client (the close frame is written blocking), so not on {@code sender}. */
	private final Executor closer;

	private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();

	/** Events in {@code queue}; status and snapshot messages are few and do not count. */
	private final AtomicInteger queuedEvents = new AtomicInteger();

	private final AtomicBoolean sending = new AtomicBoolean();

	/** A catch-up step waiting for room in the queue; the sender restarts it. */
	private final AtomicReference<Runnable> parkedCatchUp = new AtomicReference<>();

	/** Highest seq put in the queue (feed lock). */
	private long enqueued;

	/** Feed lock. */
	private Mode mode = Mode.CATCHING_UP;

	/** Feed lock: when the socket last fell behind the feed ({@link System#nanoTime()}). */
	private long behindSince = System.nanoTime();

	/** Feed lock: a catch-up step is queued, running or parked. */
	private boolean catchUpScheduled;

	/** Highest seq whose send completed: what the client surely has. */
	private volatile long delivered;

	/** Set when the server gives up on the socket; it is closed once its in-flight message completes. */
	private volatile Leaving leaving;

	private volatile boolean closed;

	/** Completes when the socket is gone: its close was sent, or the client closed it. */
	private final CompletableFuture<Void> gone = new CompletableFuture<>();

	TraceSubscriber(WebSocketSessionHandle session, String runId, long after, int capacity, Executor sender,
			Executor closer) {
		this.session = session;
		this.runId = runId;
		this.enqueued = after;
		this.delivered = after;
		this.capacity = capacity;
		this.sender = sender;
		this.closer = closer;
	}

	String runId() {
		return runId;
	}

	String id() {
		return session.id();
	}

	long enqueued() {
		return enqueued;
	}

	Mode mode() {
		return mode;
	}

	/** Feed lock. */
	void live() {
		mode = Mode.LIVE;
	}

	/** Feed lock; starts the grace period unless the socket is behind already. */
	void behind() {
		if (mode != Mode.CATCHING_UP) {
			mode = Mode.CATCHING_UP;
			behindSince = System.nanoTime();
		}
	}

	/** Feed lock. */
	long behindSince() {
		return behindSince;
	}

	boolean catchUpScheduled() {
		return catchUpScheduled;
	}

	void catchUpScheduled(boolean scheduled) {
		this.catchUpScheduled = scheduled;
	}

	boolean isOpen() {
		return !closed && leaving == null;
	}

	/** Free places for events, so a catch-up never overfills the queue. */
	int room() {
		return capacity - queuedEvents.get();
	}

	/**
	 * Queues an event (feed lock); the caller guarantees {@code seq == enqueued() + 1}.
	 *
	 * @return false if the queue is full and the event was not taken
	 */
	boolean sendEvent(long seq, String json) {
		if (!isOpen()) {
			return true;
		}
		if (queuedEvents.incrementAndGet() > capacity) {
			queuedEvents.decrementAndGet();
			return false;
		}
		enqueued = seq;
		queue.add(new Outgoing(seq, json));
		kick();
		return true;
	}

	/** Queues a message that is not an event (snapshot, status); these never count against the capacity. */
	void sendMessage(String json) {
		if (isOpen()) {
			queue.add(new Outgoing(0, json));
			kick();
		}
	}

	/** Runs {@code resume} (which must not block: it runs on the sender) once half of the queue is free. */
	void parkUntilRoom(Runnable resume) {
		parkedCatchUp.set(resume);
		if (queuedEvents.get() <= capacity / 2) {
			unpark();
		}
	}

	/** Gives up on this client: it is closed with where to resume once its in-flight message completes. */
	void tooSlow() {
		leave(new Leaving(TOO_SLOW, "too slow"));
	}

	/**
	 * The gateway is shutting down: the socket is closed with {@link #SERVICE_RESTART} and where to
	 * resume once its in-flight message completes (so the seq in the reason is surely delivered).
	 *
	 * @return completes when the close has been sent (or the socket was already gone)
	 */
	CompletableFuture<Void> restart() {
		leave(new Leaving(SERVICE_RESTART, "service restart"));
		return gone;
	}

	private void leave(Leaving why) {
		if (leaving == null) {
			leaving = why;
		}
		clear();
		kick();
	}

	/** Closes the socket because its backlog cannot be read now; the reason says where to resume. */
	void closeUnavailable() {
		closed = true;
		clear();
		closer.execute(() -> {
			session.close(new CloseStatus(CloseStatus.SERVER_ERROR.getCode(),
					"trace unavailable; reconnect with after=" + delivered));
			gone.complete(null);
		});
	}

	/** The socket is gone; stop sending. */
	void closed() {
		closed = true;
		clear();
		gone.complete(null);
	}

	private void clear() {
		queue.clear();
		queuedEvents.set(0);
		parkedCatchUp.set(null);
	}

	private void kick() {
		if (sending.compareAndSet(false, true)) {
			sender.execute(this::sendNext);
		}
	}

	/**
	 * Sends queued messages one at a time. Most sends complete inside {@code sendAsync} (the socket
	 * had room), and then this loop simply continues; a send that completes later continues the loop
	 * on the sender executor. Whichever of the two happens second continues, so there is never more
	 * than one message in flight, no recursion, and no executor hop per message.
	 */
	private void sendNext() {
		while (true) {
			if (closed) {
				sending.set(false);
				return;
			}
			if (leaving != null) {
				closeLeaving();
				return;
			}
			Outgoing next = queue.poll();
			if (next == null) {
				sending.set(false);
				// A message may have arrived between poll and release; if so, this chain continues it.
				if (!queue.isEmpty() || leaving != null) {
					kick();
				}
				return;
			}
			if (next.seq() > 0 && queuedEvents.decrementAndGet() <= capacity / 2) {
				unpark();
			}
			AtomicBoolean otherHalfDone = new AtomicBoolean();
			session.sendAsync(next.json(), error -> {
				if (error != null) {
					log.debug("Trace socket {} of run {} failed to send: {}", id(), runId, error.toString());
					closed = true;
					closer.execute(() -> {
						session.close(CloseStatus.SESSION_NOT_RELIABLE);
						gone.complete(null);
					});
					return;
				}
				if (next.seq() > 0) {
					delivered = next.seq();
				}
				if (otherHalfDone.getAndSet(true)) {
					sender.execute(this::sendNext);
				}
			});
			if (!otherHalfDone.getAndSet(true)) {
				// Still in flight: its completion continues the loop.
				return;
			}
		}
	}

	private void unpark() {
		Runnable step = parkedCatchUp.getAndSet(null);
		if (step != null) {
			sender.execute(step);
		}
	}

	private void closeLeaving() {
		closed = true;
		Leaving why = leaving;
		long resumeAfter = delivered;
		log.info("Closing trace socket {} of run {}: {}, delivered up to seq {}", id(), runId, why.why(), resumeAfter);
		closer.execute(() -> {
			session.close(new CloseStatus(why.code(), why.why() + "; reconnect with after=" + resumeAfter));
			gone.complete(null);
		});
	}

	/**
	 * The part of a WebSocket session the subscriber uses, so the sending logic does not depend on a
	 * container. {@link #of} adapts a JSR-356 session (Tomcat, Jetty, Undertow through Spring).
	 */
	interface WebSocketSessionHandle {

		String id();

		/** Sends without blocking; {@code done} gets {@code null} on success. */
		void sendAsync(String text, Consumer<Throwable> done);

		/** Closes, sending the status if the connection still allows it; never throws. */
		void close(CloseStatus status);

		static WebSocketSessionHandle of(WebSocketSession session, long sendTimeoutMillis) {
			Session jsr = session instanceof NativeWebSocketSession nativeSession
					? nativeSession.getNativeSession(Session.class) : null;
			if (jsr == null) {
				throw new IllegalStateException("The live trace needs a JSR-356 WebSocket container");
			}
			RemoteEndpoint.Async remote = jsr.getAsyncRemote();
			remote.setSendTimeout(sendTimeoutMillis);
			return new WebSocketSessionHandle() {

				@Override
				public String id() {
					return session.getId();
				}

				@Override
				public void sendAsync(String text, Consumer<Throwable> done) {
					try {
						remote.sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
					}
					catch (RuntimeException e) {
						done.accept(e);
					}
				}

				@Override
				public void close(CloseStatus status) {
					try {
						session.close(status);
					}
					catch (IOException | RuntimeException e) {
						log.debug("Closing trace socket {} failed: {}", session.getId(), e.toString());
					}
				}
			};
		}

	}

}
