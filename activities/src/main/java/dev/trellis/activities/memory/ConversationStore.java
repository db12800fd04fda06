package dev.trellis.activities.memory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.workflows.api.ChatMessage;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Conversations in two places: PostgreSQL ({@code activities_memory}) is the durable copy and is
 * written first; Redis holds a hot copy with a TTL. A read tries Redis, falls back to PostgreSQL on
 * a miss and puts what it found back into Redis. Redis being down only costs speed.
 */
class ConversationStore {

	private static final Logger log = LoggerFactory.getLogger(ConversationStore.class);

	private static final TypeReference<List<ChatMessage>> MESSAGES = new TypeReference<>() {
	};

	/** Where a loaded conversation came from. */
	record Loaded(List<ChatMessage> messages, String source) {
	}

	private final JdbcTemplate jdbc;

	private final RedissonClient redis;

	private final ObjectMapper json;

	private final String prefix;

	ConversationStore(JdbcTemplate jdbc, RedissonClient redis, ObjectMapper json, String prefix) {
		this.jdbc = jdbc;
		this.redis = redis;
		this.json = json;
		this.prefix = prefix;
	}

	Loaded load(String scope, String sessionId, Duration ttl) {
		String key = key(scope, sessionId);
		try {
			String hot = bucket(key).get();
			if (hot != null) {
				return new Loaded(read(hot), "redis");
			}
		}
		catch (RuntimeException e) {
			log.warn("Redis unavailable for memory {}: {}; reading PostgreSQL", key, e.getClass().getSimpleName());
		}
		Optional<String> durable = jdbc.query("SELECT messages::text FROM activities_memory WHERE scope = ? AND session_id = ?",
				rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.empty(), scope, sessionId);
		if (durable.isEmpty()) {
			return new Loaded(List.of(), "none");
		}
		cache(key, durable.get(), ttl);
		return new Loaded(read(durable.get()), "postgres");
	}

	void save(String scope, String sessionId, List<ChatMessage> messages, Duration ttl) {
		String text = write(messages);
		jdbc.update("""
				INSERT INTO activities_memory (scope, session_id, messages, updated_at) VALUES (?, ?, ?::jsonb, now())
				ON CONFLICT (scope, session_id) DO UPDATE SET messages = EXCLUDED.messages, updated_at = now()
				""", scope, sessionId, text);
		cache(key(scope, sessionId), text, ttl);
	}

	private void cache(String key, String text, Duration ttl) {
		try {
			bucket(key).set(text, ttl);
		}
		catch (RuntimeException e) {
			// PostgreSQL has the conversation; the next read rehydrates Redis.
			log.warn("Could not cache memory {} in Redis: {}", key, e.getClass().getSimpleName());
		}
	}

	private RBucket<String> bucket(String key) {
		return redis.getBucket(key, StringCodec.INSTANCE);
	}

	private String key(String scope, String sessionId) {
		return prefix + scope + ":" + sessionId;
	}

	private List<ChatMessage> read(String text) {
		try {
			return json.readValue(text, MESSAGES);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("stored conversation is not valid JSON", e);
		}
	}

	private String write(List<ChatMessage> messages) {
		try {
			return json.writeValueAsString(messages);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("conversation cannot be written as JSON", e);
		}
	}

}
