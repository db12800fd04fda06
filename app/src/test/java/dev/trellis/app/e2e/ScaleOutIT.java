package dev.trellis.app.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.testsupport.Closer;
import dev.trellis.testsupport.TestStack;
import dev.trellis.testsupport.TraceWatcher;
import dev.trellis.testsupport.TrellisApi;
import dev.trellis.testsupport.TrellisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several gateways and workers of the same artifact on one machine, as issue 11 promises: two
 * gateway processes (A, B) and three worker processes share one Temporal dev server, PostgreSQL and
 * Redis. Fifty runs of a pipeline with four calculator nodes around a review gate are started
 * through A and watched through B's WebSocket; one worker is killed with {@code kill -9} while the
 * first half of the runs is in flight; the reviews are decided half through A, half through B.
 *
 * <p>Then every run has completed with the right output, the watcher on B received every event of
 * every run exactly once and in order (the same events {@code GET /events} returns through A), and
 * no node started or completed twice. Activities that were in flight on the killed worker are
 * retried by Temporal (at-least-once); those retries are counted and printed, not hidden.
 */
class ScaleOutIT {

	private static final int RUNS = 50;

	private static final Duration WAIT = Duration.ofSeconds(240);

	/** Two JVMs booting together on two cores shared with other builds can take minutes. */
	private static final Duration BOOT = Duration.ofSeconds(300);

	private static final List<String> NODES = List.of("double", "plusOne", "review", "timesTen", "minusOne");

	private static final List<String> TOOL_NODES = List.of("double", "plusOne", "timesTen", "minusOne");

	private final List<TraceWatcher> watchers = new ArrayList<>();

	private TestStack stack;

	private final Closer closer = new Closer();

	@AfterEach
	void stop() throws Exception {
		closer.close();
	}

	@Test
	void fiftyRunsThroughTwoGatewaysAndThreeWorkersSurviveAKilledWorker() throws Exception {
		long began = System.nanoTime();
		stack = closer.register(TestStack.start("scale-out"));
		Map<String, String> env = new HashMap<>(stack.env());
		// One user starts all fifty runs within seconds: lift the per-user run limits that would
		// otherwise answer 429 after the 20th open run and the 30th start per minute.
		env.put("TRELLIS_SECURITY_MAX_CONCURRENT_RUNS_PER_USER", "0");
		env.put("TRELLIS_SECURITY_RATE_LIMITS_RUN_STARTS", "0");
		// Gateway A first: it creates the bootstrap admin and seeds the registry on the fresh database.
		// Then two at a time: booting is CPU-bound, and four JVMs starting together on two shared cores
		// starve each other until their first Temporal calls miss their deadlines.
		TrellisProcess gatewayA = track(process("scale-gateway-a", "gateway", env).start());
		TrellisProcess gatewayB = track(process("scale-gateway-b", "gateway", env).launch());
		TrellisProcess worker1 = track(process("scale-worker-1", "worker", env).launch());
		gatewayB.awaitReady();
		worker1.awaitReady();
		TrellisProcess worker2 = track(process("scale-worker-2", "worker", env).launch());
		TrellisProcess worker3 = track(process("scale-worker-3", "worker", env).launch());
		worker2.awaitReady();
		worker3.awaitReady();
		List<TrellisProcess> workers = List.of(worker1, worker2, worker3);
		double bootSeconds = seconds(began);

		TrellisApi adminA = new TrellisApi(gatewayA.baseUrl(), TestStack.ADMIN_TOKEN);
		String reviewerToken = adminA.createUser("rita", List.of("reviewer"), List.of("editors"));
		TrellisApi reviewerA = new TrellisApi(gatewayA.baseUrl(), reviewerToken);
		TrellisApi reviewerB = new TrellisApi(gatewayB.baseUrl(), reviewerToken);
		adminA.publish("pipelines", "scale-review", pipeline());

		long runsBegan = System.nanoTime();
		List<String> runIds = new ArrayList<>();
		List<String> workflowIds = new ArrayList<>();
		int notAtGateWhenKilled = -1;
		for (int n = 0; n < RUNS; n++) {
			TrellisApi.Response started = adminA.post("/api/runs",
					Map.of("pipeline", "scale-review", "input", Map.of("n", n)));
			assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
			String runId = started.body().path("runId").asText();
			runIds.add(runId);
			workflowIds.add(started.body().path("workflowId").asText());
			watchers.add(closer.register(TraceWatcher.follow(gatewayB.baseUrl(), runId, TestStack.ADMIN_TOKEN)));
			if (n == RUNS / 2 - 1) {
				// Mid-way: half of the runs are executing or parked at their gate (the last one was
				// started a moment ago), the other half is not started yet.
				notAtGateWhenKilled = (int) watchers.stream().filter(w -> !sawType(w, "approval.requested")).count();
				workers.get(0).kill();
			}
		}

		Map<String, String> approvals = awaitApprovals(reviewerA, runIds);
		Map<String, Integer> decidedThrough = decide(runIds, approvals, reviewerA, reviewerB);

		for (int n = 0; n < RUNS; n++) {
			JsonNode done = adminA.awaitRun(runIds.get(n), Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT"), WAIT);
			assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
			assertThat(done.path("output").asLong()).as("output of run " + n).isEqualTo((2L * n + 1) * 10 - 1);
		}
		double runsSeconds = seconds(runsBegan);

		long events = 0;
		long duplicates = 0;
		long activityRetries = 0;
		for (int i = 0; i < RUNS; i++) {
			TraceWatcher watcher = watchers.get(i);
			String runId = runIds.get(i);
			watcher.awaitEnd(WAIT);
			List<JsonNode> recorded = adminA.events(runId);
			List<Long> expectedSeqs = LongStream.rangeClosed(1, recorded.size()).boxed().toList();
			assertThat(recorded.stream().map(e -> e.path("seq").asLong()).toList()).as("recorded seqs of " + runId)
				.isEqualTo(expectedSeqs);
			assertThat(watcher.seqs()).as("seqs watched through B for " + runId + ", closes " + watcher.closes())
				.isEqualTo(expectedSeqs);
			assertThat(watcher.events()).as("events watched through B for " + runId).isEqualTo(recorded);
			events += recorded.size();
			duplicates += duplicateNodeExecutions(runId, recorded);
			activityRetries += recorded.stream()
				.filter(e -> e.path("type").asText().equals("tool.call") && e.path("attempt").asInt() > 1)
				.count();
		}
		int reconnects = watchers.stream().mapToInt(TraceWatcher::reconnects).sum();
		// Why sockets closed before their run ended, by kind (the reason up to where it names a seq).
		Map<String, Long> closeKinds = watchers.stream()
			.flatMap(w -> w.closes().stream())
			.collect(Collectors.groupingBy(c -> c.replaceAll("after=\\d+.*", "after=N"), Collectors.counting()));
		long touchedByKilled = runsTouchedBy(workers.get(0), workflowIds.subList(0, RUNS / 2));

		System.out.printf(
				"ScaleOutIT summary: runs=%d events=%d duplicates=%d activityRetries=%d decisions(A/B)=%d/%d "
						+ "watcherReconnects=%d runsNotAtGateWhenWorkerKilled=%d runsTheKilledWorkerHadWorkedOn=%d "
						+ "seconds=%.1f (boot %.1f, runs %.1f)%n",
				RUNS, events, duplicates, activityRetries, decidedThrough.get("A"), decidedThrough.get("B"), reconnects,
				notAtGateWhenKilled, touchedByKilled, seconds(began), bootSeconds, runsSeconds);
		System.out.println("ScaleOutIT watcher closes: " + closeKinds);
		assertThat(duplicates).as("nodes started or completed more than once").isZero();
		assertThat(workers.get(0).isAlive()).isFalse();
		// Otherwise the kill proved nothing: the killed worker must have held some of these runs.
		assertThat(touchedByKilled).as("runs with tasks completed by the killed worker").isPositive();
	}

	/**
	 * Counts, per node, every {@code node.started} and {@code node.completed} beyond the first, and
	 * every tool call recorded twice for the same attempt. The workflow records node events with keys
	 * that are the same on replay, so a replay on another worker never repeats them; a node that ran
	 * again after completing would.
	 */
	private static long duplicateNodeExecutions(String runId, List<JsonNode> events) {
		long duplicates = 0;
		for (String node : NODES) {
			long started = count(events, "node.started", node);
			long completed = count(events, "node.completed", node);
			assertThat(started).as(runId + " " + node + " started").isPositive();
			assertThat(completed).as(runId + " " + node + " completed").isPositive();
			duplicates += started - 1 + completed - 1;
		}
		for (String node : TOOL_NODES) {
			Map<Integer, Long> callsPerAttempt = events.stream()
				.filter(e -> e.path("type").asText().equals("tool.call") && e.path("nodeId").asText().equals(node))
				.collect(Collectors.groupingBy(e -> e.path("attempt").asInt(), Collectors.counting()));
			duplicates += callsPerAttempt.values().stream().mapToLong(c -> c - 1).sum();
		}
		return duplicates;
	}

	/**
	 * How many of the workflows have a task in their history that the given worker took (Temporal
	 * records the identity, {@code trellis@<pid>}, of the worker that completed each task).
	 */
	private long runsTouchedBy(TrellisProcess worker, List<String> workflowIds) {
		Pattern identity = Pattern.compile("\"identity\"\\s*:\\s*\"trellis@" + worker.pid() + "\"");
		return workflowIds.stream()
			.filter(id -> identity.matcher(stack.temporal().cli("workflow", "show", "-w", id, "--output", "json")).find())
			.count();
	}

	/** Waits until every run's review is in the reviewer's inbox; returns run id → approval id. */
	private static Map<String, String> awaitApprovals(TrellisApi reviewer, List<String> runIds) {
		Map<String, String> approvals = new LinkedHashMap<>();
		reviewer.await("/api/approvals?status=PENDING&limit=500", page -> {
			for (JsonNode item : page.path("items")) {
				approvals.put(item.path("runId").asText(), item.path("approvalId").asText());
			}
			return approvals.keySet().containsAll(runIds);
		}, WAIT);
		return approvals;
	}

	/**
	 * Approves every review, even runs through A and odd runs through B, several at a time: a run
	 * whose workflow was cached on the killed worker answers its first decision only after Temporal
	 * gives up on that worker's sticky queue, and serial decisions would add those waits up.
	 */
	private static Map<String, Integer> decide(List<String> runIds, Map<String, String> approvals, TrellisApi viaA,
			TrellisApi viaB) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<String>> decided = new ArrayList<>();
			for (int n = 0; n < runIds.size(); n++) {
				boolean throughA = n % 2 == 0;
				String approvalId = approvals.get(runIds.get(n));
				decided.add(CompletableFuture.supplyAsync(() -> {
					TrellisApi.Response r = (throughA ? viaA : viaB).postWhileUnavailable(
							"/api/approvals/" + approvalId + "/decision",
							Map.of("decision", "approve", "comment", throughA ? "via A" : "via B"), WAIT);
					assertThat(r.status()).as(approvalId + ": " + r.body()).isEqualTo(200);
					assertThat(r.body().path("status").asText()).isEqualTo("APPROVED");
					return throughA ? "A" : "B";
				}, pool));
			}
			CompletableFuture.allOf(decided.toArray(CompletableFuture[]::new)).get();
			return decided.stream().map(CompletableFuture::join).collect(Collectors.toMap(g -> g, g -> 1, Integer::sum));
		}
		finally {
			pool.shutdown();
		}
	}

	/** double → plusOne → review → timesTen → minusOne: output (2n + 1) × 10 − 1. */
	private static Map<String, Object> pipeline() {
		List<Map<String, Object>> nodes = List.of(calculator("double", "{{inputs.n}}*2"),
				calculator("plusOne", "{{nodes.double.output}}+1"),
				Map.of("id", "review", "type", "human_review", "title", "Approve the figure", "show",
						"{{nodes.plusOne.output}}", "assignees", List.of("group:editors"), "timeout", "72h",
						"onTimeout", "reject"),
				calculator("timesTen", "{{nodes.plusOne.output}}*10"),
				calculator("minusOne", "{{nodes.timesTen.output}}-1"));
		List<Map<String, Object>> edges = List.of(Map.of("from", "double", "to", "plusOne"),
				Map.of("from", "plusOne", "to", "review"), Map.of("from", "review", "to", "timesTen", "when", "approved"),
				Map.of("from", "timesTen", "to", "minusOne"));
		return Map.of("inputs", Map.of("n", Map.of("type", "integer", "required", true)), "nodes", nodes, "edges",
				edges, "output", "{{nodes.minusOne.output}}");
	}

	/**
	 * A calculator call. The short timeout bounds how long a call lost with the killed worker waits
	 * before Temporal retries it elsewhere.
	 */
	private static Map<String, Object> calculator(String id, String expression) {
		return Map.of("id", id, "type", "tool", "tool", Map.of("name", "calculator", "version", 1), "args",
				Map.of("expression", expression), "timeout", "5s",
				"retry", Map.of("maxAttempts", 5, "initialInterval", "1s"));
	}

	private static TrellisProcess.Builder process(String name, String role, Map<String, String> env) {
		return TrellisProcess.builder(name).role(role).env(env).readyWithin(BOOT);
	}

	private TrellisProcess track(TrellisProcess process) {
		return closer.register(process);
	}

	private static boolean sawType(TraceWatcher watcher, String type) {
		return watcher.events().stream().anyMatch(e -> e.path("type").asText().equals(type));
	}

	private static long count(List<JsonNode> events, String type, String nodeId) {
		return events.stream()
			.filter(e -> e.path("type").asText().equals(type) && e.path("nodeId").asText().equals(nodeId))
			.count();
	}

	private static double seconds(long sinceNanos) {
		return (System.nanoTime() - sinceNanos) / 1e9;
	}

}
