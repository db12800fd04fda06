package dev.trellis.bench;

import java.util.List;
import java.util.function.Supplier;

/**
 * The experiments behind the tuning notes in docs/benchmarks.md, run only when named
 * ({@code ./trellis bench tuning}): each changes one thing (SQLite settings of the dev server, or one
 * worker option) against the test-support server with production worker defaults, and measures the
 * chain-20 A/B of scenario 1 and the 5-node throughput of scenario 2 at concurrency 16 and 128.
 */
final class TuningScenario implements Scenario {

	private record Experiment(String name, Supplier<BenchTemporal> server, WorkerSettings settings) {
	}

	@Override
	public String name() {
		return "tuning";
	}

	@Override
	public void run(Report report, boolean quick) throws InterruptedException {
		int warmup = 3;
		int rounds = quick ? 8 : 20;
		long warmupMs = 2_000;
		long windowMs = quick ? 4_000 : 10_000;
		WorkerSettings production = WorkerSettings.production();
		List<Experiment> experiments = List.of(
				new Experiment("baseline (wal, synchronous=normal; production worker)",
						() -> BenchTemporal.start("tuning-baseline"), production),
				new Experiment("sqlite wal, synchronous=off",
						() -> BenchTemporal.startWith("tuning-sync-off", List.of("journal_mode=wal", "synchronous=off"),
								false),
						production),
				new Experiment("sqlite in memory", () -> BenchTemporal.startWith("tuning-memory", List.of(), true),
						production),
				new Experiment("pollers 2/2", () -> BenchTemporal.start("tuning-pollers-2"),
						production.withPollers(2, 2)),
				new Experiment("pollers 8/8", () -> BenchTemporal.start("tuning-pollers-8"),
						production.withPollers(8, 8)),
				new Experiment("virtual threads off", () -> BenchTemporal.start("tuning-platform"),
						production.withVirtualThreads(false)));
		Pipelines.Pipeline chain = Pipelines.chain(OverheadScenario.CHAIN_NODES);
		Pipelines.Pipeline five = Pipelines.chain(5);
		for (Experiment e : experiments) {
			BenchMain.say(name() + ": " + e.name());
			CountingEvents events = new CountingEvents();
			try (BenchTemporal temporal = e.server().get();
					BenchWorker worker = new BenchWorker(temporal.client(), e.settings(), new NoopTools(), events)) {
				String prefix = e.name() + " · ";
				report.note(name(), prefix + "sqlite journal_mode", temporal.journalMode());
				OverheadScenario.Variant trellis = OverheadScenario.trellis(temporal.client(), "chain", chain);
				OverheadScenario.Variant raw = OverheadScenario.raw(temporal.client(), "chain", chain, false);
				for (int round = 0; round < warmup + rounds; round++) {
					trellis.runOnce(temporal, events, "r" + round, round >= warmup);
					raw.runOnce(temporal, events, "r" + round, round >= warmup);
				}
				report.add(name(), prefix + "chain-20 trellis wall median", Stats.of(trellis.wallMs).median(), 1, "ms");
				report.add(name(), prefix + "chain-20 raw wall median", Stats.of(raw.wallMs).median(), 1, "ms");
				// CPU time barely depends on what else the machine runs, so it shows a gain under load too.
				report.add(name(), prefix + "chain-20 raw cpu dev server", Stats.of(raw.serverCpuMs).mean(), 1,
						"ms per run");
				report.add(name(), prefix + "chain-20 raw cpu client+worker", Stats.of(raw.selfCpuMs).mean(), 1,
						"ms per run");
				for (int clients : new int[] { 16, 128 }) {
					ThroughputScenario.Result result = ThroughputScenario.closedLoop(temporal.client(), five, clients,
							warmupMs, windowMs);
					report.add(name(), prefix + "5-node concurrency " + clients + " throughput",
							result.completed() * 1000.0 / windowMs, 1, "runs/s");
				}
			}
		}
	}

}
