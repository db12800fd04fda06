package dev.trellis.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of this JVM and of other processes, to say which side of a comparison spends it. */
final class ProcessCpu {

	/** Linux reports utime and stime in clock ticks, 100 per second on every mainstream kernel build. */
	private static final double MILLIS_PER_TICK = 10.0;

	private ProcessCpu() {
	}

	/** This JVM: the bench client and the in-process worker. */
	static double selfMillis() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1_000_000.0;
	}

	static double millis(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
			// The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
		}
		catch (IOException | RuntimeException e) {
			return Double.NaN;
		}
	}

}
