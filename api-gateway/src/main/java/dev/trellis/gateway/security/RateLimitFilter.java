package dev.trellis.gateway.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-user rate limits of the routes the {@link RouteTable} marks with a {@link RouteTable.Limit},
 * shared by all gateways through Redisson's {@link RRateLimiter}. Over the limit: 429 with
 * {@code Retry-After}.
 *
 * <p>Redis holds only ephemeral state, and losing it must never block a run start or an approval
 * decision: when Redis fails, requests pass unlimited and the filter stops asking Redis for a short
 * while, so a dead Redis does not add its timeout to every request.
 */
final class RateLimitFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

	static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(30);

	private final RouteTable routes;

	private final RedissonClient redisson;

	private final SecurityProperties.RateLimits limits;

	private final ProblemResponses problems;

	private volatile long redisBackAt;

	RateLimitFilter(RouteTable routes, RedissonClient redisson, SecurityProperties.RateLimits limits,
			ProblemResponses problems) {
		this.routes = routes;
		this.redisson = redisson;
		this.limits = limits;
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !RouteTable.governs(RouteTable.pathOf(request));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<RouteTable.Limit> limit = routes.match(request).map(RouteTable.Rule::limit);
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		if (limit.isEmpty() || auth == null || RouteTable.isAnonymous(auth)) {
			chain.doFilter(request, response);
			return;
		}
		int permits = permits(limit.get());
		if (permits > 0 && !acquire(limit.get(), permits, auth.getName())) {
			long retryAfter = Math.max(1, (limits.window().toSeconds() + permits - 1) / permits);
			response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
			problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
					"The limit is " + permits + " " + limit.get().key() + " requests per " + limits.window()
							+ " and user; retry in " + retryAfter + " s",
					null);
			return;
		}
		chain.doFilter(request, response);
	}

	private int permits(RouteTable.Limit limit) {
		return switch (limit) {
			case RUN_START -> limits.runStarts();
			case APPROVAL_DECISION -> limits.approvalDecisions();
		};
	}

	private boolean acquire(RouteTable.Limit limit, int permits, String username) {
		if (redisson == null || System.currentTimeMillis() < redisBackAt) {
			return true;
		}
		// The rate is part of the name, so a changed setting starts a fresh limiter instead of
		// being ignored by trySetRate.
		String name = "trellis:rate-limit:" + limit.key() + ":" + permits + "/" + limits.window().toSeconds() + "s:"
				+ username;
		try {
			RRateLimiter limiter = redisson.getRateLimiter(name);
			limiter.trySetRate(RateType.OVERALL, permits, limits.window(), limits.window().multipliedBy(2));
			return limiter.tryAcquire();
		}
		catch (RuntimeException e) {
			redisBackAt = System.currentTimeMillis() + PAUSE_AFTER_FAILURE.toMillis();
			log.warn("Rate limits are not enforced for {}: Redis failed ({})", PAUSE_AFTER_FAILURE, e.toString());
			return true;
		}
	}

}
