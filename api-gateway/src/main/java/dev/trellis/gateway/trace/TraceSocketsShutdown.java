package dev.trellis.gateway.trace;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the live-trace sockets with a reconnect hint when the gateway stops (SIGTERM, a rolling
 * update, a scale-down): code 1012 and {@code "service restart; reconnect with after=<seq>"}.
 *
 * <p>It stops after Spring's graceful shutdown has stopped accepting connections and finished the
 * requests in flight, and before the web server itself stops: a client that reconnects at once is
 * refused here and lands on another gateway, and no socket is left for the web server to close
 * with a bare 1001.
 */
final class TraceSocketsShutdown implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TraceSocketsShutdown.class);

	private final RunFeeds feeds;

	private final Duration timeout;

	private volatile boolean running;

	TraceSocketsShutdown(RunFeeds feeds, Duration timeout) {
		this.feeds = feeds;
		this.timeout = timeout;
	}

	@Override
	public void start() {
		running = true;
	}

	@Override
	public void stop() {
		running = false;
		int closed = feeds.restartAll(timeout);
		if (closed > 0) {
			log.info("Closed {} trace sockets with a reconnect hint (1012)", closed);
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		// Between graceful shutdown (which stops first) and the web server's stop (a phase lower).
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 512;
	}

}
