package dev.trellis.gateway.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.trellis.gateway.security.Caller;
import dev.trellis.gateway.security.RunAdmission;
import dev.trellis.gateway.web.ApiException;
import dev.trellis.pipeline.ExecutionPlan;
import dev.trellis.pipeline.PipelineCompiler;
import dev.trellis.pipeline.PipelineValidationException;
import dev.trellis.registry.ResolvedPipeline;
import dev.trellis.registry.RunSnapshotResolver;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TemporalProperties;
import dev.trellis.temporal.TrellisRole;
import dev.trellis.workflows.api.NodeRecord;
import dev.trellis.workflows.api.PipelineWorkflow;
import dev.trellis.workflows.api.RunSnapshot;
import dev.trellis.workflows.api.RunView;
import dev.trellis.workflows.api.TrellisSearchAttributes;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DataConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Starts runs and reads them. A run is one {@code PipelineWorkflow}: its state comes from the
 * workflow query (authoritative), its list from Temporal visibility (search attributes), and the
 * gateway keeps only what Temporal lacks in {@code gateway_runs}.
 */
@Service
@ConditionalOnRole(TrellisRole.GATEWAY)
public class RunService {

	private static final Logger log = LoggerFactory.getLogger(RunService.class);

	private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

	private static final String SESSION_ID = "sessionId";

	private final WorkflowClient client;

	private final TemporalProperties temporal;

	private final RunRepository runs;

	private final RunSnapshotResolver snapshots;

	private final RunActionLog actions;

	private final RunFailures failures;

	private final RunAdmission admission;

	private final PipelineCompiler compiler = new PipelineCompiler();

	RunService(WorkflowClient client, TemporalProperties temporal, RunRepository runs, RunSnapshotResolver snapshots,
			RunActionLog actions, RunAdmission admission) {
		this.client = client;
		this.temporal = temporal;
		this.runs = runs;
		this.snapshots = snapshots;
		this.admission = admission;
		this.actions = actions;
		this.failures = new RunFailures(client, temporal.namespace());
	}

	/** What {@code POST /api/runs} answers: the run and whether this call created it. */
	public record StartedRun(String runId, String workflowId, boolean created, RunJson.Links links) {
	}

	public StartedRun start(StartRunRequest request, Caller caller) {
		return start(request, caller, Map.of(), null, null);
	}

	/**
	 * Starts a run; with {@code reuse} non-empty it is a rerun that takes those nodes' recorded
	 * outputs instead of executing them.
	 *
	 * @param rerunOf the run a rerun continues (linked in {@code gateway_runs} and in the new run's
	 * trace), or null
	 * @param fromNode the node(s) a rerun runs again, comma-separated, or null
	 * @throws ApiException 429 when the caller already has the most runs in flight a user may have
	 * (reruns and retries count like any other run)
	 */
	StartedRun start(StartRunRequest request, Caller caller, Map<String, NodeRecord> reuse, String rerunOf,
			String fromNode) {
		admission.admit(caller);
		ResolvedPipeline resolved = snapshots.resolve(request.pipeline(), request.version());
		ExecutionPlan plan = compiler.compile(resolved.definition());
		JsonNode input = bindInputs(plan, request.input());

		String runId = request.idempotencyKey() == null ? RunIds.random()
				: RunIds.forIdempotencyKey(caller.username(), request.idempotencyKey());
		String workflowId = PipelineWorkflow.workflowId(resolved.pipeline().name(), runId);
		RunRecord record = new RunRecord(runId, workflowId, resolved.pipeline().name(), resolved.pipeline().version(),
				caller.username(), request.idempotencyKey(), rerunOf, fromNode, Instant.now());
		runs.insert(record);

		RunSnapshot snapshot = new RunSnapshot(runId, resolved.pipeline(), resolved.definition(), resolved.entities(),
				input, caller.username(), reuse, rerunOf);
		WorkflowOptions options = WorkflowOptions.newBuilder()
			.setWorkflowId(workflowId)
			.setTaskQueue(temporal.taskQueue())
			.setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
			.setTypedSearchAttributes(SearchAttributes.newBuilder()
				.set(TrellisSearchAttributes.PIPELINE, resolved.pipeline().name())
				.set(TrellisSearchAttributes.PIPELINE_VERSION, (long) resolved.pipeline().version())
				.set(TrellisSearchAttributes.STATUS, "RUNNING")
				.set(TrellisSearchAttributes.STARTED_BY, caller.username())
				.build())
			.setStaticSummary(resolved.pipeline() + " — started by " + caller.username()
					+ (rerunOf == null ? "" : " (rerun of " + rerunOf + " from " + fromNode + ")"))
			.build();
		boolean created = true;
		try {
			WorkflowClient.start(client.newWorkflowStub(PipelineWorkflow.class, options)::run, snapshot);
		}
		catch (WorkflowExecutionAlreadyStarted e) {
			// The same idempotency key: the run exists already, answer with it.
			created = false;
		}
		return new StartedRun(runId, workflowId, created, links(runId, workflowId));
	}

	public RunJson get(String runId) {
		RunRecord record = record(runId);
		RunView view = query(record);
		return RunJson.of(view, record.workflowId(), record.rerunOf(), links(runId, record.workflowId()));
	}

	/** The authoritative view of a run, also used by the live trace snapshot. */
	public RunView view(String runId) {
		return query(record(runId));
	}

	public void cancel(String runId, Caller caller) {
		steer(record(runId), RunAction.CANCEL, caller, WorkflowStub::cancel);
	}

	/** Asks the run to start no new node; nodes already running finish. 409 when the run has ended. */
	public void pause(String runId, Caller caller) {
		steer(record(runId), RunAction.PAUSE, caller, stub -> stub.signal("pause", caller.username()));
	}

	/** Lets a paused run go on where it stopped. 409 when the run has ended. */
	public void resume(String runId, Caller caller) {
		steer(record(runId), RunAction.RESUME, caller, stub -> stub.signal("resume", caller.username()));
	}

	/** The audit trail of a run's control actions, oldest first. */
	public List<RunAction> actions(String runId) {
		return actions.of(record(runId).runId());
	}

	/**
	 * Sends a control request and audits it once Temporal accepted it. Temporal answers "not found"
	 * both for a run it never knew and for one that has ended, so a describe tells the two apart: an
	 * ended run is a conflict (409), not a missing resource.
	 */
	private void steer(RunRecord record, String action, Caller caller, Consumer<WorkflowStub> send) {
		WorkflowStub stub = stub(record);
		try {
			send.accept(stub);
		}
		catch (WorkflowNotFoundException e) {
			throw ended(record, stub, action);
		}
		actions.append(record.runId(), action, caller.username(), null);
	}

	private static ApiException ended(RunRecord record, WorkflowStub stub, String action) {
		try {
			WorkflowExecutionDescription description = stub.describe();
			String shown = description.getTypedSearchAttributes().get(TrellisSearchAttributes.STATUS);
			return ApiException.conflict("Run " + record.runId() + " has ended ("
					+ (shown != null ? shown : description.getStatus().name()) + "); there is nothing to " + action);
		}
		catch (WorkflowNotFoundException gone) {
			return ApiException.notFound("Run " + record.runId() + " is not (or no longer) known to Temporal");
		}
	}

	/**
	 * A page of runs from Temporal visibility, newest first; failed runs carry their error class
	 * (see {@link RunFailures}), so {@code status=FAILED} is the dead-letter view.
	 */
	public RunPage list(String pipeline, String status, int limit, String cursor) {
		List<String> clauses = new ArrayList<>();
		clauses.add("WorkflowType = 'Pipeline'");
		if (pipeline != null && !pipeline.isBlank()) {
			clauses.add("TrellisPipeline = '" + quote(pipeline) + "'");
		}
		if (status != null && !status.isBlank()) {
			clauses.add("TrellisStatus = '" + quote(status) + "'");
		}
		ListWorkflowExecutionsRequest.Builder request = ListWorkflowExecutionsRequest.newBuilder()
			.setNamespace(temporal.namespace())
			.setQuery(String.join(" AND ", clauses))
			.setPageSize(limit);
		if (cursor != null && !cursor.isBlank()) {
			try {
				request.setNextPageToken(ByteString.copyFrom(java.util.Base64.getUrlDecoder().decode(cursor)));
			}
			catch (IllegalArgumentException e) {
				throw ApiException.badRequest("Invalid cursor",
						List.of(new ApiException.FieldProblem("cursor", "not a cursor returned by this API")));
			}
		}
		ListWorkflowExecutionsResponse response = client.getWorkflowServiceStubs()
			.blockingStub()
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.listWorkflowExecutions(request.build());
		DataConverter converter = client.getOptions().getDataConverter();
		Map<String, RunPage.ItemError> errors = failures.of(response.getExecutionsList());
		List<RunPage.Item> items = response.getExecutionsList()
			.stream()
			.map(info -> RunPage.Item.of(info, converter, temporal, errors.get(info.getExecution().getWorkflowId())))
			.toList();
		String next = response.getNextPageToken().isEmpty() ? null
				: java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(response.getNextPageToken().toByteArray());
		return new RunPage(items, next);
	}

	/**
	 * The pipeline's declared inputs, checked and defaulted. {@code sessionId} is the one input every
	 * run accepts: it keys an agent's conversation memory across runs.
	 */
	private static JsonNode bindInputs(ExecutionPlan plan, JsonNode supplied) {
		if (supplied != null && !supplied.isNull() && !supplied.isObject()) {
			throw ApiException.badRequest("The run input must be a JSON object",
					List.of(new ApiException.FieldProblem("input", "must be an object")));
		}
		JsonNode session = supplied == null ? null : supplied.get(SESSION_ID);
		ObjectNode declared = supplied == null ? null : ((ObjectNode) supplied).deepCopy();
		if (declared != null) {
			declared.remove(SESSION_ID);
		}
		try {
			ObjectNode bound = plan.bindInputs(declared);
			if (session != null && !session.isNull()) {
				bound.set(SESSION_ID, session);
			}
			return bound;
		}
		catch (PipelineValidationException e) {
			throw ApiException.badRequest("The run input does not match the pipeline's inputs", e.errors()
				.stream()
				.map(x -> new ApiException.FieldProblem(x.path().replaceFirst("^inputs", "input"), x.message()))
				.toList());
		}
	}

	RunRecord record(String runId) {
		if (!RunIds.isValid(runId)) {
			throw ApiException.notFound("No run " + runId);
		}
		return runs.find(runId).orElseThrow(() -> ApiException.notFound("No run " + runId));
	}

	private WorkflowStub stub(RunRecord record) {
		return client.newUntypedWorkflowStub(record.workflowId());
	}

	RunView query(RunRecord record) {
		PipelineWorkflow workflow = client.newWorkflowStub(PipelineWorkflow.class, record.workflowId());
		// A query needs a worker; bound it so a gateway without workers answers 503 instead of hanging.
		CompletableFuture<RunView> future = CompletableFuture.supplyAsync(workflow::state);
		try {
			return future.get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException e) {
			future.cancel(true);
			throw ApiException.unavailable("No worker answered for run " + record.runId() + " within "
					+ QUERY_TIMEOUT.toSeconds() + "s; is a worker running?");
		}
		catch (ExecutionException e) {
			if (e.getCause() instanceof WorkflowNotFoundException) {
				throw ApiException.notFound("Run " + record.runId() + " is not (or no longer) known to Temporal");
			}
			log.warn("Query of run {} failed", record.runId(), e.getCause());
			throw ApiException.unavailable("The state of run " + record.runId() + " could not be read");
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw ApiException.unavailable("Interrupted");
		}
	}

	RunJson.Links links(String runId, String workflowId) {
		return new RunJson.Links("/api/runs/" + runId, "/ws/runs/" + runId, temporal.uiUrl() + "/namespaces/"
				+ temporal.namespace() + "/workflows/" + workflowId);
	}

	private static String quote(String value) {
		return value.replace("\\", "\\\\").replace("'", "\\'");
	}

}
