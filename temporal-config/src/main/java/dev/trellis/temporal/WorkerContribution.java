package dev.trellis.temporal;

import io.temporal.worker.Worker;

/**
 * Something that registers workflow implementations or activity beans on the Trellis worker. Each
 * module contributes its own, so the wiring stays explicit and the worker configuration knows no
 * module's classes.
 */
@FunctionalInterface
public interface WorkerContribution {

	void register(Worker worker);

}
