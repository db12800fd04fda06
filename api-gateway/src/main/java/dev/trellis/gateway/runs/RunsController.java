package dev.trellis.gateway.runs;

import java.util.List;

import dev.trellis.gateway.security.Caller;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Runs API of API.md: start, read, list, cancel, pause and resume runs; rerun from a node and
 * retry failed runs, one by one or in bulk. Steering answers 202: Temporal has the request, the run
 * acts on it at its next step.
 */
@RestController
@RequestMapping(path = "/api/runs", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnRole(TrellisRole.GATEWAY)
@Validated
class RunsController {

	private final RunService runs;

	private final RerunService reruns;

	RunsController(RunService runs, RerunService reruns) {
		this.runs = runs;
		this.reruns = reruns;
	}

	/** Answers 202 at once; the run proceeds in Temporal. */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<StartResponse> start(@Valid @RequestBody StartRunRequest request, Authentication auth) {
		RunService.StartedRun run = runs.start(request, Caller.of(auth));
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(new StartResponse(run.runId(), run.workflowId(), "RUNNING", run.links()));
	}

	@GetMapping("/{runId}")
	RunJson get(@PathVariable String runId) {
		return runs.get(runId);
	}

	@GetMapping
	RunPage list(@RequestParam(required = false) String pipeline, @RequestParam(required = false) String status,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
			@RequestParam(required = false) String cursor) {
		return runs.list(pipeline, status, limit, cursor);
	}

	@PostMapping("/{runId}/cancel")
	ResponseEntity<Void> cancel(@PathVariable String runId, Authentication auth) {
		runs.cancel(runId, Caller.of(auth));
		return ResponseEntity.accepted().build();
	}

	@PostMapping("/{runId}/pause")
	ResponseEntity<Void> pause(@PathVariable String runId, Authentication auth) {
		runs.pause(runId, Caller.of(auth));
		return ResponseEntity.accepted().build();
	}

	@PostMapping("/{runId}/resume")
	ResponseEntity<Void> resume(@PathVariable String runId, Authentication auth) {
		runs.resume(runId, Caller.of(auth));
		return ResponseEntity.accepted().build();
	}

	/** A new run from {@code fromNode} on, reusing every other completed node's recorded result. */
	@PostMapping(path = "/{runId}/rerun", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<RerunResponse> rerun(@PathVariable String runId, @Valid @RequestBody RerunRequest request,
			Authentication auth) {
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(reruns.rerun(runId, request, Caller.of(auth)));
	}

	/** A FAILED run again from its failed node(s). */
	@PostMapping("/{runId}/retry")
	ResponseEntity<RerunResponse> retry(@PathVariable String runId, Authentication auth) {
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(reruns.retry(runId, Caller.of(auth)));
	}

	/** Retries several failed runs; each gets its own result, a refusal does not stop the others. */
	@PostMapping(path = "/retry", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<BulkRetryResponse> retryAll(@Valid @RequestBody BulkRetryRequest request, Authentication auth) {
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(reruns.retryAll(request.runIds(), Caller.of(auth)));
	}

	/** Who paused, resumed, cancelled, reran or retried the run, and when. */
	@GetMapping("/{runId}/actions")
	List<RunAction> actions(@PathVariable String runId) {
		return runs.actions(runId);
	}

	record StartResponse(String runId, String workflowId, String status, RunJson.Links links) {
	}

}
