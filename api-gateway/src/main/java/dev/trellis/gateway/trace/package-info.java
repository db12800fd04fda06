/**
 * The live trace of runs: {@code WS /ws/runs/{runId}} and {@code GET /api/runs/{runId}/events}.
 *
 * <p>Each gateway instance keeps one {@link dev.trellis.gateway.trace.RunFeed} per watched run: a
 * single blocking reader of the run's Redis Stream whose events are put in {@code seq} order (gaps
 * filled from the PostgreSQL log, repeats dropped) and handed to every socket of that run on this
 * instance, each through its own bounded queue. The log is the authority; the stream only makes it
 * fast. See {@code trace/README.md} for the whole design.
 */
package dev.trellis.gateway.trace;
