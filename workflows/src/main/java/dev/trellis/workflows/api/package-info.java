/**
 * The contracts of Trellis's Temporal code: workflow and activity interfaces and their payload
 * records. Everything outside the {@code workflows} module (the gateway, the activities, the
 * benchmarks) talks to workflows only through this package; the implementations in
 * {@code dev.trellis.workflows.engine} stay private to the worker. Payloads are Java records
 * serialised by Temporal's Jackson converter; keep them small (outputs over
 * {@link dev.trellis.workflows.api.Limits#INLINE_OUTPUT_BYTES} travel as references).
 */
package dev.trellis.workflows.api;
