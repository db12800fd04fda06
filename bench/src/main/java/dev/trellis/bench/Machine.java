package dev.trellis.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What a result depends on besides the code: the machine, the JDK, the load others put on it. */
final class Machine {

	private Machine() {
	}

	static int cores() {
		return Runtime.getRuntime().availableProcessors();
	}

	static String describe() {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		double gib = os.getTotalMemorySize() / (1024.0 * 1024 * 1024);
		return String.format(Locale.ROOT, "machine: %d cores (%s), %.1f GiB memory, %s %s", cores(), cpuModel(), gib,
				System.getProperty("os.name"), System.getProperty("os.version"));
	}

	static String jdk() {
		return "jdk: " + System.getProperty("java.vm.name") + " " + Runtime.version() + " ("
				+ System.getProperty("java.vendor") + "), max heap "
				+ Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB";
	}

	static String now() {
		return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
			.format(Instant.now().atZone(ZoneOffset.UTC));
	}

	/** The 1-minute load average, or NaN where the OS does not publish it. */
	static double load() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	/** The checked-out commit; read-only ({@code git rev-parse}), "unknown" outside a git work tree. */
	static String commit(Path root) {
		try {
			Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(root.toFile())
				.redirectErrorStream(true)
				.start();
			String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : "unknown";
		}
		catch (IOException e) {
			return "unknown";
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter(l -> l.startsWith("model name"))
				.map(l -> l.substring(l.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown cpu");
		}
		catch (IOException e) {
			return "unknown cpu";
		}
	}

}
