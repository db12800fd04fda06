package dev.trellis.workflows.engine;

import java.util.ArrayList;
import java.util.List;

import dev.trellis.workflows.api.RunSnapshot;
import dev.trellis.workflows.api.RunStatus;
import dev.trellis.workflows.api.TrellisSearchAttributes;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.Workflow;

/**
 * Keeps the run's search attributes current for the Temporal Web UI: {@code TrellisStatus} on every
 * status change, so {@code TrellisStatus="WAITING_FOR_APPROVAL"} finds every run waiting on a human.
 */
final class SearchAttributesPublisher {

	private RunStatus published;

	/**
	 * Sets pipeline, version and starter unless the gateway already did at start (children and runs
	 * started by other clients arrive without them).
	 */
	void describe(RunSnapshot snapshot) {
		SearchAttributes current = Workflow.getTypedSearchAttributes();
		List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
		if (!current.containsKey(TrellisSearchAttributes.PIPELINE) && snapshot.pipeline() != null) {
			updates.add(TrellisSearchAttributes.PIPELINE.valueSet(snapshot.pipeline().name()));
		}
		if (!current.containsKey(TrellisSearchAttributes.PIPELINE_VERSION) && snapshot.pipeline() != null) {
			updates.add(TrellisSearchAttributes.PIPELINE_VERSION.valueSet((long) snapshot.pipeline().version()));
		}
		if (!current.containsKey(TrellisSearchAttributes.STARTED_BY) && snapshot.startedBy() != null) {
			updates.add(TrellisSearchAttributes.STARTED_BY.valueSet(snapshot.startedBy()));
		}
		if (!updates.isEmpty()) {
			Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
		}
	}

	void status(RunStatus status) {
		if (status != published) {
			Workflow.upsertTypedSearchAttributes(TrellisSearchAttributes.STATUS.valueSet(status.name()));
			published = status;
		}
	}

}
