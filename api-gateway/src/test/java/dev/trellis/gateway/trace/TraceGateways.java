package dev.trellis.gateway.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.trellis.testsupport.TestPostgres;
import dev.trellis.trace.RunEventLog;
import dev.trellis.trace.RunEventPublisher;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several gateway instances in one JVM: separate Spring Boot web contexts on random ports, each with
 * its own fan-out, sharing one PostgreSQL database and one Redis, like gateways behind a load
 * balancer.
 */
final class TraceGateways implements AutoCloseable {

	/** One running gateway. */
	record Instance(ConfigurableApplicationContext context) {

		int port() {
			return ((WebServerApplicationContext) context).getWebServer().getPort();
		}

		RunFeeds feeds() {
			return context.getBean(RunFeeds.class);
		}

		/** The instance's publisher stands in for a worker: same bean, same database, same Redis. */
		RunEventPublisher publisher() {
			return context.getBean(RunEventPublisher.class);
		}

		RunEventLog log() {
			return context.getBean(RunEventLog.class);
		}

	}

	private final List<Instance> instances = new ArrayList<>();

	TraceGateways(int count, String redisUrl, Map<String, String> settings) {
		TestPostgres.Database db = TestPostgres.freshDatabase();
		Map<String, Object> props = new HashMap<>(settings);
		props.put("server.port", "0");
		props.put("trellis.role", "gateway");
		props.put("test.redis.url", redisUrl);
		props.put("spring.datasource.url", db.jdbcUrl());
		props.put("spring.datasource.username", db.username());
		props.put("spring.datasource.password", db.password());
		props.put("spring.flyway.locations", "classpath:db/migration/trace");
		props.put("spring.main.banner-mode", "off");
		for (int i = 0; i < count; i++) {
			instances.add(new Instance(new SpringApplicationBuilder(TraceGatewayTestApp.class).properties(props).run()));
		}
	}

	Instance get(int index) {
		return instances.get(index);
	}

	@Override
	public void close() {
		instances.forEach(i -> i.context().close());
	}

}
