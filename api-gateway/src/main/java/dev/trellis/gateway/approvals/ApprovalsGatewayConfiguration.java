package dev.trellis.gateway.approvals;

import dev.trellis.approvals.ApprovalInbox;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import io.temporal.client.WorkflowClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the approvals API on gateway processes. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(TrellisRole.GATEWAY)
@EnableConfigurationProperties(ApprovalsProperties.class)
class ApprovalsGatewayConfiguration {

	@Bean
	ApprovalService approvalService(ApprovalInbox inbox, WorkflowClient client, ApprovalsProperties props) {
		return new ApprovalService(inbox, client, props);
	}

}
