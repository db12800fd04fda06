package dev.trellis.testsupport;

import java.util.Locale;

/**
 * The line protocol between a benchmark that lives with the module it measures (a {@code main} in
 * that module's test sources) and {@code ./trellis bench}, which runs it as a child JVM: the child
 * prints its human-readable output as usual plus one {@code bench-metric} line per number, and the
 * bench command copies those into its report. Tabs separate the fields, so metric names may hold
 * spaces and punctuation.
 *
 * <pre>{@code
 * BenchMetric.print("decision -> next node p50", 412.3, 1, "ms");
 * // bench-metric	decision -> next node p50	412.3	1	ms
 * }</pre>
 */
public final class BenchMetric {

	/** The first field of a metric line. */
	public static final String PREFIX = "bench-metric";

	private BenchMetric() {
	}

	/** Prints one metric line on stdout; {@code decimals} is how the report formats the value. */
	public static void print(String metric, double value, int decimals, String unit) {
		if (metric.contains("\t") || unit.contains("\t")) {
			throw new IllegalArgumentException("A metric name or unit cannot contain a tab: " + metric);
		}
		System.out.println(String.join("\t", PREFIX, metric, String.format(Locale.ROOT, "%.6f", value),
				Integer.toString(decimals), unit));
	}

	/** A parsed metric line, or {@code null} when the line is ordinary output. */
	public record Line(String metric, double value, int decimals, String unit) {

		public static Line parse(String line) {
			String[] fields = line.split("\t", -1);
			if (fields.length != 5 || !PREFIX.equals(fields[0])) {
				return null;
			}
			return new Line(fields[1], Double.parseDouble(fields[2]), Integer.parseInt(fields[3]), fields[4]);
		}

	}

}
