package dev.trellis.workflows.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.trellis.workflows.api.ApprovalActivities;
import dev.trellis.workflows.api.ApprovalContext;
import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.PendingApproval;
import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.RunEventActivities;
import dev.trellis.workflows.api.ToolActivities;
import dev.trellis.workflows.api.ToolCall;
import dev.trellis.workflows.api.ToolResult;
import io.temporal.activity.Activity;

/** Activity stubs that record what the run asked of them. */
final class Stubs {

	private Stubs() {
	}

	/** What a stub tool does for one call; may throw to fail the attempt. */
	@FunctionalInterface
	interface ToolBehaviour {

		ToolResult apply(ToolCall call, int attempt);

	}

	record ToolInvocation(String nodeId, String tool, JsonNode args, int attempt, Instant at) {
	}

	/** Tools answer {@code "<nodeId> done"} unless a behaviour is set for the tool's name. */
	static final class Tools implements ToolActivities {

		final Map<String, ToolBehaviour> behaviours = new ConcurrentHashMap<>();

		final List<ToolInvocation> invocations = new CopyOnWriteArrayList<>();

		private final LongSupplier clock;

		Tools(LongSupplier clock) {
			this.clock = clock;
		}

		@Override
		public ToolResult execute(ToolCall call) {
			int attempt = Activity.getExecutionContext().getInfo().getAttempt();
			invocations.add(new ToolInvocation(call.nodeId(), call.tool().name(), call.arguments(), attempt,
					Instant.ofEpochMilli(clock.getAsLong())));
			ToolBehaviour behaviour = behaviours.get(call.tool().name());
			return behaviour != null ? behaviour.apply(call, attempt)
					: new ToolResult(TextNode.valueOf(call.nodeId() + " done"), null, attempt);
		}

		long count(String nodeId) {
			return invocations.stream().filter(i -> i.nodeId().equals(nodeId)).count();
		}

		JsonNode lastArgs(String nodeId) {
			return invocations.stream().filter(i -> i.nodeId().equals(nodeId)).reduce((a, b) -> b).orElseThrow().args();
		}

	}

	record Reassignment(PendingApproval approval, List<String> assignees) {
	}

	record Reminder(PendingApproval approval, Instant at) {
	}

	static final class Approvals implements ApprovalActivities {

		final List<PendingApproval> opened = new CopyOnWriteArrayList<>();

		final List<DecisionRecord> closed = new CopyOnWriteArrayList<>();

		final List<ApprovalContext> contexts = new CopyOnWriteArrayList<>();

		final List<Reassignment> reassigned = new CopyOnWriteArrayList<>();

		final List<Reminder> reminded = new CopyOnWriteArrayList<>();

		private final LongSupplier clock;

		Approvals(LongSupplier clock) {
			this.clock = clock;
		}

		@Override
		public void open(PendingApproval approval, ApprovalContext context) {
			opened.add(approval);
			contexts.add(context);
		}

		/** Holds every close until counted down, as an inbox that is slow to write would. */
		volatile CountDownLatch closeHeld = new CountDownLatch(0);

		/** How long each close takes, as a PostgreSQL round trip under load would. */
		volatile Duration closeTakes = Duration.ZERO;

		/** Thrown by every close when set, as an inbox that refuses the decision would. */
		volatile RuntimeException closeRefusal;

		@Override
		public void close(PendingApproval approval, DecisionRecord decision) {
			try {
				closeHeld.await();
				Thread.sleep(closeTakes.toMillis());
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
			RuntimeException refusal = closeRefusal;
			if (refusal != null) {
				throw refusal;
			}
			closed.add(decision);
		}

		@Override
		public void reassign(PendingApproval approval, List<String> assignees) {
			reassigned.add(new Reassignment(approval, assignees));
		}

		@Override
		public void remind(PendingApproval approval) {
			reminded.add(new Reminder(approval, Instant.ofEpochMilli(clock.getAsLong())));
		}

	}

	static final class Events implements RunEventActivities {

		final List<RunEvent> recorded = new CopyOnWriteArrayList<>();

		final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

		volatile boolean failing;

		@Override
		public void record(List<RunEvent> events) {
			if (failing) {
				throw new IllegalStateException("event log is down");
			}
			batchSizes.add(events.size());
			recorded.addAll(events);
		}

		List<String> types() {
			return recorded.stream().map(RunEvent::type).toList();
		}

		List<String> typesOf(String nodeId) {
			return recorded.stream().filter(e -> nodeId.equals(e.nodeId())).map(RunEvent::type).toList();
		}

	}

}
