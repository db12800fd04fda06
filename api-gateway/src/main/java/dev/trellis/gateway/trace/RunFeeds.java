package dev.trellis.gateway.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.trace.RunEventLog;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live trace of one gateway instance: at most one {@link RunFeed} (one stream reader) per
 * watched run, created by the run's first socket and stopped when its last socket leaves, plus the
 * threads every socket shares.
 *
 * <p>Threads: one reader per watched run, blocking on a connection of a Redis client reserved for
 * stream reads; a fixed pool for sends, which never block (they are asynchronous); a small fixed
 * pool for backlog reads from the log; and a cached pool for closing sockets, the one step that may
 * wait on a client.
 */
final class RunFeeds implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RunFeeds.class);

	private static final int CATCH_UP_THREADS = 4;

	private final Map<String, RunFeed> feeds = new ConcurrentHashMap<>();

	/** Every socket of this instance, so a shutdown can tell each where to resume. */
	private final Set<TraceSubscriber> sockets = ConcurrentHashMap.newKeySet();

	private final RunEventLog eventLog;

	/** Owned: the client dedicated to stream reads. */
	private final RedissonClient streams;

	private final ObjectMapper json;

	private final TraceGatewayProperties props;

	private final RunWatchers watchers;

	private final ExecutorService sender = Executors
		.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), threads("trace-send"));

	private final ExecutorService closer = Executors.newCachedThreadPool(threads("trace-close"));

	private final ExecutorService catchUps = Executors.newFixedThreadPool(CATCH_UP_THREADS, threads("trace-catch-up"));

	RunFeeds(RunEventLog eventLog, RedissonClient streams, ObjectMapper json, TraceGatewayProperties props,
			RunWatchers watchers) {
		this.eventLog = eventLog;
		this.streams = streams;
		this.json = json;
		this.props = props;
		this.watchers = watchers;
	}

	/**
	 * Starts a socket on a run: its snapshot goes first, then everything after {@code after}. If the
	 * run cannot be followed (the log is unreachable) the socket is closed with a reason to retry.
	 */
	TraceSubscriber open(TraceSubscriber.WebSocketSessionHandle session, String runId, long after, String snapshot) {
		TraceSubscriber subscriber = new TraceSubscriber(session, runId, after, props.queueCapacity(), sender, closer);
		sockets.add(subscriber);
		subscriber.sendMessage(snapshot);
		try {
			// compute() makes "create or reuse, then attach" atomic against the last socket leaving.
			feeds.compute(runId, (id, feed) -> {
				RunFeed joined = feed;
				if (joined == null) {
					joined = new RunFeed(id, eventLog, streams, json, props, catchUps, watchers);
					joined.start();
				}
				joined.attach(subscriber);
				return joined;
			});
			watchers.add(runId, subscriber.id());
		}
		catch (RuntimeException e) {
			sockets.remove(subscriber);
			subscriber.closeUnavailable();
			throw e;
		}
		return subscriber;
	}

	/** The socket is gone; the run's reader stops with its last socket. */
	void closed(TraceSubscriber subscriber) {
		sockets.remove(subscriber);
		subscriber.closed();
		feeds.computeIfPresent(subscriber.runId(), (runId, feed) -> {
			if (feed.detach(subscriber)) {
				feed.stop();
				return null;
			}
			return feed;
		});
		watchers.remove(subscriber.runId(), subscriber.id());
	}

	/** Socket ids watching the run on this instance. */
	List<String> watching(String runId) {
		RunFeed feed = feeds.get(runId);
		return feed == null ? List.of() : feed.subscriberIds();
	}

	/** Whether this instance has a reader on the run. */
	boolean follows(String runId) {
		return feeds.containsKey(runId);
	}

	/**
	 * Closes every socket of this instance with 1012 (Service Restart) and the seq each client has
	 * surely received, and waits up to {@code timeout} for the close frames to go out. Clients
	 * reconnect — through the load balancer, to another gateway — with {@code after=} and lose
	 * nothing; without this, the web server's own shutdown would close them with a bare 1001.
	 *
	 * @return how many sockets were open
	 */
	int restartAll(Duration timeout) {
		List<CompletableFuture<Void>> closing = new ArrayList<>();
		for (TraceSubscriber subscriber : sockets) {
			closing.add(subscriber.restart());
		}
		try {
			CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
				.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException e) {
			log.warn("{} of {} trace sockets were not closed within {}; the web server closes them",
					closing.stream().filter(f -> !f.isDone()).count(), closing.size(), timeout);
		}
		catch (ExecutionException e) {
			log.debug("Closing trace sockets failed", e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		return closing.size();
	}

	@Override
	public void close() {
		feeds.values().forEach(RunFeed::stop);
		feeds.clear();
		sender.shutdownNow();
		catchUps.shutdownNow();
		closer.shutdown();
		streams.shutdown();
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return r -> {
			Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
			t.setDaemon(true);
			return t;
		};
	}

}
