/**
 * Run events: the append-only audit log in PostgreSQL that numbers every event of a run with a
 * gap-free {@code seq}, and the live Redis Stream per run that gateways fan out to browsers.
 *
 * <p>Workers call {@link dev.trellis.trace.RunEventPublisher} only; gateways read the log through
 * {@link dev.trellis.trace.RunEventLog} and the stream under the names in
 * {@link dev.trellis.trace.RunStreams}. The design (sequence numbers, delta coalescing, what happens
 * while Redis is down, retention) is in this module's {@code README.md}.
 */
package dev.trellis.trace;
