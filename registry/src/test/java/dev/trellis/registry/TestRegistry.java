package dev.trellis.registry;

import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.trellis.registry.seed.RegistrySeeder;
import dev.trellis.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A registry on its own fresh PostgreSQL database, migrated by Flyway and wired by the real
 * {@link RegistryConfiguration}.
 *
 * <pre>{@code
 * try (TestRegistry r = TestRegistry.start(false)) {
 *     r.registry().save(Kind.MODELS, "m", spec, "", "ana");
 * }
 * }</pre>
 */
final class TestRegistry implements AutoCloseable {

	private final HikariDataSource dataSource;

	private final AnnotationConfigApplicationContext context;

	private TestRegistry(HikariDataSource dataSource, AnnotationConfigApplicationContext context) {
		this.dataSource = dataSource;
		this.context = context;
	}

	/** A new registry; {@code seed} publishes the built-in tools and the demo set as at first start. */
	static TestRegistry start(boolean seed) {
		TestPostgres.Database db = TestPostgres.freshDatabase();
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(db.jdbcUrl());
		dataSource.setUsername(db.username());
		dataSource.setPassword(db.password());
		dataSource.setMaximumPoolSize(60);
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/registry").load().migrate();
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("trellis.registry.seed", String.valueOf(seed))));
		context.registerBean(DataSource.class, () -> dataSource);
		context.registerBean(JdbcTemplate.class, () -> new JdbcTemplate(dataSource));
		context.registerBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(dataSource));
		context.register(RegistryConfiguration.class);
		context.refresh();
		return new TestRegistry(dataSource, context);
	}

	RegistryService registry() {
		return context.getBean(RegistryService.class);
	}

	UsageService usages() {
		return context.getBean(UsageService.class);
	}

	BundleService bundles() {
		return context.getBean(BundleService.class);
	}

	RunSnapshotResolver resolver() {
		return context.getBean(RunSnapshotResolver.class);
	}

	RegistrySeeder seeder() {
		return context.getBean(RegistrySeeder.class);
	}

	JdbcTemplate jdbc() {
		return context.getBean(JdbcTemplate.class);
	}

	/** Publishes as user {@code ana}. */
	SaveResult save(Kind kind, String name, JsonNode spec) {
		return registry().save(kind, name, spec, "", "ana");
	}

	@Override
	public void close() {
		context.close();
		dataSource.close();
	}

}
