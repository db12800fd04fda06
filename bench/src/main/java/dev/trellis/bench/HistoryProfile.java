package dev.trellis.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import com.google.protobuf.Timestamp;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;

/**
 * Where a run's time went, read from its history: how many events, workflow tasks, activities,
 * local-activity markers and search-attribute upserts it cost, and how long tasks waited in their
 * queue (scheduled → started) and took on the worker (started → completed; a workflow task's time
 * includes the local activities it ran).
 */
record HistoryProfile(double events, double workflowTasks, double activities, double markers, double upserts,
		double workflowTaskQueueMs, double workflowTaskWorkMs, double firstWorkflowTaskWorkMs,
		double activityQueueMs, double activityWorkMs, double spanMs) {

	static HistoryProfile of(WorkflowExecutionHistory history) {
		List<HistoryEvent> events = history.getEvents();
		Map<Long, Double> times = new HashMap<>();
		int workflowTasks = 0;
		int activities = 0;
		int markers = 0;
		int upserts = 0;
		double wftQueue = 0;
		double wftWork = 0;
		double firstWftWork = Double.NaN;
		double activityQueue = 0;
		double activityWork = 0;
		for (HistoryEvent event : events) {
			double at = millis(event.getEventTime());
			times.put(event.getEventId(), at);
			EventType type = event.getEventType();
			switch (type) {
				case EVENT_TYPE_WORKFLOW_TASK_STARTED -> wftQueue += since(times,
						event.getWorkflowTaskStartedEventAttributes().getScheduledEventId(), at);
				case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> {
					workflowTasks++;
					double work = since(times, event.getWorkflowTaskCompletedEventAttributes().getStartedEventId(), at);
					wftWork += work;
					if (Double.isNaN(firstWftWork)) {
						firstWftWork = work;
					}
				}
				case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> activities++;
				case EVENT_TYPE_ACTIVITY_TASK_STARTED -> activityQueue += since(times,
						event.getActivityTaskStartedEventAttributes().getScheduledEventId(), at);
				case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> activityWork += since(times,
						event.getActivityTaskCompletedEventAttributes().getStartedEventId(), at);
				case EVENT_TYPE_MARKER_RECORDED -> markers++;
				case EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES -> upserts++;
				default -> {
				}
			}
		}
		double span = events.isEmpty() ? 0
				: millis(events.get(events.size() - 1).getEventTime()) - millis(events.get(0).getEventTime());
		return new HistoryProfile(events.size(), workflowTasks, activities, markers, upserts, wftQueue, wftWork,
				firstWftWork, activityQueue, activityWork, span);
	}

	/** The mean of each field over several runs of the same variant. */
	static HistoryProfile mean(List<HistoryProfile> runs) {
		return new HistoryProfile(avg(runs, HistoryProfile::events), avg(runs, HistoryProfile::workflowTasks),
				avg(runs, HistoryProfile::activities), avg(runs, HistoryProfile::markers),
				avg(runs, HistoryProfile::upserts), avg(runs, HistoryProfile::workflowTaskQueueMs),
				avg(runs, HistoryProfile::workflowTaskWorkMs), avg(runs, HistoryProfile::firstWorkflowTaskWorkMs),
				avg(runs, HistoryProfile::activityQueueMs), avg(runs, HistoryProfile::activityWorkMs),
				avg(runs, HistoryProfile::spanMs));
	}

	private static double avg(List<HistoryProfile> runs, ToDoubleFunction<HistoryProfile> field) {
		return runs.stream().mapToDouble(field).average().orElse(Double.NaN);
	}

	/** Time since an earlier event; 0 when history does not hold it (a task that was never written). */
	private static double since(Map<Long, Double> times, long eventId, double at) {
		Double earlier = times.get(eventId);
		return earlier == null ? 0 : at - earlier;
	}

	private static double millis(Timestamp t) {
		return t.getSeconds() * 1000.0 + t.getNanos() / 1_000_000.0;
	}

}
