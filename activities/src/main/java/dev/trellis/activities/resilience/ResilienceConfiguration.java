package dev.trellis.activities.resilience;

import java.time.Clock;

import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import io.micrometer.core.instrument.MeterRegistry;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The circuit breakers of the agent runtime, their health contributor and settings. Without a
 * {@link RedissonClient} bean the breakers keep state per process; without a {@link MeterRegistry}
 * they publish no gauges.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(TrellisRole.WORKER)
@EnableConfigurationProperties(CircuitBreakerProperties.class)
public class ResilienceConfiguration {

	@Bean
	CircuitBreakers circuitBreakers(CircuitBreakerProperties settings, ObjectProvider<RedissonClient> redis,
			ObjectProvider<MeterRegistry> meters, Clock clock) {
		RedissonClient client = redis.getIfAvailable();
		BreakerStore shared = client == null ? null : new RedisBreakerStore(client, settings.redisTimeout());
		return new CircuitBreakers(shared, settings, clock, meters.getIfAvailable());
	}

	/** Named so that the health contributor is {@code circuitBreakers}. */
	@Bean
	CircuitBreakersHealthIndicator circuitBreakersHealthIndicator(CircuitBreakers breakers) {
		return new CircuitBreakersHealthIndicator(breakers);
	}

}
