package dev.trellis.bench;

/** One benchmark: it starts what it needs, measures, adds its rows and stops everything it started. */
interface Scenario {

	/** The name on the command line and in the report's first column. */
	String name();

	void run(Report report, boolean quick) throws Exception;

}
