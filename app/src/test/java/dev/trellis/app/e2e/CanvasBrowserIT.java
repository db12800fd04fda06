package dev.trellis.app.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.trellis.testsupport.Closer;
import dev.trellis.testsupport.ProjectPaths;
import dev.trellis.testsupport.TestStack;
import dev.trellis.testsupport.TrellisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The browser app against the real backend: the packaged jar (role {@code all}, UI inside) on a
 * Temporal dev server, PostgreSQL and Redis, with an {@link OpenAiStub} in place of the model
 * provider. It runs the playwright-core scripts of {@code canvas-web/e2e} in the system Chromium,
 * which do what a person does (Studio, canvas, run, approval as a second user, replay, pause and
 * resume, rerun from a node, retry of a failed run) and assert what is on screen.
 *
 * <p>
 * Missing Chromium or Node fails the test instead of skipping it: a browser suite that quietly
 * disappears on a machine without a browser would report green for a UI nobody checked.
 * {@code ./trellis test} installs both.
 */
class CanvasBrowserIT {

	/** The scripts in the order they run; the second reuses nothing from the first but the server. */
	private static final List<String> SCRIPTS = List.of("e2e/studio-canvas-run.e2e.mjs", "e2e/run-control.e2e.mjs");

	private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(6);

	private static final int MIN_NODE_MAJOR = 20;

	private TestStack stack;

	private OpenAiStub llm;

	private TrellisProcess app;

	private final Closer closer = new Closer();

	@AfterEach
	void stop() throws Exception {
		closer.close();
	}

	@Test
	void aPersonBuildsRunsApprovesAndSteersAPipelineInTheBrowser() throws Exception {
		Path canvasWeb = ProjectPaths.repositoryRoot().resolve("canvas-web");
		Path chromium = requireChromium();
		requireNode();
		assertThat(canvasWeb.resolve("node_modules/playwright-core/package.json"))
			.as("playwright-core is missing: run `npm ci` in canvas-web (the Maven build of canvas-web does)")
			.isRegularFile();

		llm = closer.register(OpenAiStub.answering(CanvasBrowserIT::answer));
		stack = closer.register(TestStack.start("browser"));
		Map<String, String> env = new HashMap<>(stack.env());
		app = closer.register(TrellisProcess.builder("browser-all").role("all").env(env).start());
		assertThat(page(app.baseUrl() + "/")).as("the jar serves the built canvas-web at /")
			.contains("<div id=\"root\">");

		for (String script : SCRIPTS) {
			int exit = runScript(canvasWeb, script, Map.of("TRELLIS_URL", app.baseUrl(), "TRELLIS_TOKEN",
					TestStack.ADMIN_TOKEN, "TRELLIS_STUB_URL", llm.baseUrl(), "CHROMIUM_PATH", chromium.toString()));
			assertThat(exit).as(script + " failed; its steps are in the log above, screenshots in "
					+ canvasWeb.resolve("target/e2e-screenshots") + ", server log in .trellis/test/processes")
				.isZero();
		}
		assertThat(llm.completions()).as("the agents' model calls reached the stub").isPositive();
		assertThat(llm.refused()).as("the run with the revoked key reached the stub and was refused").isPositive();
	}

	/**
	 * What the stub model says: a short Markdown answer naming what it was asked, so each node's
	 * output on screen is recognisably its own.
	 */
	private static String answer(String prompt) {
		String firstLine = prompt.strip().lines().findFirst().orElse("");
		String topic = firstLine.length() > 60 ? firstLine.substring(0, 60) + "…" : firstLine;
		return "## Notes\n\nAsked: " + topic + "\n\n- Durable steps survive crashes.\n- Every finished node is a checkpoint.";
	}

	private static Path requireChromium() {
		Path chromium = Paths.get(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
		if (!Files.isExecutable(chromium)) {
			fail("Chromium is not installed at " + chromium
					+ ": the browser tests need it (apt-get install chromium; ./trellis test installs it)");
		}
		return chromium;
	}

	private static void requireNode() throws InterruptedException {
		String version;
		try {
			Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
			version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			node.waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException e) {
			fail("Node.js is not installed: the browser tests run playwright-core scripts (apt-get install nodejs npm)");
			return;
		}
		int major = Integer.parseInt(version.replaceFirst("^v(\\d+).*", "$1"));
		assertThat(major).as("Node.js " + version + " is too old for canvas-web").isGreaterThanOrEqualTo(MIN_NODE_MAJOR);
	}

	private static String page(String url) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		return response.body();
	}

	/** Runs one script with its output streamed into the test log; kills it after the timeout. */
	private static int runScript(Path canvasWeb, String script, Map<String, String> env) throws Exception {
		List<String> command = new ArrayList<>(List.of("node", script));
		ProcessBuilder builder = new ProcessBuilder(command).directory(canvasWeb.toFile()).redirectErrorStream(true);
		builder.environment().putAll(env);
		System.out.println("[browser] node " + script);
		Process process = builder.start();
		Thread pump = new Thread(() -> {
			try (BufferedReader out = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				out.lines().forEach(line -> System.out.println("[browser] " + line));
			}
			catch (IOException e) {
				System.out.println("[browser] output ended: " + e.getMessage());
			}
		}, "browser-output");
		pump.start();
		if (!process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly().waitFor();
			pump.join(5_000);
			fail(script + " did not finish within " + SCRIPT_TIMEOUT);
		}
		pump.join(5_000);
		return process.exitValue();
	}

}
