package dev.trellis.approvals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The inbox for every role: gateways read it, workers write it through the approval activities
 * ({@link ApprovalsWorkerConfiguration}). The data source and the JSON mapper come from the
 * application; the tables from Flyway ({@code db/migration/approvals}).
 */
@Configuration(proxyBeanMethods = false)
public class ApprovalsConfiguration {

	@Bean
	ApprovalStore approvalStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, ObjectMapper json) {
		return new ApprovalStore(jdbc, transactions, json);
	}

	@Bean
	ApprovalInbox approvalInbox(ApprovalStore store) {
		return new ApprovalInbox(store);
	}

}
