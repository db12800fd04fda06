package dev.trellis.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results of one benchmark run: a header (machine, date, mode) and one row per metric. The
 * text and Markdown forms are the command's stable output format: results are compared across
 * commits by diffing them, so columns, number formats and metric names only ever grow.
 *
 * <pre>{@code
 * Report report = new Report();
 * report.header("machine: 2 cores");
 * report.add("overhead", "chain-20 · trellis · wall median", 212.4, 1, "ms");
 * System.out.print(report.text());
 * }</pre>
 */
final class Report {

	/** One measurement; {@code value} is already formatted, and a note's value is text rather than a number. */
	record Row(String scenario, String metric, String value, String unit, boolean note) {
	}

	private final List<String> header = new ArrayList<>();

	private final List<Row> rows = new ArrayList<>();

	/** A line about the whole run: machine, JDK, date, load. */
	void header(String line) {
		header.add(line);
	}

	/** A number, formatted with a fixed count of decimals so the same metric always reads alike. */
	void add(String scenario, String metric, double value, int decimals, String unit) {
		String formatted = Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
		rows.add(new Row(scenario, metric, formatted, unit, false));
	}

	/** A value that is not a number: a reference to another benchmark, a setting, a reason for n/a. */
	void note(String scenario, String metric, String value) {
		rows.add(new Row(scenario, metric, value, "", true));
	}

	List<Row> rows() {
		return List.copyOf(rows);
	}

	String text() {
		int scenarioWidth = width(0, "scenario");
		int metricWidth = width(1, "metric");
		int valueWidth = width(2, "value");
		StringBuilder out = new StringBuilder();
		header.forEach(line -> out.append(line).append('\n'));
		out.append('\n');
		String format = "%-" + scenarioWidth + "s  %-" + metricWidth + "s  %" + valueWidth + "s  %s";
		// Notes are left-aligned in the value column and may overflow it: they never widen the numbers.
		String noteFormat = "%-" + scenarioWidth + "s  %-" + metricWidth + "s  %s";
		out.append(String.format(Locale.ROOT, format, "scenario", "metric", "value", "unit").stripTrailing())
			.append('\n');
		for (Row row : rows) {
			String line = row.note()
					? String.format(Locale.ROOT, noteFormat, row.scenario(), row.metric(), row.value())
					: String.format(Locale.ROOT, format, row.scenario(), row.metric(), row.value(), row.unit());
			out.append(line.stripTrailing()).append('\n');
		}
		return out.toString();
	}

	String markdown(String title) {
		StringBuilder out = new StringBuilder();
		out.append("## ").append(title).append("\n\n");
		header.forEach(line -> out.append("- ").append(line).append('\n'));
		out.append("\n| scenario | metric | value | unit |\n|---|---|---:|---|\n");
		for (Row row : rows) {
			out.append("| ").append(cell(row.scenario())).append(" | ").append(cell(row.metric())).append(" | ")
				.append(cell(row.value())).append(" | ").append(cell(row.unit())).append(" |\n");
		}
		return out.append('\n').toString();
	}

	private int width(int column, String title) {
		int width = title.length();
		for (Row row : rows) {
			if (column == 2 && row.note()) {
				continue;
			}
			String cell = switch (column) {
				case 0 -> row.scenario();
				case 1 -> row.metric();
				default -> row.value();
			};
			width = Math.max(width, cell.length());
		}
		return width;
	}

	private static String cell(String text) {
		return text.replace("|", "\\|");
	}

}
