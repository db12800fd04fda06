package dev.trellis.gateway.trace;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.trace.RecordedEvent;
import dev.trellis.trace.RunEventLog;
import dev.trellis.trace.RunStreams;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadArgs;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one gateway instance does for one watched run: a single reader thread follows the
 * run's Redis Stream with blocking reads and turns what it reads into the run's events in
 * {@code seq} order, each once, for all sockets of this run on this instance.
 *
 * <p>Ordering: {@code cursor} is the highest seq handed out. An event with {@code cursor + 1} goes
 * out at once, a repeat is dropped, and one that arrives early (two workers streaming concurrently)
 * waits in {@code early} until the missing numbers arrive or, after {@code gapTimeout}, are read from
 * the log. The log also covers what the stream never got: it is read every {@code reconcileInterval}
 * while streaming and every {@code pollInterval} while Redis is unavailable, when sockets are told
 * {@code {"type":"status","live":false}} until the stream works again.
 *
 * <p>Joining: a socket that starts behind {@code cursor} first reads its backlog from the log in
 * pages sized to its free queue space, then switches to the feed once it has reached the cursor;
 * one that starts ahead skips what it already has. A socket whose queue is full when the feed hands
 * out an event goes back to reading the log the same way, so a burst never costs a healthy client
 * its connection and never makes the reader wait; one that stays behind for longer than
 * {@code slowClientGrace} is closed as too slow.
 */
final class RunFeed {

	private static final Logger log = LoggerFactory.getLogger(RunFeed.class);

	private static final String STATUS_LIVE = "{\"type\":\"status\",\"live\":true}";

	private static final String STATUS_NOT_LIVE = "{\"type\":\"status\",\"live\":false}";

	private final String runId;

	private final RunEventLog eventLog;

	private final RStream<String, String> stream;

	private final ObjectMapper json;

	private final TraceGatewayProperties props;

	private final Executor catchUps;

	private final RunWatchers watchers;

	private final Set<TraceSubscriber> subscribers = new LinkedHashSet<>();

	private final TreeMap<Long, String> early = new TreeMap<>();

	/** Highest seq handed to subscribers; written by the reader thread under this monitor. */
	private long cursor;

	/** Whether the stream is being followed; false until the first successful read and during outages. */
	private boolean live;

	/** Whether sockets were told the view is not live (and so must hear when it is again). */
	private boolean announcedDown;

	private volatile boolean stopped;

	/** Reader thread only. */
	private StreamMessageId lastId;

	private long earlySinceNanos;

	private long nextReconcileNanos;

	private long nextWatchersRefreshNanos;

	private long nextSlowCheckNanos;

	RunFeed(String runId, RunEventLog eventLog, RedissonClient redisson, ObjectMapper json,
			TraceGatewayProperties props, Executor catchUps, RunWatchers watchers) {
		this.runId = runId;
		this.eventLog = eventLog;
		this.stream = redisson.getStream(RunStreams.key(runId), StringCodec.INSTANCE);
		this.json = json;
		this.props = props;
		this.catchUps = catchUps;
		this.watchers = watchers;
		// Before any stream position is taken: what the log holds now is read from the log, the rest
		// follows from a stream position taken after this (see connect()).
		this.cursor = eventLog.lastSeq(runId);
	}

	void start() {
		Thread reader = new Thread(this::run, "trace-feed-" + runId);
		reader.setDaemon(true);
		reader.start();
	}

	/** Stops the reader; it exits after its current blocking read. */
	void stop() {
		stopped = true;
	}

	synchronized void attach(TraceSubscriber subscriber) {
		subscribers.add(subscriber);
		if (announcedDown) {
			subscriber.sendMessage(STATUS_NOT_LIVE);
		}
		if (subscriber.enqueued() < cursor) {
			scheduleCatchUp(subscriber);
		}
		else {
			subscriber.live();
		}
	}

	/** @return whether no socket watches the run any more */
	synchronized boolean detach(TraceSubscriber subscriber) {
		subscribers.remove(subscriber);
		return subscribers.isEmpty();
	}

	/** Sockets this feed still serves (not those being closed). */
	synchronized List<String> subscriberIds() {
		return subscribers.stream().filter(TraceSubscriber::isOpen).map(TraceSubscriber::id).toList();
	}

	private void run() {
		while (!stopped) {
			try {
				if (live) {
					follow();
				}
				else {
					connect();
				}
			}
			catch (RuntimeException e) {
				// The log is unreachable: sockets stay open and resume where they were once it answers.
				log.warn("Live trace of run {} cannot read the event log; retrying in {}", runId, props.pollInterval(), e);
				pause(props.pollInterval());
			}
		}
	}

	/**
	 * Finds the stream's current end without tying this loop to Redis: while the probe is pending or
	 * failing, the log is polled every {@code pollInterval} and a new probe is sent at most that often.
	 * The log is read once more after a probe succeeded, so every event recorded before the probed
	 * position comes from the log and every later one is on the stream after it.
	 */
	private void connect() {
		CompletableFuture<Map<StreamMessageId, Map<String, String>>> probe = null;
		long nextPoll = System.nanoTime() + props.pollInterval().toNanos();
		while (!stopped) {
			if (probe == null) {
				probe = stream.rangeReversedAsync(1, StreamMessageId.MAX, StreamMessageId.MIN).toCompletableFuture();
			}
			try {
				Map<StreamMessageId, Map<String, String>> last = probe.get(Math.max(0, nextPoll - System.nanoTime()),
						TimeUnit.NANOSECONDS);
				lastId = last.isEmpty() ? new StreamMessageId(0, 0) : last.keySet().iterator().next();
				readLog();
				setLive(true);
				return;
			}
			catch (TimeoutException stillPending) {
				// Slower than a poll interval (a first connection, a busy server): serve the log
				// meanwhile. Only a failure is announced, after the client's own timeout.
			}
			catch (ExecutionException failed) {
				setLive(false);
				probe = null;
				pause(Duration.ofNanos(Math.max(0, nextPoll - System.nanoTime())));
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				stopped = true;
				return;
			}
			readLog();
			nextPoll = System.nanoTime() + props.pollInterval().toNanos();
			dropSlowSubscribers(System.nanoTime());
		}
	}

	private void follow() {
		nextReconcileNanos = System.nanoTime() + props.reconcileInterval().toNanos();
		while (!stopped) {
			Map<StreamMessageId, Map<String, String>> entries;
			try {
				entries = stream.read(StreamReadArgs.greaterThan(lastId).count(props.pageSize()).timeout(nextWait()));
			}
			catch (RuntimeException e) {
				if (!stopped) {
					log.warn("Live trace of run {} lost its stream ({}); reading the log every {}", runId, e.toString(),
							props.pollInterval());
					setLive(false);
				}
				return;
			}
			if (entries != null && !entries.isEmpty()) {
				accept(entries);
			}
			long now = System.nanoTime();
			if ((earlySinceNanos != 0 && now - earlySinceNanos >= props.gapTimeout().toNanos())
					|| now - nextReconcileNanos >= 0) {
				readLog();
				nextReconcileNanos = now + props.reconcileInterval().toNanos();
			}
			refreshWatchers(now);
			dropSlowSubscribers(now);
		}
	}

	/** Blocks no longer than the next moment the log must be read. */
	private Duration nextWait() {
		long now = System.nanoTime();
		long until = nextReconcileNanos - now;
		if (earlySinceNanos != 0) {
			until = Math.min(until, earlySinceNanos + props.gapTimeout().toNanos() - now);
		}
		long millis = Math.min(props.readBlock().toMillis(), TimeUnit.NANOSECONDS.toMillis(until));
		// XREAD BLOCK 0 would wait forever.
		return Duration.ofMillis(Math.max(1, millis));
	}

	private synchronized void accept(Map<StreamMessageId, Map<String, String>> entries) {
		for (Map.Entry<StreamMessageId, Map<String, String>> entry : entries.entrySet()) {
			if (after(entry.getKey(), lastId)) {
				lastId = entry.getKey();
			}
			String seqField = entry.getValue().get(RunStreams.FIELD_SEQ);
			String event = entry.getValue().get(RunStreams.FIELD_EVENT);
			if (seqField == null || event == null) {
				continue;
			}
			long seq = Long.parseLong(seqField);
			if (seq == cursor + 1) {
				dispatch(seq, event);
				drainEarly();
			}
			else if (seq > cursor + 1) {
				early.put(seq, event);
				if (earlySinceNanos == 0) {
					earlySinceNanos = System.nanoTime();
				}
			}
		}
	}

	private static boolean after(StreamMessageId a, StreamMessageId b) {
		return a.getId0() != b.getId0() ? Long.compareUnsigned(a.getId0(), b.getId0()) > 0
				: Long.compareUnsigned(a.getId1(), b.getId1()) > 0;
	}

	/** Hands out everything the log holds after the cursor. */
	private void readLog() {
		while (!stopped) {
			List<RecordedEvent> page = eventLog.after(runId, cursor, props.pageSize());
			synchronized (this) {
				for (RecordedEvent e : page) {
					if (e.seq() == cursor + 1) {
						dispatch(e.seq(), write(e));
					}
				}
				drainEarly();
			}
			if (page.size() < props.pageSize()) {
				return;
			}
		}
	}

	private void drainEarly() {
		early.headMap(cursor, true).clear();
		while (!early.isEmpty() && early.firstKey() == cursor + 1) {
			Map.Entry<Long, String> next = early.pollFirstEntry();
			dispatch(next.getKey(), next.getValue());
		}
		earlySinceNanos = early.isEmpty() ? 0 : (earlySinceNanos == 0 ? System.nanoTime() : earlySinceNanos);
	}

	/** Caller holds the monitor; {@code seq == cursor + 1}. */
	private void dispatch(long seq, String event) {
		cursor = seq;
		for (TraceSubscriber s : subscribers) {
			if (s.mode() != TraceSubscriber.Mode.LIVE || seq <= s.enqueued()) {
				continue;
			}
			// A full queue (a burst, or a client falling behind) is not a loss: the log has the event.
			if (seq != s.enqueued() + 1 || !s.sendEvent(seq, event)) {
				scheduleCatchUp(s);
			}
		}
	}

	/** Caller holds the monitor. */
	private void scheduleCatchUp(TraceSubscriber s) {
		s.behind();
		if (!s.catchUpScheduled()) {
			s.catchUpScheduled(true);
			catchUps.execute(() -> catchUp(s));
		}
	}

	/**
	 * One page of a socket's backlog from the log, no larger than its free queue space so a long
	 * backlog is paced by the client instead of overflowing its queue.
	 */
	private void catchUp(TraceSubscriber s) {
		try {
			if (!s.isOpen()) {
				return;
			}
			int room = Math.min(props.pageSize(), s.room());
			if (room < Math.min(props.pageSize(), Math.max(1, props.queueCapacity() / 2))) {
				s.parkUntilRoom(() -> catchUps.execute(() -> catchUp(s)));
				return;
			}
			long from;
			synchronized (this) {
				from = s.enqueued();
			}
			List<RecordedEvent> page = eventLog.after(runId, from, room);
			synchronized (this) {
				for (RecordedEvent e : page) {
					if (e.seq() == s.enqueued() + 1) {
						s.sendEvent(e.seq(), write(e));
					}
				}
				if (s.enqueued() >= cursor) {
					s.live();
					s.catchUpScheduled(false);
					return;
				}
			}
			catchUps.execute(() -> catchUp(s));
		}
		catch (RuntimeException e) {
			// Without the log there is no backlog to send; the client resumes from what it has.
			log.warn("Catch-up of a trace socket of run {} failed; closing it", runId, e);
			s.closeUnavailable();
		}
	}

	/** Tells the sockets when the view stops or starts being live, once per change. */
	private synchronized void setLive(boolean nowLive) {
		live = nowLive;
		if (nowLive && announcedDown) {
			log.info("Live trace of run {} streams again", runId);
		}
		if (nowLive == announcedDown) {
			announcedDown = !nowLive;
			String status = nowLive ? STATUS_LIVE : STATUS_NOT_LIVE;
			subscribers.forEach(s -> s.sendMessage(status));
		}
	}

	/**
	 * Closes sockets that have been behind the feed for longer than the grace: they read slower than
	 * the run emits, or not at all. Checked about once a second.
	 */
	private void dropSlowSubscribers(long now) {
		if (now - nextSlowCheckNanos < 0) {
			return;
		}
		nextSlowCheckNanos = now + TimeUnit.SECONDS.toNanos(1);
		long grace = props.slowClientGrace().toNanos();
		synchronized (this) {
			for (TraceSubscriber s : subscribers) {
				if (s.isOpen() && s.mode() == TraceSubscriber.Mode.CATCHING_UP && now - s.behindSince() > grace) {
					s.tooSlow();
				}
			}
		}
	}

	private void refreshWatchers(long now) {
		if (now - nextWatchersRefreshNanos >= 0) {
			nextWatchersRefreshNanos = now + props.watchersTtl().toNanos() / 3;
			watchers.refresh(runId, subscriberIds());
		}
	}

	private String write(RecordedEvent e) {
		try {
			return json.writeValueAsString(e);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Recorded event is not serialisable", ex);
		}
	}

	private void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			stopped = true;
		}
	}

}
