package dev.trellis.gateway.trace;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trellis.testsupport.BenchMetric;
import dev.trellis.testsupport.TestRedis;
import dev.trellis.trace.RunEventPublisher;
import dev.trellis.workflows.api.RunEvent;

/**
 * Live trace benchmark (a program, not a test; it lives here because it needs the gateway, which
 * {@code trace} cannot depend on): worker→browser latency of events at 1, 100 and 1,000
 * WebSocket watchers of one run, and the event rate one run sustains end to end. Everything is real
 * and in this JVM: embedded PostgreSQL and Redis, one gateway, the production publisher, JDK
 * WebSocket clients. Latency is measured from the start of {@code publish} (PostgreSQL insert, stream
 * write) to the client's receipt of the message.
 *
 * <pre>{@code
 * mvn -pl api-gateway test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
 * java -cp "$(cat api-gateway/target/bench.cp):api-gateway/target/classes:api-gateway/target/test-classes" \
 *     dev.trellis.gateway.trace.TraceBench [watchers...]      # default: 1 100 1000
 * }</pre>
 *
 * Prints one table row per watcher count: latency p50/p99/max at a steady 20 events/s (and how much
 * of it is {@code publish} itself: PostgreSQL and the stream write), then the publish rate and the
 * end-to-end rate (events delivered to every watcher per second) for a burst published as fast as
 * four threads can.
 */
public final class TraceBench {

	private static final String SENT_AT = "\"sentAt\":";

	private static final int LATENCY_EVENTS = 200;

	/** A busy run: a few nodes streaming coalesced deltas at once. */
	private static final int RATE_PER_SECOND = 20;

	private TraceBench() {
	}

	public static void main(String[] args) throws Exception {
		int[] watcherCounts = args.length == 0 ? new int[] { 1, 100, 1000 }
				: Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
		TestRedis redis = TestRedis.dedicated();
		List<String> rows = new ArrayList<>();
		try (TraceGateways gateways = new TraceGateways(1, redis.url(),
				Map.of("logging.level.root", "warn", "trellis.gateway.trace.slow-client-grace", "120s"))) {
			TraceGateways.Instance gateway = gateways.get(0);
			// Warm-up: JIT, connection pools, the first stream.
			measure(gateway, 10, 200, 20, false);
			for (int watchers : watcherCounts) {
				rows.add(measure(gateway, watchers, LATENCY_EVENTS, burstSize(watchers), true));
			}
		}
		finally {
			redis.close();
		}
		System.out.printf("%nTrellis live trace — %d CPUs, Java %s, latency at %d events/s%n",
				Runtime.getRuntime().availableProcessors(), Runtime.version(), RATE_PER_SECOND);
		System.out.println("| watchers | latency p50 ms | p99 ms | max ms | publish() p50 / p99 ms | burst events "
				+ "| publish ev/s | delivered ev/s (all watchers) | messages/s |");
		System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
		rows.forEach(System.out::println);
	}

	/** Fewer events with more watchers: the cost is events × watchers messages. */
	private static int burstSize(int watchers) {
		return watchers >= 1000 ? 500 : watchers >= 100 ? 2000 : 5000;
	}

	/** One table row; with {@code report} also the {@link BenchMetric} lines ./trellis bench reads. */
	private static String measure(TraceGateways.Instance gateway, int watchers, int latencyEvents, int burstEvents,
			boolean report) throws Exception {
		String runId = "bench-" + UUID.randomUUID();
		RunEventPublisher publisher = gateway.publisher();
		List<Watcher> clients = Watcher.open(gateway.port(), runId, watchers, latencyEvents);
		try {
			TraceFanoutIT.await(() -> gateway.feeds().watching(runId).size() == watchers, watchers + " watchers");
			long seq = 0;
			long interval = TimeUnit.SECONDS.toNanos(1) / RATE_PER_SECOND;
			long next = System.nanoTime();
			long[] publishing = new long[latencyEvents];
			for (int i = 0; i < latencyEvents; i++) {
				// Park, not spin: the gateway and the clients share these CPUs.
				for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
					LockSupport.parkNanos(wait);
				}
				next += interval;
				long start = System.nanoTime();
				seq = publisher.publish(event(runId, "lat-" + i)).seq();
				publishing[i] = System.nanoTime() - start;
			}
			awaitAll(clients, seq);
			long[] latencies = clients.stream().flatMapToLong(w -> Arrays.stream(w.latencies())).sorted().toArray();
			Arrays.sort(publishing);

			long burstStart = System.nanoTime();
			long last = burst(publisher, runId, burstEvents);
			long published = System.nanoTime() - burstStart;
			awaitAll(clients, last);
			long delivered = clients.stream().mapToLong(Watcher::lastArrival).max().orElseThrow() - burstStart;
			double publishRate = burstEvents / (published / 1e9);
			double deliveredRate = burstEvents / (delivered / 1e9);
			if (report) {
				String label = watchers + (watchers == 1 ? " watcher · " : " watchers · ");
				BenchMetric.print(label + "worker → WebSocket latency p50", ms(percentile(latencies, 50)), 1, "ms");
				BenchMetric.print(label + "worker → WebSocket latency p99", ms(percentile(latencies, 99)), 1, "ms");
				BenchMetric.print(label + "burst delivered to every watcher", deliveredRate, 0, "events/s");
			}
			return String.format("| %d | %.1f | %.1f | %.1f | %.1f / %.1f | %d | %.0f | %.0f | %.0f |", watchers,
					ms(percentile(latencies, 50)), ms(percentile(latencies, 99)), ms(latencies[latencies.length - 1]),
					ms(percentile(publishing, 50)), ms(percentile(publishing, 99)), burstEvents, publishRate, deliveredRate,
					deliveredRate * watchers);
		}
		finally {
			clients.forEach(Watcher::close);
		}
	}

	/** Four publishers, batches of ten, as fast as they go; returns the last seq. */
	private static long burst(RunEventPublisher publisher, String runId, int events) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		AtomicLong last = new AtomicLong();
		List<CompletableFuture<Void>> done = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			int thread = t;
			done.add(CompletableFuture.runAsync(() -> {
				for (int i = thread * 10; i < events; i += 40) {
					List<RunEvent> batch = new ArrayList<>();
					for (int j = i; j < Math.min(i + 10, events); j++) {
						batch.add(event(runId, "burst-" + j));
					}
					publisher.publish(batch).forEach(e -> last.accumulateAndGet(e.seq(), Math::max));
				}
			}, pool));
		}
		CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get();
		pool.shutdown();
		return last.get();
	}

	private static RunEvent event(String runId, String key) {
		return new RunEvent(runId, key, "llm.delta", "write", 1, Instant.now(),
				JsonNodeFactory.instance.objectNode().put("text", "token ").put("sentAt", System.nanoTime()));
	}

	private static void awaitAll(List<Watcher> clients, long seq) {
		long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
		for (Watcher w : clients) {
			while (w.lastSeq() < seq) {
				if (System.nanoTime() > deadline || w.closed.isDone()) {
					throw new IllegalStateException("A watcher stopped at seq " + w.lastSeq() + " of " + seq + ": "
							+ w.closed.getNow(null));
				}
				sleep(5);
			}
		}
	}

	private static long percentile(long[] sorted, int p) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
	}

	private static double ms(long nanos) {
		return nanos / 1e6;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A lean browser tab: records the arrival of each event and its latency, without parsing the JSON
	 * (a thousand clients share this JVM's CPUs with the gateway).
	 */
	private static final class Watcher implements WebSocket.Listener {

		/** Several clients, so one selector thread does not serialise a thousand sockets. */
		private static final List<HttpClient> CLIENTS = IntStream.range(0, 8)
			.mapToObj(i -> HttpClient.newHttpClient())
			.toList();

		private final StringBuilder partial = new StringBuilder();

		private final long[] latencies;

		private int recorded;

		private volatile long lastSeq;

		private volatile long lastArrival;

		private final CompletableFuture<String> closed = new CompletableFuture<>();

		private WebSocket socket;

		private Watcher(int latencyEvents) {
			this.latencies = new long[latencyEvents];
		}

		static List<Watcher> open(int port, String runId, int count, int latencyEvents) {
			List<CompletableFuture<Watcher>> opening = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				Watcher w = new Watcher(latencyEvents);
				opening.add(CLIENTS.get(i % CLIENTS.size())
					.newWebSocketBuilder()
					.buildAsync(TraceClient.uri(port, runId, TraceGatewayTestApp.VIEWER, null), w)
					.thenApply(ws -> {
						w.socket = ws;
						return w;
					}));
			}
			return opening.stream().map(CompletableFuture::join).toList();
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			partial.append(data);
			if (last) {
				long now = System.nanoTime();
				String message = partial.toString();
				partial.setLength(0);
				int at = message.indexOf(SENT_AT);
				if (at >= 0) {
					long sentAt = Long.parseLong(message, at + SENT_AT.length(), message.indexOf('}', at), 10);
					int seqAt = message.indexOf("\"seq\":") + 6;
					long seq = Long.parseLong(message, seqAt, message.indexOf(',', seqAt), 10);
					// The latency phase publishes seq 1..n of a fresh run; the burst comes after.
					if (seq <= latencies.length) {
						latencies[recorded++] = now - sentAt;
					}
					lastArrival = now;
					lastSeq = seq;
				}
			}
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			closed.complete(statusCode + " " + reason);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			closed.complete(error.toString());
		}

		long[] latencies() {
			return Arrays.copyOf(latencies, recorded);
		}

		long lastSeq() {
			return lastSeq;
		}

		long lastArrival() {
			return lastArrival;
		}

		void close() {
			if (socket != null) {
				socket.abort();
			}
		}

	}

}
