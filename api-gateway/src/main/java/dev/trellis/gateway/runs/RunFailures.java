package dev.trellis.gateway.runs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.common.util.concurrent.ListenableFuture;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why listed runs failed, for the dead-letter view ({@code GET /api/runs?status=FAILED}). Visibility
 * does not carry a run's failure, so this reads each failed run's close event only (one small call,
 * no worker needed, unlike a query), all in parallel and bounded by one deadline: a slow answer
 * leaves that item without an error rather than slowing the page.
 */
final class RunFailures {

	private static final Logger log = LoggerFactory.getLogger(RunFailures.class);

	private static final long DEADLINE_MS = 3000;

	private final WorkflowClient client;

	private final String namespace;

	RunFailures(WorkflowClient client, String namespace) {
		this.client = client;
		this.namespace = namespace;
	}

	/** The error of every failed or timed-out run among {@code executions}, by workflow id. */
	Map<String, RunPage.ItemError> of(List<WorkflowExecutionInfo> executions) {
		Map<String, ListenableFuture<GetWorkflowExecutionHistoryResponse>> pending = new LinkedHashMap<>();
		for (WorkflowExecutionInfo info : executions) {
			if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED
					|| info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT) {
				pending.put(info.getExecution().getWorkflowId(), client.getWorkflowServiceStubs()
					.futureStub()
					.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
					.getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
						.setNamespace(namespace)
						.setExecution(info.getExecution())
						.setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
						.build()));
			}
		}
		Map<String, RunPage.ItemError> errors = new LinkedHashMap<>();
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
		pending.forEach((workflowId, future) -> {
			try {
				long left = Math.max(1, deadline - System.nanoTime());
				RunPage.ItemError error = closeError(future.get(left, TimeUnit.NANOSECONDS));
				if (error != null) {
					errors.put(workflowId, error);
				}
			}
			catch (ExecutionException | TimeoutException e) {
				future.cancel(true);
				log.debug("No close event for {}: {}", workflowId, e.toString());
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		});
		return errors;
	}

	/** The failure of the close event: the interpreter fails a run with the failing node's error type. */
	private RunPage.ItemError closeError(GetWorkflowExecutionHistoryResponse response) {
		List<HistoryEvent> events = response.getHistory().getEventsList();
		for (int i = events.size() - 1; i >= 0; i--) {
			HistoryEvent event = events.get(i);
			if (event.hasWorkflowExecutionFailedEventAttributes()) {
				return describe(event.getWorkflowExecutionFailedEventAttributes().getFailure());
			}
			if (event.hasWorkflowExecutionTimedOutEventAttributes()) {
				return new RunPage.ItemError("TimedOut", "The run exceeded its execution timeout");
			}
		}
		return null;
	}

	/** Decodes the failure through the client's converter, so an encrypted failure message is readable. */
	private RunPage.ItemError describe(Failure failure) {
		RuntimeException exception = client.getOptions().getDataConverter().failureToException(failure);
		if (exception instanceof ApplicationFailure application) {
			return new RunPage.ItemError(application.getType(), application.getOriginalMessage());
		}
		return new RunPage.ItemError(exception.getClass().getSimpleName(), failure.getMessage());
	}

}
