package dev.trellis.activities.llm;

import java.time.Clock;

import dev.trellis.activities.events.AgentEventSink;
import dev.trellis.activities.guardrails.OutputGuard;
import dev.trellis.activities.guardrails.PiiMasker;
import dev.trellis.activities.resilience.CircuitBreakers;
import dev.trellis.activities.secrets.SecretResolver;
import dev.trellis.activities.tools.ArgumentValidator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import org.springframework.context.annotation.Configuration;

/** The model-call activity and what it is built from. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(TrellisRole.WORKER)
@EnableConfigurationProperties({ LlmProperties.class, LocalModelProperties.class })
public class LlmConfiguration {

	@Bean(destroyMethod = "close")
	LocalModelEngine localModelEngine(LocalModelProperties properties) {
		return new LocalModelEngine(properties);
	}

	@Bean(destroyMethod = "close")
	Heartbeater llmHeartbeater(LlmProperties properties) {
		return new Heartbeater(properties.heartbeatInterval());
	}

	@Bean
	LlmActivitiesImpl llmActivities(LlmProperties properties, LocalModelEngine local, LocalModelProperties localProperties,
			SecretResolver secrets, AgentEventSink sink, PiiMasker masker, Heartbeater heartbeater, Clock clock,
			CircuitBreakers breakers) {
		return new LlmActivitiesImpl(new ChatModelFactory(properties, local, localProperties), secrets, sink, masker,
				heartbeater, properties, clock, breakers, new OutputGuard(new ArgumentValidator()));
	}

}
