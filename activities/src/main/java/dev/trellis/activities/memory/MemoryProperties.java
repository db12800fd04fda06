package dev.trellis.activities.memory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Conversation memory settings ({@code trellis.memory.*}).
 *
 * @param redisPrefix key prefix of the hot copies in Redis
 * @param defaultTtl how long a hot copy lives in Redis when the memory entity sets no {@code ttl}
 */
@ConfigurationProperties("trellis.memory")
public record MemoryProperties(@DefaultValue("trellis:memory:") String redisPrefix,
		@DefaultValue("7d") Duration defaultTtl) {
}
