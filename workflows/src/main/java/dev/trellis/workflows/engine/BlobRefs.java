package dev.trellis.workflows.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Node outputs larger than {@link dev.trellis.workflows.api.Limits#INLINE_OUTPUT_BYTES} are stored
 * by the activity side and reach the run as {@code {"$blobRef": "<id>"}}. The interpreter never
 * dereferences one (that would pull the payload back into history): it keeps the reference as the
 * node's output, passes it downstream and into events untouched, and lets the consumer resolve it.
 */
final class BlobRefs {

	static final String FIELD = "$blobRef";

	private BlobRefs() {
	}

	/** True for exactly {@code {"$blobRef": "<text>"}}. */
	static boolean isRef(JsonNode value) {
		return value != null && value.isObject() && value.size() == 1 && value.path(FIELD).isTextual();
	}

}
