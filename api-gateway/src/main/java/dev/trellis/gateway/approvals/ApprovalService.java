package dev.trellis.gateway.approvals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.trellis.approvals.ApprovalInbox;
import dev.trellis.approvals.ApprovalItem;
import dev.trellis.approvals.ApprovalStatus;
import dev.trellis.approvals.InboxPage;
import dev.trellis.approvals.Reviewer;
import dev.trellis.gateway.security.Caller;
import dev.trellis.gateway.web.ApiException;
import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.DecisionRejection;
import dev.trellis.workflows.api.DecisionRequest;
import dev.trellis.workflows.api.PipelineWorkflow;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateTimeoutOrCancelledException;
import io.temporal.failure.ApplicationFailure;
import org.springframework.http.HttpStatus;

/**
 * The reviewer inbox over HTTP. Reads come from the inbox table; a decision goes to the run as the
 * {@code decide} Temporal update, whose validator is the authority (already decided, not an assignee,
 * edit without output). The inbox is checked first because it is cheap and touches no history: an
 * unknown id, a caller who may not see the item or an item closed long ago never reaches Temporal.
 *
 * <p>The gateway never writes the inbox: the run closes the item through its approval activity after
 * recording the decision, so the answer to a decision comes from the update's result, and a second
 * decision is refused by the run even before that activity has run.
 */
class ApprovalService implements AutoCloseable {

	private static final Set<Status.Code> UNAVAILABLE = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
			Status.Code.CANCELLED, Status.Code.RESOURCE_EXHAUSTED);

	private final ApprovalInbox inbox;

	private final WorkflowClient client;

	private final Duration decisionTimeout;

	private final ScheduledExecutorService deadlines;

	ApprovalService(ApprovalInbox inbox, WorkflowClient client, ApprovalsProperties props) {
		this.inbox = inbox;
		this.client = client;
		this.decisionTimeout = props.decisionTimeout();
		// Fires the gRPC deadlines of decision requests; kept private so no scheduler elsewhere picks it up.
		this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "approval-decision-deadlines");
			t.setDaemon(true);
			return t;
		});
	}

	@Override
	public void close() {
		deadlines.shutdownNow();
	}

	/** The items the caller may decide, oldest first. */
	ApprovalJson.Page list(Caller caller, ApprovalStatus status, int limit, String cursor) {
		InboxPage page;
		try {
			page = inbox.page(reviewer(caller), status, limit, cursor);
		}
		catch (IllegalArgumentException e) {
			throw ApiException.badRequest("Invalid cursor",
					List.of(new ApiException.FieldProblem("cursor", "not a cursor returned by this API")));
		}
		return new ApprovalJson.Page(page.items().stream().map(i -> ApprovalJson.of(i, null)).toList(),
				page.nextCursor());
	}

	/** One item with its audit trail; 404 when unknown, 403 when the caller may not decide it. */
	ApprovalJson get(String approvalId, Caller caller) {
		ApprovalItem item = visible(approvalId, caller);
		return ApprovalJson.of(item, inbox.history(approvalId));
	}

	/** Sends the decision to the run and answers with what the run recorded. */
	DecisionJson decide(String approvalId, DecisionBody body, Caller caller) {
		ApprovalItem item = visible(approvalId, caller);
		if (item.status().isDecided()) {
			throw ApiException.conflict("Approval '" + approvalId + "' was already decided: " + item.status() + " by "
					+ item.decidedBy() + " at " + item.decidedAt());
		}
		String verb = body.decision();
		if (verb.equals("edit") && body.outputOrNull() == null) {
			// Checked here because a null output reaches the workflow as a JSON null node, not as "no output".
			throw ApiException.badRequest("An edit needs the edited output",
					List.of(new ApiException.FieldProblem("output", "required for edit")));
		}
		DecisionRequest request = new DecisionRequest(approvalId, verb, body.outputOrNull(), body.comment(),
				caller.username(), List.copyOf(caller.groups()), caller.isAdmin());
		return DecisionJson.of(send(item.workflowId(), request));
	}

	private ApprovalItem visible(String approvalId, Caller caller) {
		Optional<ApprovalItem> item = inbox.find(approvalId);
		if (item.isEmpty()) {
			throw ApiException.notFound("No approval '" + approvalId + "'");
		}
		if (!reviewer(caller).mayDecide(item.get().assignees())) {
			throw ApiException.forbidden("Approval '" + approvalId + "' is not assigned to you");
		}
		return item.get();
	}

	/**
	 * Runs the update under a gRPC deadline: Temporal's client retries the update until a worker
	 * accepts it, which without a worker would hold the request for ever.
	 */
	private DecisionRecord send(String workflowId, DecisionRequest request) {
		PipelineWorkflow run = client.newWorkflowStub(PipelineWorkflow.class, workflowId);
		try (Context.CancellableContext deadline = Context.current()
			.withDeadlineAfter(decisionTimeout.toMillis(), TimeUnit.MILLISECONDS, deadlines)) {
			return deadline.call(() -> run.decide(request));
		}
		catch (WorkflowUpdateException e) {
			throw rejection(e);
		}
		catch (WorkflowNotFoundException e) {
			throw ApiException.conflict("The run waiting for approval '" + request.approvalId() + "' has ended");
		}
		catch (WorkflowUpdateTimeoutOrCancelledException e) {
			throw ApiException.unavailable("The run did not confirm the decision within " + decisionTimeout
					+ " (is a worker running?). It may still be applied: read the approval again before retrying.");
		}
		catch (WorkflowServiceException e) {
			if (grpcCode(e).map(UNAVAILABLE::contains).orElse(false)) {
				throw ApiException.unavailable("Temporal is not reachable; the decision was not recorded");
			}
			throw e;
		}
		catch (RuntimeException e) {
			throw e;
		}
		catch (Exception e) {
			throw new IllegalStateException("Unexpected checked exception from the decide update", e);
		}
	}

	/** The validator's refusal as the HTTP status DecisionRejection assigns it. */
	private static RuntimeException rejection(WorkflowUpdateException e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			String message = t instanceof ApplicationFailure failure ? failure.getOriginalMessage() : t.getMessage();
			Optional<DecisionRejection> reason = DecisionRejection.of(message);
			if (reason.isPresent()) {
				// The validator's own sentence, without its marker.
				String marker = reason.get().prefix();
				int at = message.indexOf(marker);
				String detail = at < 0 ? message : message.substring(at + marker.length());
				return new ApiException(HttpStatus.valueOf(reason.get().httpStatus()), title(reason.get()), detail,
						List.of());
			}
		}
		return e;
	}

	private static String title(DecisionRejection reason) {
		return switch (reason) {
			case NOT_FOUND -> "Not found";
			case ALREADY_DECIDED -> "Conflict";
			case FORBIDDEN -> "Forbidden";
			case INVALID -> "Invalid request";
		};
	}

	private static Optional<Status.Code> grpcCode(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof StatusRuntimeException s) {
				return Optional.of(s.getStatus().getCode());
			}
		}
		return Optional.empty();
	}

	private static Reviewer reviewer(Caller caller) {
		return new Reviewer(caller.username(), caller.groups(), caller.isAdmin());
	}

}
