package dev.trellis.activities.llm;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;

/**
 * Heartbeats a long model call from a background thread, so Temporal notices a dead worker within
 * the heartbeat timeout even while no token has arrived yet. A heartbeat that reports the activity
 * cancelled (or timed out) marks the call {@link Beat#cancelled()} so the caller can stop.
 */
class Heartbeater implements AutoCloseable {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "trellis-llm-heartbeat");
		t.setDaemon(true);
		return t;
	});

	private final Duration interval;

	Heartbeater(Duration interval) {
		this.interval = interval;
	}

	/** A running heartbeat; closing it stops the beats. */
	static final class Beat implements AutoCloseable {

		private final AtomicBoolean cancelled = new AtomicBoolean();

		private ScheduledFuture<?> future;

		boolean cancelled() {
			return cancelled.get();
		}

		@Override
		public void close() {
			if (future != null) {
				future.cancel(false);
			}
		}

	}

	Beat start(ActivityExecutionContext context) {
		Beat beat = new Beat();
		beat.future = scheduler.scheduleAtFixedRate(() -> {
			try {
				context.heartbeat(null);
			}
			catch (ActivityCompletionException e) {
				beat.cancelled.set(true);
			}
			catch (RuntimeException e) {
				// A heartbeat that cannot reach the server is retried at the next beat.
			}
		}, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
		return beat;
	}

	@Override
	public void close() {
		scheduler.shutdownNow();
	}

}
