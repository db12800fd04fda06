package dev.trellis.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.trellis.testsupport.ProjectPaths;

/** The {@link LlmStubServer} process, started on this JVM's runtime and classpath, stopped on close. */
final class LlmStub implements AutoCloseable {

	private final Process process;

	private final int port;

	private LlmStub(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static LlmStub start(Duration latency, int toolRounds) {
		String java = ProcessHandle.current().info().command().orElse("java");
		Path log = ProjectPaths.scratch("bench").resolve("llm-stub.log");
		try {
			Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp",
					System.getProperty("java.class.path"), LlmStubServer.class.getName(),
					String.valueOf(latency.toMillis()), String.valueOf(toolRounds))
				.redirectError(log.toFile())
				.start();
			BufferedReader out = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			String line = out.readLine();
			if (line == null || !line.startsWith("port=")) {
				process.destroyForcibly();
				throw new IllegalStateException("The LLM stub did not start; see " + log);
			}
			return new LlmStub(process, Integer.parseInt(line.substring("port=".length())));
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot start the LLM stub", e);
		}
	}

	String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	@Override
	public void close() {
		try {
			process.getOutputStream().close();
			if (!process.waitFor(5, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		catch (IOException e) {
			process.destroyForcibly();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

}
