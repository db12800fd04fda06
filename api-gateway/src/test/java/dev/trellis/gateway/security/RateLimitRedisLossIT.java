package dev.trellis.gateway.security;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.testsupport.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/** Losing Redis must never block a run start or an approval decision. */
class RateLimitRedisLossIT {

	private TestRedis redis;

	private RedissonClient redisson;

	private RateLimitFilter filter;

	@BeforeEach
	void start() {
		redis = TestRedis.dedicated();
		Config config = new Config();
		config.useSingleServer()
			.setAddress(redis.url())
			.setConnectTimeout(2000)
			.setTimeout(1000)
			.setRetryAttempts(0)
			.setConnectionMinimumIdleSize(1);
		// As in the application: connect on first use, so a process starts while Redis is away.
		config.setLazyInitialization(true);
		redisson = Redisson.create(config);
		filter = new RateLimitFilter(RouteTable.DEFAULT, redisson,
				new SecurityProperties.RateLimits(1, 1, Duration.ofMinutes(1)), new ProblemResponses(new ObjectMapper()));
		SecurityContextHolder.getContext()
			.setAuthentication(new TokenAuthentication("ana", "t1", AuthorityUtils.createAuthorityList("ROLE_BUILDER")));
	}

	@AfterEach
	void stop() {
		SecurityContextHolder.clearContext();
		redisson.shutdown();
		redis.close();
	}

	@Test
	void withRedisTheSecondStartWithinTheWindowIsLimited() throws Exception {
		assertThat(runStart().getStatus()).isEqualTo(200);
		assertThat(runStart().getStatus()).isEqualTo(429);
	}

	@Test
	void withoutRedisStartsAndDecisionsPassAndLaterOnesDoNotWaitForRedis() throws Exception {
		assertThat(runStart().getStatus()).isEqualTo(200);
		redis.stop();

		assertThat(runStart().getStatus()).isEqualTo(200);
		long started = System.nanoTime();
		for (int i = 0; i < 5; i++) {
			assertThat(runStart().getStatus()).isEqualTo(200);
			assertThat(decision().getStatus()).isEqualTo(200);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400));
	}

	private MockHttpServletResponse runStart() throws Exception {
		return call("POST", "/api/runs");
	}

	private MockHttpServletResponse decision() throws Exception {
		return call("POST", "/api/approvals/a1/decision");
	}

	private MockHttpServletResponse call(String method, String path) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
