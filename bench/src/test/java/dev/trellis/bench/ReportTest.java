package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportTest {

	@Test
	void textTableAlignsColumnsAndFormatsNumbersWithFixedDecimals() {
		Report report = new Report();
		report.header("machine: 2 cores");
		report.add("overhead", "chain-20 · ratio trellis/raw (median)", 1.1234, 2, "x");
		report.add("concurrency", "total time", 7.5, 1, "s");
		report.note("approvals", "parked approvals", "see approvals/Bench.java");

		assertThat(report.text()).isEqualTo("""
				machine: 2 cores

				scenario     metric                                 value  unit
				overhead     chain-20 · ratio trellis/raw (median)   1.12  x
				concurrency  total time                               7.5  s
				approvals    parked approvals                       see approvals/Bench.java
				""");
	}

	@Test
	void markdownHasOneTableRowPerMetricAndEscapesPipes() {
		Report report = new Report();
		report.header("jdk: 25");
		report.add("throughput", "1-node · concurrency 16 · throughput", Double.NaN, 1, "runs/s");
		report.note("overhead", "worker", "a | b");

		assertThat(report.markdown("2025-01-01 · quick")).isEqualTo("""
				## 2025-01-01 · quick

				- jdk: 25

				| scenario | metric | value | unit |
				|---|---|---:|---|
				| throughput | 1-node · concurrency 16 · throughput | n/a | runs/s |
				| overhead | worker | a \\| b |  |

				""");
	}

}
