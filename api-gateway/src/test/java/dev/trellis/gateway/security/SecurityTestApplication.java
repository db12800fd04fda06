package dev.trellis.gateway.security;

import java.util.concurrent.atomic.AtomicInteger;

import dev.trellis.gateway.web.ProblemDetailsAdvice;
import dev.trellis.testsupport.TestRedis;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The smallest gateway the security tests need: this package, the secret store and the payload
 * codec, the problem-details advice, stand-ins for the API.md endpoints other packages serve
 * ({@link SpecEndpoints}), a real Redis. The database comes from {@link GatewaySecurityTestBase}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = { "dev.trellis.gateway.security", "dev.trellis.registry.secrets",
		"dev.trellis.temporal.codec" }, excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM,
				classes = TypeExcludeFilter.class))
@Import(ProblemDetailsAdvice.class)
public class SecurityTestApplication {

	@Bean
	AuthenticationFailures authenticationFailures() {
		return new AuthenticationFailures();
	}

	/** Counts authentication failure events from any thread, including Tomcat's. */
	static class AuthenticationFailures extends AtomicInteger
			implements ApplicationListener<AbstractAuthenticationFailureEvent> {

		@Override
		public void onApplicationEvent(AbstractAuthenticationFailureEvent event) {
			incrementAndGet();
		}

	}

	@Bean(destroyMethod = "shutdown")
	RedissonClient redissonClient() {
		Config config = new Config();
		config.useSingleServer().setAddress(TestRedis.shared().url()).setConnectTimeout(2000).setTimeout(2000);
		return Redisson.create(config);
	}

}
