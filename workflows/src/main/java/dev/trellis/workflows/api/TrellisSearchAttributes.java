package dev.trellis.workflows.api;

import io.temporal.common.SearchAttributeKey;

/**
 * Custom search attributes of pipeline runs, so an SRE can filter runs in the Temporal Web UI, e.g.
 * {@code TrellisStatus="WAITING_FOR_APPROVAL"}. The dev server registers them at start
 * ({@code --search-attribute}); a real cluster needs {@code temporal operator search-attribute create}.
 */
public final class TrellisSearchAttributes {

	public static final SearchAttributeKey<String> PIPELINE = SearchAttributeKey.forKeyword("TrellisPipeline");

	public static final SearchAttributeKey<Long> PIPELINE_VERSION = SearchAttributeKey.forLong("TrellisPipelineVersion");

	public static final SearchAttributeKey<String> STATUS = SearchAttributeKey.forKeyword("TrellisStatus");

	public static final SearchAttributeKey<String> STARTED_BY = SearchAttributeKey.forKeyword("TrellisStartedBy");

	private TrellisSearchAttributes() {
	}

}
