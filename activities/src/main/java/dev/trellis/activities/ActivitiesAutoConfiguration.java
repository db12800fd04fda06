package dev.trellis.activities;

import java.time.Clock;

import dev.trellis.activities.events.AgentEventSink;
import dev.trellis.activities.events.RunEventRecorderSink;
import dev.trellis.activities.guardrails.PiiMasker;
import dev.trellis.activities.llm.LlmConfiguration;
import dev.trellis.activities.memory.MemoryConfiguration;
import dev.trellis.activities.resilience.ResilienceConfiguration;
import dev.trellis.activities.secrets.PropertySecretResolver;
import dev.trellis.activities.secrets.SecretResolver;
import dev.trellis.activities.tools.ToolsConfiguration;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import dev.trellis.temporal.WorkerContribution;
import dev.trellis.workflows.api.LlmActivities;
import dev.trellis.workflows.api.MemoryActivities;
import dev.trellis.workflows.api.RunEventActivities;
import dev.trellis.workflows.api.ToolActivities;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The agent runtime on a worker: the LLM, tool and memory activities, registered on the Trellis
 * worker by one {@link WorkerContribution}. The ports have defaults that other modules replace by
 * declaring their own bean: {@link SecretResolver} (the registry's secret store),
 * {@link AgentEventSink} (the trace module's event log, through its {@link RunEventActivities}).
 */
@AutoConfiguration
@ConditionalOnRole(TrellisRole.WORKER)
@Import({ LlmConfiguration.class, ToolsConfiguration.class, MemoryConfiguration.class, ResilienceConfiguration.class })
public class ActivitiesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean
	SecretResolver secretResolver(Environment environment) {
		return new PropertySecretResolver(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	AgentEventSink agentEventSink(ObjectProvider<RunEventActivities> recorder) {
		return new RunEventRecorderSink(recorder.getIfAvailable());
	}

	@Bean
	PiiMasker piiMasker() {
		return new PiiMasker();
	}

	@Bean
	WorkerContribution agentActivities(LlmActivities llm, ToolActivities tools, MemoryActivities memory) {
		return worker -> worker.registerActivitiesImplementations(llm, tools, memory);
	}

}
