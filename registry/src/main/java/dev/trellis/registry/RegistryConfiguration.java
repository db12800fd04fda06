package dev.trellis.registry;

import dev.trellis.registry.seed.RegistrySeeder;
import dev.trellis.registry.spec.KindSpecValidator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registry's beans, declared here rather than found by scanning so a test or another process
 * can take exactly the registry with {@code @Import(RegistryConfiguration.class)}. Needs a
 * {@link JdbcTemplate} and a {@link PlatformTransactionManager} (Spring Boot's JDBC auto-configuration
 * provides both) and Flyway migrations from {@code classpath:db/migration/registry}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryProperties.class)
public class RegistryConfiguration {

	@Bean
	RegistryRepository registryRepository(JdbcTemplate jdbc) {
		return new RegistryRepository(jdbc);
	}

	@Bean
	SpecValidator registrySpecValidator() {
		return new KindSpecValidator();
	}

	@Bean
	RegistryService registryService(RegistryRepository repository, SpecValidator validator,
			PlatformTransactionManager transactions) {
		return new RegistryService(repository, validator, new TransactionTemplate(transactions));
	}

	@Bean
	UsageService registryUsageService(RegistryRepository repository, RegistryService registry) {
		return new UsageService(repository, registry);
	}

	@Bean
	BundleService registryBundleService(RegistryRepository repository, RegistryService registry,
			SpecValidator validator, PlatformTransactionManager transactions) {
		return new BundleService(repository, registry, validator, new TransactionTemplate(transactions));
	}

	@Bean
	RunSnapshotResolver runSnapshotResolver(RegistryRepository repository, RegistryService registry) {
		return new RunSnapshotResolver(repository, registry);
	}

	@Bean
	RegistrySeeder registrySeeder(RegistryService registry, RegistryProperties properties) {
		return new RegistrySeeder(registry, properties.seed());
	}

}
