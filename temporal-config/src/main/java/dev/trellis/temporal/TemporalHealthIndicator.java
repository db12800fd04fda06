package dev.trellis.temporal;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/** Readiness of the Temporal frontend: a cheap GetSystemInfo call with a short deadline. */
class TemporalHealthIndicator extends AbstractHealthIndicator {

	private final WorkflowServiceStubs stubs;

	private final TemporalProperties props;

	TemporalHealthIndicator(WorkflowServiceStubs stubs, TemporalProperties props) {
		super("Temporal is not reachable");
		this.stubs = stubs;
		this.props = props;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		var info = stubs.blockingStub()
			.withDeadlineAfter(2, java.util.concurrent.TimeUnit.SECONDS)
			.getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
		builder.up()
			.withDetail("target", props.target())
			.withDetail("namespace", props.namespace())
			.withDetail("serverVersion", info.getServerVersion());
	}

}
