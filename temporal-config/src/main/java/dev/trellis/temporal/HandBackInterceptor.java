package dev.trellis.temporal;

import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;

/**
 * Lets an activity interrupted by a stopping worker be handed back to Temporal at once.
 *
 * <p>When the drain time is up, the worker interrupts the activities still running
 * ({@code WorkerFactory.shutdownNow()}); they fail, and well-behaved code restores the thread's
 * interrupt flag before throwing. The SDK then reports the failure from that same thread, and a
 * blocking gRPC call from an interrupted thread is cancelled immediately: the report is lost and
 * Temporal retries the attempt only when its timeout fires, minutes later for a slow tool or model.
 * Clearing the flag once the activity has returned lets the report through, so Temporal schedules
 * the retry on another worker right away. The activity itself has already stopped; nothing else
 * runs on this thread before the report.
 */
final class HandBackInterceptor extends WorkerInterceptorBase {

	@Override
	public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
		return new ActivityInboundCallsInterceptorBase(next) {

			@Override
			public ActivityOutput execute(ActivityInput input) {
				try {
					return super.execute(input);
				}
				finally {
					Thread.interrupted();
				}
			}
		};
	}

}
