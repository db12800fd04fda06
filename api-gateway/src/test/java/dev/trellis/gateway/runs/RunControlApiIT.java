package dev.trellis.gateway.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.registry.Kind;
import dev.trellis.registry.RegistryService;
import dev.trellis.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Run control over HTTP against a real Temporal dev server running the real pipeline workflow:
 * pause and resume, rerun from a node (reuse, overrides, newer versions, bad requests), retry of a
 * failed run, the dead-letter list and bulk retry, and the audit trail of each action.
 */
@SpringBootTest(classes = RunControlTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.MOCK,
		properties = { "spring.flyway.locations=classpath:db/migration/registry,classpath:db/migration/runs",
				"spring.jackson.deserialization.fail-on-unknown-properties=true",
				"spring.jackson.serialization.write-dates-as-timestamps=false",
				"spring.jackson.default-property-inclusion=always", "spring.mvc.problemdetails.enabled=true" })
@AutoConfigureMockMvc(addFilters = false)
class RunControlApiIT {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Authentication BEA = UsernamePasswordAuthenticationToken.authenticated("bea", null,
			List.of(new SimpleGrantedAuthority("ROLE_BUILDER")));

	/** a → b → c → d → e; c, d and e echo their arguments, so the output shows what flowed from b. */
	private static final String FIVE = """
			{'nodes': [
			  {'id': 'a', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
			  {'id': 'b', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}, 'args': {'page': '{{nodes.a.output}}'}},
			  {'id': 'c', 'type': 'tool', 'tool': {'name': 'echo', 'version': 1}, 'args': {'notes': '{{nodes.b.output}}'}},
			  {'id': 'd', 'type': 'tool', 'tool': {'name': 'echo', 'version': 1}, 'args': {'draft': '{{nodes.c.output}}'}},
			  {'id': 'e', 'type': 'tool', 'tool': {'name': 'echo', 'version': 1}, 'args': {'final': '{{nodes.d.output}}'}}
			 ],
			 'edges': [{'from': 'a', 'to': 'b'}, {'from': 'b', 'to': 'c'}, {'from': 'c', 'to': 'd'}, {'from': 'd', 'to': 'e'}],
			 'output': '{{nodes.e.output}}'}
			""";

	/** Version 2 of {@link #FIVE}: node b gets another argument, so its recorded output is stale. */
	private static final String FIVE_V2 = FIVE.replace("'args': {'page': '{{nodes.a.output}}'}",
			"'args': {'page': '{{nodes.a.output}}', 'lang': 'en'}");

	private static final String FLAKY = """
			{'nodes': [
			  {'id': 'a', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
			  {'id': 'f', 'type': 'tool', 'tool': {'name': 'flaky', 'version': 1}},
			  {'id': 'z', 'type': 'tool', 'tool': {'name': 'echo', 'version': 1}, 'args': {'from': '{{nodes.f.output}}'}}
			 ],
			 'edges': [{'from': 'a', 'to': 'f'}, {'from': 'f', 'to': 'z'}]}
			""";

	private static final String GATED = """
			{'nodes': [
			  {'id': 's', 'type': 'tool', 'tool': {'name': 'slow', 'version': 1}},
			  {'id': 't', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}}
			 ],
			 'edges': [{'from': 's', 'to': 't'}]}
			""";

	private static boolean seeded;

	@Autowired
	private MockMvc mvc;

	@Autowired
	private RegistryService registry;

	@Autowired
	private RunControlTestApp.Tools tools;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry properties) {
		TestPostgres.Database db = TestPostgres.freshDatabase();
		properties.add("spring.datasource.url", db::jdbcUrl);
		properties.add("spring.datasource.username", db::username);
		properties.add("spring.datasource.password", db::password);
	}

	/** Publishes the tools and pipelines once; versions are immutable, so order matters (five v1, v2). */
	@BeforeEach
	void seed() {
		tools.failing = false;
		tools.release();
		if (seeded) {
			return;
		}
		for (String tool : List.of("fetch", "echo", "flaky", "slow")) {
			registry.save(Kind.TOOLS, tool, json("{'description': 'stub', 'parameters': {'type': 'object'}, "
					+ "'permission': 'read', 'implementation': 'builtin:" + tool + "'}"), null, "bea");
		}
		registry.save(Kind.PIPELINES, "five", json(FIVE), null, "bea");
		registry.save(Kind.PIPELINES, "five", json(FIVE_V2), null, "bea");
		registry.save(Kind.PIPELINES, "flaky", json(FLAKY), null, "bea");
		registry.save(Kind.PIPELINES, "gated", json(GATED), null, "bea");
		seeded = true;
	}

	@Test
	void rerunFromAMiddleNodeCallsNothingForTheReusedNodesAndLinksTheRuns() throws Exception {
		String original = completedRun("five", 1);

		JsonNode rerun = send(post("/api/runs/" + original + "/rerun"), "{'fromNode': 'c'}", 202);

		String runId = rerun.path("runId").asText();
		assertThat(rerun.path("rerunOf").asText()).isEqualTo(original);
		assertThat(rerun.path("reused")).isEqualTo(json("['a', 'b']"));
		JsonNode view = awaitRun(runId, "COMPLETED");
		assertThat(tools.calledBy(runId)).containsExactly("c", "d", "e");
		assertThat(view.path("rerunOf").asText()).isEqualTo(original);
		assertThat(view.path("output")).isEqualTo(read("/api/runs/" + original).path("output"));
		assertThat(node(view, "a").path("reused").asBoolean()).isTrue();
		assertThat(node(view, "c").path("reused").asBoolean()).isFalse();
		JsonNode audit = read("/api/runs/" + runId + "/actions");
		assertThat(audit).hasSize(1);
		assertThat(audit.get(0).path("action").asText()).isEqualTo("rerun");
		assertThat(audit.get(0).path("by").asText()).isEqualTo("bea");
		assertThat(audit.get(0).path("details").path("rerunOf").asText()).isEqualTo(original);
		assertThat(audit.get(0).path("details").path("fromNodes")).isEqualTo(json("['c']"));
		assertThat(read("/api/runs/" + original + "/actions")).isEmpty();
	}

	@Test
	void anOverrideOfAReusedOutputChangesWhatFlowsDownstream() throws Exception {
		String original = completedRun("five", 1);

		JsonNode rerun = send(post("/api/runs/" + original + "/rerun"),
				"{'fromNode': 'c', 'overrides': {'nodes.b.output': 'edited notes'}}", 202);

		JsonNode view = awaitRun(rerun.path("runId").asText(), "COMPLETED");
		assertThat(view.path("output")).isEqualTo(json("{'final': {'draft': {'notes': 'edited notes'}}}"));
		assertThat(view.path("output")).isNotEqualTo(read("/api/runs/" + original).path("output"));
		assertThat(node(view, "b").path("output").asText()).isEqualTo("edited notes");
	}

	@Test
	void badRerunRequestsAreRefusedNamingTheNode() throws Exception {
		String original = completedRun("five", 1);
		String url = "/api/runs/" + original + "/rerun";

		JsonNode unknown = send(post(url), "{'fromNode': 'nope'}", 400);
		assertThat(unknown.path("errors").get(0).path("path").asText()).isEqualTo("fromNode");
		assertThat(unknown.path("detail").asText()).contains("'nope'");

		JsonNode downstream = send(post(url), "{'fromNode': 'c', 'overrides': {'nodes.d.output': 1}}", 400);
		assertThat(downstream.path("errors").get(0).path("path").asText()).isEqualTo("overrides.nodes.d.output");
		assertThat(downstream.path("detail").asText()).contains("node 'd' runs again");

		JsonNode missing = send(post(url), "{'fromNode': 'c', 'overrides': {'nodes.zz.output': 1}}", 400);
		assertThat(missing.path("detail").asText()).contains("no node 'zz'");

		JsonNode malformed = send(post(url), "{'fromNode': 'c', 'overrides': {'b.output': 1}}", 400);
		assertThat(malformed.path("errors").get(0).path("path").asText()).isEqualTo("overrides.b.output");

		send(post("/api/runs/aaaaaaaaaaaaa/rerun"), "{'fromNode': 'c'}", 404);
	}

	@Test
	void aNewerVersionIsRefusedWhenItChangesAReusedNodeAndAcceptedWhenItDoesNot() throws Exception {
		String original = completedRun("five", 1);
		String url = "/api/runs/" + original + "/rerun";

		JsonNode refused = send(post(url), "{'fromNode': 'c', 'pipelineVersion': 2}", 400);

		assertThat(refused.path("errors").get(0).path("path").asText()).isEqualTo("pipelineVersion");
		assertThat(refused.path("detail").asText()).contains("changes node 'b'", "'args' changed");
		assertThat(refused.path("errors").get(0).path("message").asText()).startsWith("node 'b' differs");

		JsonNode accepted = send(post(url), "{'fromNode': 'b', 'pipelineVersion': 2}", 202);
		String runId = accepted.path("runId").asText();
		JsonNode view = awaitRun(runId, "COMPLETED");
		assertThat(view.path("pipeline").path("version").asInt()).isEqualTo(2);
		assertThat(tools.calledBy(runId)).containsExactly("b", "c", "d", "e");

		send(post(url), "{'fromNode': 'b', 'pipelineVersion': 9}", 400);
	}

	@Test
	void aFailedRunIsListedWithItsErrorAndRetriedFromItsFailedNode() throws Exception {
		tools.failing = true;
		String failed = startRun("flaky", 1);
		awaitRun(failed, "FAILED");

		JsonNode item = awaitListed("FAILED", failed);
		assertThat(item.path("error").path("type").asText()).isEqualTo("ToolFailed");
		assertThat(item.path("error").path("message").asText()).contains("Node 'f' failed", "answered 503");

		tools.failing = false;
		JsonNode retry = send(post("/api/runs/" + failed + "/retry"), null, 202);

		String runId = retry.path("runId").asText();
		assertThat(retry.path("fromNodes")).isEqualTo(json("['f']"));
		assertThat(retry.path("created").asBoolean()).isTrue();
		awaitRun(runId, "COMPLETED");
		assertThat(tools.calledBy(runId)).containsExactly("f", "z");
		JsonNode again = send(post("/api/runs/" + failed + "/retry"), null, 202);
		assertThat(again.path("runId").asText()).isEqualTo(runId);
		assertThat(again.path("created").asBoolean()).isFalse();
		assertThat(read("/api/runs/" + runId + "/actions")).hasSize(1);
		JsonNode notFailed = send(post("/api/runs/" + runId + "/retry"), null, 409);
		assertThat(notFailed.path("detail").asText()).contains("COMPLETED", "only a FAILED run");
	}

	@Test
	void bulkRetryAnswersPerRun() throws Exception {
		tools.failing = true;
		String first = startRun("flaky", 1);
		String second = startRun("flaky", 1);
		awaitRun(first, "FAILED");
		awaitRun(second, "FAILED");
		tools.failing = false;
		String completed = completedRun("five", 1);

		JsonNode response = send(post("/api/runs/retry"),
				"{'runIds': ['" + first + "', '" + second + "', '" + completed + "', 'aaaaaaaaaaaaa']}", 202);

		JsonNode results = response.path("results");
		assertThat(results).hasSize(4);
		assertThat(results).extracting(r -> r.path("status").asInt()).containsExactly(202, 202, 409, 404);
		assertThat(results.get(2).path("error").asText()).contains("only a FAILED run");
		awaitRun(results.get(0).path("retry").path("runId").asText(), "COMPLETED");
		awaitRun(results.get(1).path("retry").path("runId").asText(), "COMPLETED");
		send(post("/api/runs/retry"), "{'runIds': []}", 400);
	}

	@Test
	void aPausedRunStartsNothingNewUntilResumedAndAnEndedRunCannotBePaused() throws Exception {
		tools.hold();
		String runId = startRun("gated", 1);
		awaitState(runId, v -> node(v, "s").path("status").asText().equals("RUNNING"));

		send(post("/api/runs/" + runId + "/pause"), null, 202);
		awaitRun(runId, "PAUSED");
		tools.release();
		JsonNode paused = awaitState(runId, v -> node(v, "s").path("status").asText().equals("COMPLETED"));
		assertThat(paused.path("status").asText()).isEqualTo("PAUSED");
		assertThat(node(paused, "t").path("status").asText()).isEqualTo("PENDING");

		send(post("/api/runs/" + runId + "/resume"), null, 202);
		awaitRun(runId, "COMPLETED");
		assertThat(tools.calledBy(runId)).containsExactly("s", "t");

		JsonNode ended = send(post("/api/runs/" + runId + "/pause"), null, 409);
		assertThat(ended.path("detail").asText()).contains("has ended (COMPLETED)");
		send(post("/api/runs/" + runId + "/resume"), null, 409);
		assertThat(read("/api/runs/" + runId + "/actions")).extracting(a -> a.path("action").asText())
			.containsExactly("pause", "resume");
		send(post("/api/runs/aaaaaaaaaaaaa/pause"), null, 404);
	}

	private String completedRun(String pipeline, int version) throws Exception {
		String runId = startRun(pipeline, version);
		awaitRun(runId, "COMPLETED");
		return runId;
	}

	private String startRun(String pipeline, int version) throws Exception {
		JsonNode started = send(post("/api/runs"), "{'pipeline': '" + pipeline + "', 'version': " + version + "}", 202);
		return started.path("runId").asText();
	}

	private JsonNode awaitRun(String runId, String status) throws Exception {
		return awaitState(runId, v -> v.path("status").asText().equals(status));
	}

	/** Polls {@code GET /api/runs/{id}} until {@code condition} holds. */
	private JsonNode awaitState(String runId, Predicate<JsonNode> condition) throws Exception {
		Instant deadline = Instant.now().plus(WAIT);
		JsonNode view = read("/api/runs/" + runId);
		while (!condition.test(view)) {
			assertThat(Instant.now()).as("run %s never got there; last: %s", runId, view).isBefore(deadline);
			Thread.sleep(50);
			view = read("/api/runs/" + runId);
		}
		return view;
	}

	/** Polls the run list until visibility shows {@code runId} with {@code status}. */
	private JsonNode awaitListed(String status, String runId) throws Exception {
		Instant deadline = Instant.now().plus(WAIT);
		while (true) {
			for (JsonNode item : read("/api/runs?status=" + status).path("items")) {
				if (item.path("runId").asText().equals(runId) && !item.path("error").isNull()) {
					return item;
				}
			}
			assertThat(Instant.now()).as("run %s listed as %s", runId, status).isBefore(deadline);
			Thread.sleep(100);
		}
	}

	private static JsonNode node(JsonNode view, String id) {
		for (JsonNode node : view.path("nodes")) {
			if (node.path("id").asText().equals(id)) {
				return node;
			}
		}
		throw new AssertionError("no node " + id + " in " + view);
	}

	private JsonNode read(String url) throws Exception {
		return send(get(url), null, 200);
	}

	private JsonNode send(MockHttpServletRequestBuilder request, String singleQuotedBody, int expectedStatus)
			throws Exception {
		if (singleQuotedBody != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(singleQuotedBody.replace('\'', '"'));
		}
		MvcResult result = mvc.perform(request.principal(BEA)).andReturn();
		String body = result.getResponse().getContentAsString();
		assertThat(result.getResponse().getStatus()).as(body).isEqualTo(expectedStatus);
		return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
	}

	private static JsonNode json(String singleQuoted) {
		try {
			return JSON.readTree(singleQuoted.replace('\'', '"'));
		}
		catch (JsonProcessingException e) {
			throw new IllegalArgumentException(e);
		}
	}

}
