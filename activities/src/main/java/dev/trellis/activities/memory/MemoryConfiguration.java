package dev.trellis.activities.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Conversation memory (Redis hot copy, PostgreSQL durable copy) and agent checkpoints. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(TrellisRole.WORKER)
@EnableConfigurationProperties(MemoryProperties.class)
public class MemoryConfiguration {

	@Bean
	MemoryActivitiesImpl memoryActivities(JdbcTemplate jdbc, RedissonClient redis, MemoryProperties properties,
			ObjectProvider<LongTermMemory> longTerm) {
		// A private mapper: stored conversations must not change shape with the web layer's settings.
		ObjectMapper json = new ObjectMapper().findAndRegisterModules();
		return new MemoryActivitiesImpl(new ConversationStore(jdbc, redis, json, properties.redisPrefix()),
				new CheckpointStore(jdbc, json), longTerm.getIfAvailable(), properties);
	}

}
