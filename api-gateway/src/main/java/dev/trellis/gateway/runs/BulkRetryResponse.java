package dev.trellis.gateway.runs;

import java.util.List;

/** What {@code POST /api/runs/retry} answers (202): one result per requested run, in request order. */
public record BulkRetryResponse(List<Result> results) {

	/**
	 * @param runId the failed run asked for
	 * @param status 202 when its retry was started (or already existed), otherwise the status a single
	 * retry would have answered (404, 409, 400 ...)
	 * @param retry the retry run when started
	 * @param error why not, as a problem's detail
	 */
	public record Result(String runId, int status, RerunResponse retry, String error) {
	}

}
