package dev.trellis.bench;

import java.util.Arrays;
import java.util.Collection;

/** Order statistics of a sample; percentiles use the nearest-rank method, so p99 of 50 samples is the maximum. */
final class Stats {

	private final double[] sorted;

	private Stats(double[] sorted) {
		this.sorted = sorted;
	}

	static Stats of(Collection<? extends Number> values) {
		double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
		return new Stats(sorted);
	}

	int count() {
		return sorted.length;
	}

	double median() {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int mid = sorted.length / 2;
		return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	}

	double percentile(double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
	}

	double mean() {
		return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElse(Double.NaN);
	}

	double max() {
		return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
	}

}
