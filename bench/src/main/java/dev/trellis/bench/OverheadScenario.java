package dev.trellis.bench;

import java.util.ArrayList;
import java.util.List;

import dev.trellis.workflows.api.PipelineWorkflow;
import dev.trellis.workflows.api.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;

/**
 * Scenario 1, orchestration overhead: the real {@code PipelineWorkflowImpl} interpreting a 20-node
 * chain and a 20-node diamond DAG of no-op tool nodes, against hand-written Temporal workflows that
 * call the same no-op activity in the same shape with the same options, on the same dev server and
 * worker. Runs go one at a time in rounds (Trellis chain, raw chain, raw+events chain, Trellis
 * diamond, raw diamond), so drift in the machine's load hits every variant alike; warm-up rounds
 * are not counted.
 *
 * <p>Besides wall time it reports, per run, what each variant cost Temporal (history events,
 * workflow tasks, local-activity markers, queue and worker time of tasks from the history) and CPU
 * (this JVM, i.e. client and worker, and the dev server), so a gap can be traced to its cause. The
 * chain has a third variant, {@code raw+events}: the raw chain plus the interpreter's event flushes
 * (one local activity per workflow task), which says how much of the gap those flushes explain.
 */
final class OverheadScenario implements Scenario {

	static final int CHAIN_NODES = 20;

	/** 3 × 6 + root + end = 20 nodes, like the chain. */
	static final int DIAMONDS = 6;

	@Override
	public String name() {
		return "overhead";
	}

	@Override
	public void run(Report report, boolean quick) {
		int warmup = quick ? 1 : 3;
		int rounds = quick ? 4 : 20;
		WorkerSettings settings = WorkerSettings.production();
		try (BenchTemporal temporal = BenchTemporal.start(name())) {
			report.note(name(), "dev server sqlite journal_mode", temporal.journalMode());
			report.note(name(), "worker", settings.describe());
			CountingEvents events = new CountingEvents();
			try (BenchWorker worker = new BenchWorker(temporal.client(), settings, new NoopTools(), events)) {
				WorkflowClient client = temporal.client();
				Pipelines.Pipeline chain = Pipelines.chain(CHAIN_NODES);
				Pipelines.Pipeline diamond = Pipelines.diamonds(DIAMONDS);
				Variant trellisChain = trellis(client, "chain", chain);
				Variant rawChain = raw(client, "chain", chain, false);
				Variant rawChainEvents = raw(client, "chain", chain, true);
				Variant trellisDiamond = trellis(client, "diamond", diamond);
				Variant rawDiamond = raw(client, "diamond", diamond, false);
				List<Variant> all = List.of(trellisChain, rawChain, rawChainEvents, trellisDiamond, rawDiamond);
				for (int round = 0; round < warmup + rounds; round++) {
					for (Variant v : all) {
						v.runOnce(temporal, events, "r" + round, round >= warmup);
					}
					if (round == warmup - 1 || (round + 1) % 10 == 0) {
						BenchMain.say(name() + ": round " + (round + 1) + "/" + (warmup + rounds));
					}
				}
				for (Variant v : all) {
					v.profile = HistoryProfile.mean(v.workflowIds.stream()
						.map(id -> HistoryProfile.of(client.fetchHistory(id)))
						.toList());
				}
				compare(report, "chain-" + chain.nodes(), chain.nodes(), trellisChain, rawChain, rawChainEvents);
				compare(report, "diamond-" + diamond.nodes(), diamond.nodes(), trellisDiamond, rawDiamond);
			}
		}
	}

	/**
	 * Wall times and their ratio, then what each variant cost per run. A third variant, the raw
	 * workflow recording the same events with the same local activities, splits the gap into the
	 * event flushes and everything else the interpreter does.
	 */
	private void compare(Report report, String shape, int nodes, Variant trellis, Variant raw, Variant... more) {
		List<Variant> variants = new ArrayList<>(List.of(trellis, raw));
		variants.addAll(List.of(more));
		Stats t = Stats.of(trellis.wallMs);
		Stats r = Stats.of(raw.wallMs);
		for (Variant v : variants) {
			Stats s = Stats.of(v.wallMs);
			report.add(name(), shape + " · " + v.kind + " · wall median", s.median(), 1, "ms");
			report.add(name(), shape + " · " + v.kind + " · wall p99", s.percentile(99), 1, "ms");
		}
		report.add(name(), shape + " · ratio trellis/raw (median)", t.median() / r.median(), 2, "x (goal <= 1.15)");
		report.add(name(), shape + " · overhead per node", (t.median() - r.median()) / nodes, 2, "ms");
		double gap = t.median() - r.median();
		for (Variant v : more) {
			// Below 2 % of the baseline the gap is noise, and a share of noise says nothing.
			double share = gap > 0.02 * r.median() ? (Stats.of(v.wallMs).median() - r.median()) / gap : Double.NaN;
			report.add(name(), shape + " · share of the gap that " + v.kind + " reproduces", 100 * share, 0, "%");
		}
		report.add(name(), shape + " · runs measured per variant", t.count(), 0, "runs");
		for (Variant v : variants) {
			String prefix = shape + " · " + v.kind + " · ";
			HistoryProfile p = v.profile;
			report.add(name(), prefix + "history events", p.events(), 1, "per run");
			report.add(name(), prefix + "workflow tasks", p.workflowTasks(), 1, "per run");
			report.add(name(), prefix + "activity tasks", p.activities(), 1, "per run");
			report.add(name(), prefix + "markers (local activities)", p.markers(), 1, "per run");
			report.add(name(), prefix + "search attribute upserts", p.upserts(), 1, "per run");
			report.add(name(), prefix + "workflow task queue time", p.workflowTaskQueueMs(), 1, "ms per run");
			report.add(name(), prefix + "workflow task worker time", p.workflowTaskWorkMs(), 1, "ms per run");
			report.add(name(), prefix + "first workflow task worker time", p.firstWorkflowTaskWorkMs(), 1, "ms");
			report.add(name(), prefix + "activity queue time", p.activityQueueMs(), 1, "ms per run");
			report.add(name(), prefix + "activity run time", p.activityWorkMs(), 1, "ms per run");
			report.add(name(), prefix + "cpu client+worker", Stats.of(v.selfCpuMs).mean(), 1, "ms per run");
			report.add(name(), prefix + "cpu dev server", Stats.of(v.serverCpuMs).mean(), 1, "ms per run");
			if (v.flushes.stream().anyMatch(f -> f > 0)) {
				report.add(name(), prefix + "event flushes", Stats.of(v.flushes).mean(), 1, "per run");
				report.add(name(), prefix + "events recorded", Stats.of(v.eventCounts).mean(), 1, "per run");
			}
		}
	}

	static Variant trellis(WorkflowClient client, String shape, Pipelines.Pipeline pipeline) {
		return new Variant("trellis", runId -> {
			String id = PipelineWorkflow.workflowId(pipeline.ref().name(), runId);
			client.newWorkflowStub(PipelineWorkflow.class, options(id)).run(pipeline.snapshot(runId));
			return id;
		}, shape);
	}

	static Variant raw(WorkflowClient client, String shape, Pipelines.Pipeline pipeline, boolean recordEvents) {
		String kind = recordEvents ? "raw+events" : "raw";
		return new Variant(kind, runId -> {
			String id = kind + "-" + shape + "-" + runId;
			if (shape.equals("chain")) {
				client.newWorkflowStub(RawChainWorkflow.class, options(id))
					.run(new RawRun(runId, Pipelines.noopTool(), pipeline.nodes(), recordEvents));
			}
			else {
				client.newWorkflowStub(RawDiamondWorkflow.class, options(id))
					.run(new RawRun(runId, Pipelines.noopTool(), DIAMONDS, recordEvents));
			}
			return id;
		}, shape);
	}

	private static WorkflowOptions options(String workflowId) {
		return WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(TaskQueues.MAIN).build();
	}

	/** A run id in, the workflow id of the finished run out. */
	interface Runner {

		String run(String runId);

	}

	/** One side of one shape, and everything measured about it. */
	static final class Variant {

		final String kind;

		final Runner runner;

		final String shape;

		final List<Double> wallMs = new ArrayList<>();

		final List<Double> selfCpuMs = new ArrayList<>();

		final List<Double> serverCpuMs = new ArrayList<>();

		final List<Long> flushes = new ArrayList<>();

		final List<Long> eventCounts = new ArrayList<>();

		final List<String> workflowIds = new ArrayList<>();

		HistoryProfile profile;

		Variant(String kind, Runner runner, String shape) {
			this.kind = kind;
			this.runner = runner;
			this.shape = shape;
		}

		void runOnce(BenchTemporal temporal, CountingEvents events, String round, boolean measured) {
			long flushesBefore = events.flushes();
			long eventsBefore = events.events();
			double cpuBefore = ProcessCpu.selfMillis();
			double serverBefore = temporal.serverCpuMillis();
			long start = System.nanoTime();
			String workflowId = runner.run(shape + "-" + round);
			double wall = (System.nanoTime() - start) / 1_000_000.0;
			if (measured) {
				wallMs.add(wall);
				selfCpuMs.add(ProcessCpu.selfMillis() - cpuBefore);
				serverCpuMs.add(temporal.serverCpuMillis() - serverBefore);
				flushes.add(events.flushes() - flushesBefore);
				eventCounts.add(events.events() - eventsBefore);
				workflowIds.add(workflowId);
			}
		}

	}

}
