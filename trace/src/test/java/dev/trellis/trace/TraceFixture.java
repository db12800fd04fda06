package dev.trellis.trace;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trellis.testsupport.TestPostgres;
import dev.trellis.workflows.api.RunEvent;
import org.flywaydb.core.Flyway;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A migrated database of its own, a Redisson client and a publisher wired as in production, for
 * tests and the benchmark.
 */
final class TraceFixture implements AutoCloseable {

	static final ObjectMapper JSON = JsonMapper.builder()
		.findAndAddModules()
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
		.build();

	final TestPostgres.Database db;

	final HikariDataSource dataSource;

	final JdbcTemplate jdbc;

	final RunEventLog log;

	final RedissonClient redisson;

	final RunEventPublisher publisher;

	TraceFixture(String redisUrl, Map<String, String> settings) {
		db = TestPostgres.freshDatabase();
		HikariConfig hikari = new HikariConfig();
		hikari.setJdbcUrl(db.jdbcUrl());
		hikari.setUsername(db.username());
		hikari.setPassword(db.password());
		hikari.setMaximumPoolSize(16);
		// An unreachable database fails a call within seconds instead of Hikari's 30 s default, so an
		// outage test sees several attempts of a five-second local activity.
		hikari.setConnectionTimeout(2_000);
		dataSource = new HikariDataSource(hikari);
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/trace").load().migrate();
		jdbc = new JdbcTemplate(dataSource);
		log = new RunEventLog(jdbc, new DataSourceTransactionManager(dataSource), JSON);
		redisson = redisson(redisUrl);
		publisher = new RunEventPublisher(log, redisson, JSON, properties(settings));
	}

	/** The properties as Spring binds them: annotation defaults plus the given overrides. */
	static TraceProperties properties(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("trellis.trace",
				TraceProperties.class);
	}

	/** Short timeouts so a stopped Redis is noticed quickly, as in the application's client. */
	static RedissonClient redisson(String url) {
		Config config = new Config();
		config.useSingleServer()
			.setAddress(url)
			.setConnectTimeout(500)
			.setTimeout(1000)
			.setRetryAttempts(0)
			.setConnectionMinimumIdleSize(1);
		config.setLazyInitialization(true);
		return Redisson.create(config);
	}

	static RunEvent event(String runId, String key, String type, String nodeId, int attempt) {
		ObjectNode data = JSON.createObjectNode().put("key", key);
		return new RunEvent(runId, key, type, nodeId, attempt, Instant.now(), data);
	}

	@Override
	public void close() {
		publisher.close();
		redisson.shutdown();
		dataSource.close();
	}

}
