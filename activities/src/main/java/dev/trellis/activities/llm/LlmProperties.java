package dev.trellis.activities.llm;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Model-call settings ({@code trellis.llm.*}).
 *
 * @param connectTimeout TCP connect timeout to a provider
 * @param idleTimeout longest silence allowed while waiting for the next streamed chunk (or the
 * first); a timeout is retried by Temporal
 * @param heartbeatInterval how often a running call heartbeats to Temporal
 * @param deltaFlushChars publish an {@code llm.delta} once this many characters are buffered
 * @param deltaFlushInterval or once this much time passed since the last one
 */
@ConfigurationProperties("trellis.llm")
public record LlmProperties(@DefaultValue("10s") Duration connectTimeout, @DefaultValue("120s") Duration idleTimeout,
		@DefaultValue("10s") Duration heartbeatInterval, @DefaultValue("48") int deltaFlushChars,
		@DefaultValue("150ms") Duration deltaFlushInterval) {
}
