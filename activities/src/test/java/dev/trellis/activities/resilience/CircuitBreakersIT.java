package dev.trellis.activities.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.trellis.testsupport.TestRedis;
import dev.trellis.workflows.api.FailureTypes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import org.assertj.core.api.InstanceOfAssertFactories;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * Circuit breakers against a real Redis and a provider stub on a local port that answers 500 for
 * the first 30 seconds of a controllable clock. Calls are made once a second of that clock, as
 * workers retrying a model call would, and every request that reaches the stub is counted.
 */
class CircuitBreakersIT {

	/** 3 failures within 10 s open a breaker for 10 s. */
	private static final CircuitBreakerProperties SETTINGS = new CircuitBreakerProperties(3, Duration.ofSeconds(10),
			Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofMillis(250));

	private static final Duration OUTAGE = Duration.ofSeconds(30);

	private static RedissonClient redis;

	private final MutableClock clock = new MutableClock();

	private final HttpClient http = HttpClient.newHttpClient();

	private final AtomicInteger requests = new AtomicInteger();

	private final String key = BreakerKeys.provider("openai", "http://stub/" + UUID.randomUUID());

	private MockWebServer provider;

	@BeforeAll
	static void connect() {
		redis = client(TestRedis.shared());
	}

	@AfterAll
	static void disconnect() {
		redis.shutdown();
	}

	/** The stub fails while the clock is inside the outage, then answers normally. */
	@BeforeEach
	void startProvider() throws IOException {
		long outageEnds = clock.millis() + OUTAGE.toMillis();
		provider = new MockWebServer();
		provider.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				requests.incrementAndGet();
				return new MockResponse.Builder().code(clock.millis() < outageEnds ? 500 : 200).body("{}").build();
			}
		});
		provider.start();
	}

	@AfterEach
	void stopProvider() {
		provider.close();
	}

	@Test
	void aProviderDownFor30SecondsOpensTheBreakerAndAHalfOpenProbeClosesItAgain() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		CircuitBreakers breakers = new CircuitBreakers(new RedisBreakerStore(redis, SETTINGS.redisTimeout()), SETTINGS,
				clock, meters);
		List<String> outcomes = new ArrayList<>();

		for (int second = 0; second < 60; second++) {
			outcomes.add(callProvider(breakers));
			clock.advance(Duration.ofSeconds(1));
		}

		// 3 failures open it (t=0..2); probes at t=12 and t=22 fail and re-open it; the probe at
		// t=32 succeeds and closes it, and every call after that reaches the provider.
		assertThat(outcomes.subList(0, 3)).containsOnly("500");
		assertThat(outcomes.subList(3, 12)).containsOnly("circuit open");
		assertThat(outcomes.get(12)).isEqualTo("500");
		assertThat(outcomes.get(22)).isEqualTo("500");
		assertThat(outcomes.get(32)).isEqualTo("200");
		assertThat(outcomes.subList(33, 60)).containsOnly("200");
		assertThat(outcomes.subList(0, 30).stream().filter(o -> !o.equals("circuit open")).count()).isEqualTo(5);
		assertThat(requests.get()).isEqualTo(5 + 28);
		assertThat(breakers.tripped()).doesNotContainKey(key);
		assertThat(meters.get("trellis.circuit.breaker.state").tag("breaker", key).tag("state", "closed").gauge().value())
			.isEqualTo(1.0);
		assertThat(meters.get("trellis.circuit.breaker.rejected").tag("breaker", key).counter().count())
			.isEqualTo(60 - 33);
	}

	@Test
	void anOpenBreakerFailsFastWithARetryableFailureThatWaitsOutTheCoolDown() {
		CircuitBreakers breakers = new CircuitBreakers(new RedisBreakerStore(redis, SETTINGS.redisTimeout()), SETTINGS,
				clock, null);
		for (int i = 0; i < 3; i++) {
			callProvider(breakers);
		}
		clock.advance(Duration.ofSeconds(4));

		ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
				() -> breakers.call(key, this::get));

		assertThat(failure.getType()).isEqualTo(FailureTypes.CIRCUIT_OPEN);
		assertThat(failure.isNonRetryable()).isFalse();
		assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(6));
		assertThat(requests.get()).isEqualTo(3);
	}

	@Test
	void everyWorkerSeesTheSameBreaker() {
		CircuitBreakers first = new CircuitBreakers(new RedisBreakerStore(redis, SETTINGS.redisTimeout()), SETTINGS,
				clock, null);
		CircuitBreakers second = new CircuitBreakers(new RedisBreakerStore(redis, SETTINGS.redisTimeout()), SETTINGS,
				clock, null);
		callProvider(first);
		callProvider(second);
		callProvider(first);

		assertThat(callProvider(second)).isEqualTo("circuit open");
		assertThat(requests.get()).isEqualTo(3);
		assertThat(second.tripped()).containsEntry(key, BreakerState.OPEN);

		Health health = new CircuitBreakersHealthIndicator(second).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("state", "shared (Redis)");
		assertThat(health.getDetails().get("tripped")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry(key, "open");
	}

	@Test
	void aRefusedRequestDoesNotCountAgainstTheEndpoint() {
		CircuitBreakers breakers = new CircuitBreakers(new RedisBreakerStore(redis, SETTINGS.redisTimeout()), SETTINGS,
				clock, null);
		for (int i = 0; i < 5; i++) {
			assertThatThrownBy(() -> breakers.call(key, () -> {
				throw ApplicationFailure.newNonRetryableFailure("bad request", FailureTypes.NON_RETRYABLE);
			})).isInstanceOf(ApplicationFailure.class).hasMessageContaining("bad request");
		}

		assertThat(breakers.tripped()).doesNotContainKey(key);
	}

	@Test
	void withRedisDownTheBreakerWorksPerProcessAndNeverWaitsOnRedis() {
		TestRedis dedicated = TestRedis.dedicated();
		RedissonClient lost = client(dedicated);
		try {
			CircuitBreakers breakers = new CircuitBreakers(new RedisBreakerStore(lost, SETTINGS.redisTimeout()),
					SETTINGS, clock, null);
			assertThat(breakers.shared()).isTrue();
			dedicated.stop();

			List<String> outcomes = new ArrayList<>();
			long started = System.nanoTime();
			for (int second = 0; second < 20; second++) {
				outcomes.add(callProvider(breakers));
				clock.advance(Duration.ofSeconds(1));
			}
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			assertThat(outcomes.subList(0, 3)).containsOnly("500");
			assertThat(outcomes.subList(3, 12)).containsOnly("circuit open");
			assertThat(outcomes.get(12)).isEqualTo("500");
			assertThat(outcomes.subList(13, 20)).containsOnly("circuit open");
			assertThat(requests.get()).isEqualTo(4);
			assertThat(breakers.shared()).isFalse();
			assertThat(new CircuitBreakersHealthIndicator(breakers).health().getDetails()).containsEntry("state",
					"per process");
			// Only the first call pays the Redis timeout; the rest skip Redis for REDIS_RETRY.
			assertThat(took).isLessThan(Duration.ofSeconds(5));
		}
		finally {
			lost.shutdown();
			dedicated.close();
		}
	}

	/** One call through the breaker: "200", "500" (the provider failed) or "circuit open". */
	private String callProvider(CircuitBreakers breakers) {
		try {
			return breakers.call(key, this::get);
		}
		catch (ProviderDown e) {
			return "500";
		}
		catch (ApplicationFailure e) {
			assertThat(e.getType()).isEqualTo(FailureTypes.CIRCUIT_OPEN);
			return "circuit open";
		}
	}

	private String get() {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(provider.url("/v1/chat").toString())).build();
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 500) {
				throw new ProviderDown();
			}
			return String.valueOf(response.statusCode());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static RedissonClient client(TestRedis server) {
		Config config = new Config();
		config.useSingleServer().setAddress(server.url()).setConnectTimeout(500).setTimeout(500).setRetryAttempts(0);
		return Redisson.create(config);
	}

	private static final class ProviderDown extends RuntimeException {

		ProviderDown() {
			super("HTTP 500");
		}

	}

	/** A clock the test moves by hand. */
	private static final class MutableClock extends Clock {

		private final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

		void advance(Duration by) {
			millis.addAndGet(by.toMillis());
		}

		@Override
		public long millis() {
			return millis.get();
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(millis());
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
