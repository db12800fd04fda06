package dev.trellis.gateway.trace;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.trellis.gateway.web.ProblemDetailsAdvice;
import dev.trellis.temporal.TemporalClientConfiguration;
import dev.trellis.temporal.TemporalWorkerConfiguration;
import dev.trellis.trace.TraceConfiguration;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A gateway with only the live trace: the trace beans, the fan-out, the events endpoint, problem
 * details, and a permissive stand-in for the real security chain that authenticates fixed tokens
 * from {@code ?token=} or {@code Authorization: Bearer} the way the real one will (it sets the
 * request's principal; the trace only reads it).
 */
@SpringBootConfiguration
@EnableAutoConfiguration(exclude = { TemporalClientConfiguration.class, TemporalWorkerConfiguration.class })
@Import({ TraceConfiguration.class, TraceGatewayConfiguration.class, RunEventsController.class,
		ProblemDetailsAdvice.class })
class TraceGatewayTestApp {

	static final String VIEWER = "viewer-token";

	static final String NO_ROLE = "no-role-token";

	/** Runs whose id starts with this do not exist for {@link #runViews()}. */
	static final String MISSING = "missing-";

	private static final Map<String, UsernamePasswordAuthenticationToken> TOKENS = Map.of(VIEWER,
			UsernamePasswordAuthenticationToken.authenticated("vera", VIEWER,
					List.of(new SimpleGrantedAuthority("ROLE_VIEWER"), new SimpleGrantedAuthority("GROUP_editors"))),
			NO_ROLE, UsernamePasswordAuthenticationToken.authenticated("nora", NO_ROLE, List.of()));

	@Bean(destroyMethod = "shutdown")
	RedissonClient redissonClient(@Value("${test.redis.url}") String url) {
		// The application's client settings (see app's RedisConfiguration).
		Config config = new Config();
		config.useSingleServer()
			.setAddress(url)
			.setConnectTimeout(2000)
			.setTimeout(3000)
			.setRetryAttempts(1)
			.setConnectionMinimumIdleSize(2)
			.setSubscriptionConnectionMinimumIdleSize(0);
		config.setLazyInitialization(true);
		return Redisson.create(config);
	}

	@Bean
	RunViewProvider runViews() {
		return runId -> runId.startsWith(MISSING) ? Optional.empty()
				: Optional.of(Map.of("runId", runId, "status", "RUNNING", "nodes", List.of()));
	}

	/**
	 * A small, fixed socket send buffer when {@code test.tomcat.send-buffer} is set: loopback sockets
	 * otherwise grow theirs to megabytes, and a client that does not read would take that long to fall
	 * behind.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSendBuffer(
			@Value("${test.tomcat.send-buffer:0}") int bytes) {
		return factory -> {
			if (bytes > 0) {
				factory.addConnectorCustomizers(connector -> connector.setProperty("socket.txBufSize", Integer.toString(bytes)));
			}
		};
	}

	@Bean
	SecurityFilterChain testSecurity(HttpSecurity http) throws Exception {
		return http.csrf(csrf -> csrf.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests(a -> a.anyRequest().permitAll())
			.addFilterBefore(new FixedTokens(), AnonymousAuthenticationFilter.class)
			.build();
	}

	/** Authenticates the fixed test tokens; anything else stays anonymous. */
	static final class FixedTokens extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String header = request.getHeader("Authorization");
			String token = header != null && header.startsWith("Bearer ") ? header.substring(7)
					: request.getParameter("token");
			if (token != null && TOKENS.containsKey(token)) {
				SecurityContextHolder.getContext().setAuthentication(TOKENS.get(token));
			}
			try {
				chain.doFilter(request, response);
			}
			finally {
				SecurityContextHolder.clearContext();
			}
		}

	}

}
