package dev.trellis.gateway.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Turns a burst of failed authentications from one address (someone guessing tokens, or a client
 * stuck on a revoked one) into one audit record and one warning per window, instead of a record per
 * failure. Counting is per gateway and in memory: a burst is a signal, not an enforcement.
 */
@Component
@ConditionalOnRole(TrellisRole.GATEWAY)
class AuthFailureMonitor {

	private static final Logger log = LoggerFactory.getLogger(AuthFailureMonitor.class);

	/** Beyond this many tracked addresses, expired windows are dropped before adding another. */
	private static final int MAX_TRACKED = 10_000;

	private final AuditLog audit;

	private final int threshold;

	private final long windowMillis;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	AuthFailureMonitor(AuditLog audit, SecurityProperties props) {
		this.audit = audit;
		this.threshold = props.authFailureBurst().threshold();
		this.windowMillis = props.authFailureBurst().window().toMillis();
	}

	private record Window(long start, AtomicInteger failures) {
	}

	@EventListener
	void onFailure(AbstractAuthenticationFailureEvent event) {
		String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
				? details.getRemoteAddress() : "unknown";
		long now = System.currentTimeMillis();
		if (windows.size() >= MAX_TRACKED) {
			windows.values().removeIf(w -> now - w.start() > windowMillis);
		}
		Window window = windows.compute(address,
				(k, w) -> w == null || now - w.start() > windowMillis ? new Window(now, new AtomicInteger()) : w);
		if (window.failures().incrementAndGet() == threshold) {
			log.warn("{} failed authentications from {} within {}", threshold, address, Duration.ofMillis(windowMillis));
			audit.record("anonymous", "auth.failure-burst", address,
					Map.of("failures", threshold, "window", Duration.ofMillis(windowMillis).toString()), address);
		}
	}

}
