package dev.trellis.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.redisson.api.RedissonClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The event log and publisher, needed by every role: workers publish, gateways read the log. The
 * Redis client and the data source come from the application.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TraceProperties.class)
public class TraceConfiguration {

	@Bean
	RunEventLog runEventLog(JdbcTemplate jdbc, PlatformTransactionManager transactions, ObjectMapper json) {
		return new RunEventLog(jdbc, transactions, json);
	}

	@Bean
	RunEventPublisher runEventPublisher(RunEventLog log, RedissonClient redisson, ObjectMapper json,
			TraceProperties props) {
		return new RunEventPublisher(log, redisson, json, props);
	}

}
