package dev.trellis.app;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One Redisson client per process. Redis holds only hot, ephemeral state (live events, memory cache,
 * rate limits), so the client connects lazily: a process starts and runs keep going while Redis is
 * away, and health shows it DOWN.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

	@Bean(destroyMethod = "shutdown")
	RedissonClient redissonClient(RedisProperties props) {
		Config config;
		if (props.hasConfigFile()) {
			try {
				config = Config.fromYAML(new java.io.File(props.configFile()));
			}
			catch (IOException e) {
				throw new UncheckedIOException("Cannot read Redisson config " + props.configFile(), e);
			}
		}
		else {
			config = new Config();
			var single = config.useSingleServer()
				.setAddress(props.url())
				.setConnectTimeout(2000)
				.setTimeout(3000)
				.setRetryAttempts(1)
				.setConnectionMinimumIdleSize(2)
				.setSubscriptionConnectionMinimumIdleSize(0);
			if (props.password() != null && !props.password().isBlank()) {
				single.setPassword(props.password());
			}
		}
		config.setLazyInitialization(true);
		return Redisson.create(config);
	}

	@Bean
	AbstractHealthIndicator redisHealthIndicator(RedissonClient redisson, RedisProperties props) {
		return new AbstractHealthIndicator("Redis is not reachable") {
			@Override
			protected void doHealthCheck(Health.Builder builder) {
				boolean ok = !props.hasConfigFile() ? redisson.getRedisNodes(RedisNodes.SINGLE).pingAll()
						: redisson.getKeys().count() >= 0;
				(ok ? builder.up() : builder.down()).withDetail("address",
						props.hasConfigFile() ? props.configFile() : props.url());
			}
		};
	}

}
