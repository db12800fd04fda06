package dev.trellis.bench;

import dev.trellis.workflows.api.EntityVersion;

/**
 * Input of the hand-written workflows: what Trellis reads from its snapshot to build each tool call
 * (the run id and the pinned tool), and the size of the shape.
 *
 * @param size nodes of a chain, diamonds of a diamond DAG
 * @param recordEvents also record run and node events the way the interpreter does (one local
 * activity per workflow task), to measure what that alone costs
 */
public record RawRun(String runId, EntityVersion tool, int size, boolean recordEvents) {
}
