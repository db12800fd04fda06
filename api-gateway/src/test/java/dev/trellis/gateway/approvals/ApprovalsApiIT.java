package dev.trellis.gateway.approvals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.approvals.ApprovalInbox;
import dev.trellis.approvals.ApprovalItem;
import dev.trellis.approvals.ApprovalStatus;
import dev.trellis.testsupport.TestPostgres;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.NodeView;
import dev.trellis.workflows.api.PipelineRef;
import dev.trellis.workflows.api.PipelineWorkflow;
import dev.trellis.workflows.api.RunSnapshot;
import dev.trellis.workflows.api.RunStatus;
import dev.trellis.workflows.api.RunView;
import dev.trellis.workflows.api.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The approvals API against a real Temporal test server running the real pipeline workflow, the real
 * approval activities on PostgreSQL, and stub tools: a run parks at its review gate, reviewers decide
 * over HTTP, and the decision shapes what runs next.
 */
@SpringBootTest(classes = ApprovalsTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.MOCK,
		properties = { "trellis.approvals.decision-timeout=3s", "spring.flyway.locations=classpath:db/migration/approvals",
				"spring.jackson.deserialization.fail-on-unknown-properties=true",
				"spring.jackson.serialization.write-dates-as-timestamps=false",
				"spring.jackson.default-property-inclusion=always", "spring.mvc.problemdetails.enabled=true" })
@AutoConfigureMockMvc
class ApprovalsApiIT {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final User ANA = new User("ana", "reviewer", "editors");

	private static final User ED = new User("ed", "reviewer", "editors");

	private static final User BOB = new User("bob", "reviewer", "legal");

	private static final User ROOT = new User("root", "admin", "");

	/** draft → review → publish when approved, revise when rejected. */
	private static final String WITH_REJECT_BRANCH = """
			{'nodes': [
			  {'id': 'draft', 'type': 'tool', 'tool': {'name': 'draft-writer', 'version': 1}},
			  {'id': 'review', 'type': 'human_review', 'title': 'Approve the draft', 'show': '{{nodes.draft.output}}',
			   'assignees': ['group:editors'], 'allowEdit': true},
			  {'id': 'publish', 'type': 'tool', 'tool': {'name': 'publish', 'version': 1},
			   'args': {'body': '{{nodes.review.output}}', 'note': '{{nodes.review.comment}}'}},
			  {'id': 'revise', 'type': 'tool', 'tool': {'name': 'revise', 'version': 1},
			   'args': {'why': '{{nodes.review.comment}}'}}
			 ],
			 'edges': [{'from': 'draft', 'to': 'review'},
			  {'from': 'review', 'to': 'publish', 'when': 'approved'},
			  {'from': 'review', 'to': 'revise', 'when': 'rejected'}]}
			""";

	/** draft → review → publish, and nothing to do on a rejection; edits are not allowed. */
	private static final String WITHOUT_REJECT_BRANCH = """
			{'nodes': [
			  {'id': 'draft', 'type': 'tool', 'tool': {'name': 'draft-writer', 'version': 1}},
			  {'id': 'review', 'type': 'human_review', 'title': 'Approve the draft', 'show': '{{nodes.draft.output}}',
			   'assignees': ['group:editors', 'carla'], 'allowEdit': false},
			  {'id': 'publish', 'type': 'tool', 'tool': {'name': 'publish', 'version': 1},
			   'args': {'body': '{{nodes.review.output}}'}}
			 ],
			 'edges': [{'from': 'draft', 'to': 'review'}, {'from': 'review', 'to': 'publish'}]}
			""";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private WorkflowClient client;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ApprovalInbox inbox;

	@Autowired
	private ApprovalsTestApp.Tools tools;

	@Autowired
	private ApprovalsTestApp.HeldCloses closes;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestPostgres.Database db = TestPostgres.freshDatabase();
		registry.add("spring.datasource.url", db::jdbcUrl);
		registry.add("spring.datasource.username", db::username);
		registry.add("spring.datasource.password", db::password);
	}

	@Test
	void approvePassesTheShownOutputDownstream() throws Exception {
		String runId = startRun(WITH_REJECT_BRANCH);
		String approvalId = awaitGate(runId);

		JsonNode decided = body(decide(approvalId, ANA, "{'decision': 'approve', 'comment': 'ship it'}"), 200);

		assertThat(decided.path("approvalId").asText()).isEqualTo(approvalId);
		assertThat(decided.path("status").asText()).isEqualTo("APPROVED");
		assertThat(decided.path("decidedBy").asText()).isEqualTo("ana");
		assertThat(decided.path("decidedAt").asText()).isNotBlank();
		RunView run = awaitEnd(runId);
		assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(tools.calls(runId, "publish"))
			.containsExactly(json("{'body': {'text': 'First draft'}, 'note': 'ship it'}"));
		assertThat(node(run, "revise").status()).isEqualTo(NodeStatus.SKIPPED);
		ApprovalItem item = awaitItem(approvalId, i -> i.status() == ApprovalStatus.APPROVED);
		assertThat(item.decidedBy()).isEqualTo("ana");
		assertThat(item.comment()).isEqualTo("ship it");
	}

	@Test
	void editPassesTheReviewersOutputDownstreamAndKeepsBothForTheAudit() throws Exception {
		String runId = startRun(WITH_REJECT_BRANCH);
		String approvalId = awaitGate(runId);

		JsonNode decided = body(decide(approvalId, ED,
				"{'decision': 'edit', 'output': {'text': 'Tighter draft'}, 'comment': 'trimmed'}"), 200);

		assertThat(decided.path("status").asText()).isEqualTo("EDITED");
		assertThat(awaitEnd(runId).status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(tools.calls(runId, "publish"))
			.containsExactly(json("{'body': {'text': 'Tighter draft'}, 'note': 'trimmed'}"));
		awaitItem(approvalId, i -> i.status() == ApprovalStatus.EDITED);
		JsonNode item = body(read(approvalId, ED), 200);
		assertThat(item.path("payload")).isEqualTo(json("{'text': 'First draft'}"));
		assertThat(item.path("editedOutput")).isEqualTo(json("{'text': 'Tighter draft'}"));
		assertThat(item.path("digest").asText()).startsWith("sha256:");
		assertThat(item.path("history").findValuesAsText("action")).containsExactly("opened", "decided");
	}

	@Test
	void rejectFollowsTheRejectedBranchWithTheReviewersComment() throws Exception {
		String runId = startRun(WITH_REJECT_BRANCH);
		String approvalId = awaitGate(runId);

		JsonNode decided = body(decide(approvalId, ANA, "{'decision': 'reject', 'comment': 'too long'}"), 200);

		assertThat(decided.path("status").asText()).isEqualTo("REJECTED");
		RunView run = awaitEnd(runId);
		assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(tools.calls(runId, "revise")).containsExactly(json("{'why': 'too long'}"));
		assertThat(tools.calls(runId, "publish")).isEmpty();
		assertThat(node(run, "publish").status()).isEqualTo(NodeStatus.SKIPPED);
	}

	@Test
	void rejectWithoutARejectedBranchFailsTheRun() throws Exception {
		String runId = startRun(WITHOUT_REJECT_BRANCH);
		String approvalId = awaitGate(runId);

		body(decide(approvalId, ANA, "{'decision': 'reject', 'comment': 'no'}"), 200);

		RunView run = awaitEnd(runId);
		assertThat(run.status()).isEqualTo(RunStatus.FAILED);
		assertThat(tools.calls(runId, "publish")).isEmpty();
		awaitItem(approvalId, i -> i.status() == ApprovalStatus.REJECTED);
	}

	@Test
	void secondDecisionIsAConflictEvenBeforeTheInboxIsClosed() throws Exception {
		String runId = startRun(WITH_REJECT_BRANCH);
		String approvalId = awaitGate(runId);
		closes.hold();
		try {
			body(decide(approvalId, ANA, "{'decision': 'approve'}"), 200);
			assertThat(inbox.find(approvalId).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);

			JsonNode second = body(decide(approvalId, ROOT, "{'decision': 'reject'}"), 409);

			assertThat(second.path("detail").asText()).contains("already decided").contains("ana");
		}
		finally {
			closes.release();
		}
		awaitItem(approvalId, i -> i.status() == ApprovalStatus.APPROVED);
		// Once the inbox knows, the gateway answers 409 without asking the run.
		body(decide(approvalId, ANA, "{'decision': 'approve'}"), 409);
		assertThat(awaitEnd(runId).status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(tools.calls(runId, "publish")).hasSize(1);
	}

	@Test
	void callerWhoIsNotAnAssigneeMayNotDecide() throws Exception {
		String runId = startRun(WITH_REJECT_BRANCH);
		String approvalId = awaitGate(runId);

		body(decide(approvalId, BOB, "{'decision': 'approve'}"), 403);

		assertThat(run(runId).state().status()).isEqualTo(RunStatus.WAITING_FOR_APPROVAL);
		assertThat(inbox.find(approvalId).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
		body(decide(approvalId, ROOT, "{'decision': 'approve', 'comment': 'admin override'}"), 200);
		assertThat(awaitEnd(runId).status()).isEqualTo(RunStatus.COMPLETED);
	}

	@Test
	void reviewerOfAnotherGroupCannotSeeTheItem() throws Exception {
		String runId = startRun(WITH_REJECT_BRANCH);
		String approvalId = awaitGate(runId);

		body(read(approvalId, BOB), 403);
		assertThat(pendingIds(BOB)).doesNotContain(approvalId);
		assertThat(pendingIds(ANA)).contains(approvalId);
		assertThat(pendingIds(ROOT)).contains(approvalId);
		JsonNode item = body(read(approvalId, ANA), 200);
		assertThat(item.path("runId").asText()).isEqualTo(runId);
		assertThat(item.path("nodeId").asText()).isEqualTo("review");
		assertThat(item.path("kind").asText()).isEqualTo("node_output");
		assertThat(item.path("title").asText()).isEqualTo("Approve the draft");
		assertThat(item.path("assignees")).isEqualTo(json("['group:editors']"));
		assertThat(item.path("status").asText()).isEqualTo("PENDING");
		assertThat(item.path("workflowId").asText()).isEqualTo(PipelineWorkflow.workflowId("review-flow", runId));
		assertThat(item.path("producedBy")).isEqualTo(json("['tools/draft-writer@1']"));

		body(decide(approvalId, ANA, "{'decision': 'approve'}"), 200);
		awaitItem(approvalId, i -> i.status().isDecided());
		assertThat(pendingIds(ANA)).doesNotContain(approvalId);
		assertThat(ids(ANA, "/api/approvals?status=APPROVED")).contains(approvalId);
	}

	@Test
	void unknownApprovalIsNotFound() throws Exception {
		body(read("nope:review:1", ROOT), 404);
		body(decide("nope:review:1", ROOT, "{'decision': 'approve'}"), 404);
	}

	@Test
	void malformedDecisionsAreBadRequests() throws Exception {
		String runId = startRun(WITHOUT_REJECT_BRANCH);
		String approvalId = awaitGate(runId);

		JsonNode verb = body(decide(approvalId, ANA, "{'decision': 'maybe'}"), 400);
		assertThat(verb.path("errors").findValuesAsText("path")).containsExactly("decision");
		JsonNode unknown = body(decide(approvalId, ANA, "{'decision': 'approve', 'extra': 1}"), 400);
		assertThat(unknown.path("errors").findValuesAsText("path")).containsExactly("extra");
		JsonNode editNotAllowed = body(decide(approvalId, ANA, "{'decision': 'edit', 'output': 'x'}"), 400);
		assertThat(editNotAllowed.path("detail").asText()).contains("does not allow edits");
		body(read("?status=MAYBE", ANA), 400);

		String editable = awaitGate(startRun(WITH_REJECT_BRANCH));
		JsonNode noOutput = body(decide(editable, ANA, "{'decision': 'edit', 'output': null}"), 400);
		assertThat(noOutput.path("errors").findValuesAsText("path")).containsExactly("output");
		JsonNode missingOutput = body(decide(editable, ANA, "{'decision': 'edit'}"), 400);
		assertThat(missingOutput.path("errors").findValuesAsText("path")).containsExactly("output");
		assertThat(inbox.find(editable).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
	}

	@Test
	void concurrentDecisionsOnOneItemHaveExactlyOneWinner() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 3; round++) {
				String runId = startRun(WITH_REJECT_BRANCH);
				String approvalId = awaitGate(runId);
				CyclicBarrier together = new CyclicBarrier(2);
				Future<MvcResult> approve = pool.submit(() -> {
					together.await();
					return decide(approvalId, ANA, "{'decision': 'approve'}");
				});
				Future<MvcResult> reject = pool.submit(() -> {
					together.await();
					return decide(approvalId, ED, "{'decision': 'reject'}");
				});
				List<Integer> statuses = List.of(approve.get().getResponse().getStatus(),
						reject.get().getResponse().getStatus());

				assertThat(statuses).containsExactlyInAnyOrder(200, 409);
				boolean approved = statuses.get(0) == 200;
				RunView run = awaitEnd(runId);
				assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
				assertThat(tools.calls(runId, "publish")).hasSize(approved ? 1 : 0);
				assertThat(tools.calls(runId, "revise")).hasSize(approved ? 0 : 1);
				ApprovalItem item = awaitItem(approvalId, i -> i.status().isDecided());
				assertThat(item.decidedBy()).isEqualTo(approved ? "ana" : "ed");
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void decisionThatNoWorkerPicksUpAnswers503AndLeavesTheItemPending() throws Exception {
		// A run on a task queue nobody polls: the update is admitted by Temporal but never accepted.
		String runId = UUID.randomUUID().toString().substring(0, 8);
		String workflowId = PipelineWorkflow.workflowId("review-flow", runId);
		PipelineWorkflow stalled = client.newWorkflowStub(PipelineWorkflow.class,
				WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue("nobody-polls").build());
		WorkflowClient.start(stalled::run, snapshot(runId, WITH_REJECT_BRANCH));
		String approvalId = runId + ":review:1";
		jdbc.update("""
				INSERT INTO approvals_items (approval_id, run_id, workflow_id, node_id, kind, title, payload,
				    payload_digest, allow_edit, assignees, created_at)
				VALUES (?, ?, ?, 'review', 'node_output', 'Stalled', '{}', 'sha256:x', true, '{group:editors}', now())""",
				approvalId, runId, workflowId);

		long started = System.nanoTime();
		JsonNode unavailable = body(decide(approvalId, ANA, "{'decision': 'approve'}"), 503);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
		assertThat(unavailable.path("detail").asText()).contains("did not confirm");
		assertThat(inbox.find(approvalId).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
		client.newUntypedWorkflowStub(workflowId).terminate("test done");
	}

	private String startRun(String singleQuotedDefinition) {
		String runId = UUID.randomUUID().toString().substring(0, 8);
		PipelineWorkflow run = client.newWorkflowStub(PipelineWorkflow.class, WorkflowOptions.newBuilder()
			.setWorkflowId(PipelineWorkflow.workflowId("review-flow", runId))
			.setTaskQueue(TaskQueues.MAIN)
			.build());
		WorkflowClient.start(run::run, snapshot(runId, singleQuotedDefinition));
		return runId;
	}

	private static RunSnapshot snapshot(String runId, String singleQuotedDefinition) {
		Map<String, EntityVersion> entities = new LinkedHashMap<>();
		for (String tool : List.of("draft-writer", "publish", "revise")) {
			EntityVersion e = new EntityVersion("tools", tool, 1, "sha256:" + tool,
					json("{'implementation': 'builtin:" + tool + "'}"));
			entities.put(e.key(), e);
		}
		return new RunSnapshot(runId, new PipelineRef("review-flow", 1), json(singleQuotedDefinition), entities,
				json("{}"), "ana", Map.of());
	}

	/** The approval of the run's review node, once the inbox has it. */
	private String awaitGate(String runId) {
		String approvalId = runId + ":review:1";
		await(() -> inbox.find(approvalId).isPresent(), "the inbox item of run " + runId);
		return approvalId;
	}

	private ApprovalItem awaitItem(String approvalId, Predicate<ApprovalItem> condition) {
		await(() -> inbox.find(approvalId).filter(condition).isPresent(), "approval " + approvalId);
		return inbox.find(approvalId).orElseThrow();
	}

	private RunView awaitEnd(String runId) {
		await(() -> run(runId).state().status().isTerminal(), "the end of run " + runId);
		return run(runId).state();
	}

	private PipelineWorkflow run(String runId) {
		return client.newWorkflowStub(PipelineWorkflow.class, PipelineWorkflow.workflowId("review-flow", runId));
	}

	private static void await(BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting for " + what);
			}
			try {
				Thread.sleep(25);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new AssertionError(e);
			}
		}
	}

	private static NodeView node(RunView run, String id) {
		return run.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
	}

	private MvcResult decide(String approvalId, User user, String singleQuotedBody) throws Exception {
		return mvc.perform(as(user, post("/api/approvals/{id}/decision", approvalId)
			.contentType(MediaType.APPLICATION_JSON)
			.content(singleQuotedBody.replace('\'', '"')))).andReturn();
	}

	private MvcResult read(String approvalIdOrQuery, User user) throws Exception {
		String path = approvalIdOrQuery.startsWith("?") ? "/api/approvals" + approvalIdOrQuery
				: "/api/approvals/" + approvalIdOrQuery;
		return mvc.perform(as(user, get(path))).andReturn();
	}

	private List<String> pendingIds(User user) throws Exception {
		return ids(user, "/api/approvals?status=PENDING");
	}

	private List<String> ids(User user, String path) throws Exception {
		JsonNode page = body(mvc.perform(as(user, get(path))).andReturn(), 200);
		List<String> ids = new ArrayList<>();
		page.path("items").forEach(i -> ids.add(i.path("approvalId").asText()));
		return ids;
	}

	private static MockHttpServletRequestBuilder as(User user, MockHttpServletRequestBuilder request) {
		return request.header(HeaderAuthenticationFilter.USER, user.name())
			.header(HeaderAuthenticationFilter.ROLES, user.role())
			.header(HeaderAuthenticationFilter.GROUPS, user.groups());
	}

	private static JsonNode body(MvcResult result, int expectedStatus) throws Exception {
		String text = result.getResponse().getContentAsString();
		assertThat(result.getResponse().getStatus()).as(text).isEqualTo(expectedStatus);
		return text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
	}

	private static JsonNode json(String singleQuoted) {
		try {
			return JSON.readTree(singleQuoted.replace('\'', '"'));
		}
		catch (JsonProcessingException e) {
			throw new IllegalArgumentException(e);
		}
	}

	private record User(String name, String role, String groups) {
	}

}
