package dev.trellis.testsupport;

import org.testcontainers.DockerClientFactory;

/**
 * Decides once per JVM whether infrastructure comes from Testcontainers (a Docker engine answers)
 * or from embedded processes. Either way the same test classes run: nothing is skipped.
 */
final class Docker {

	private static volatile Boolean available;

	private Docker() {
	}

	static boolean available() {
		if (available == null) {
			boolean forcedOff = "embedded".equalsIgnoreCase(System.getenv("TRELLIS_TEST_INFRA"));
			boolean answers;
			try {
				answers = !forcedOff && DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException | LinkageError e) {
				answers = false;
			}
			available = answers;
		}
		return available;
	}

}
