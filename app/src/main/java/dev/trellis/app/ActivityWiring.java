package dev.trellis.app;

import dev.trellis.activities.events.AgentEventSink;
import dev.trellis.activities.events.RunEventRecorderSink;
import dev.trellis.activities.secrets.SecretResolver;
import dev.trellis.activities.secrets.SecretUnavailableException;
import dev.trellis.registry.secrets.SecretStore;
import dev.trellis.registry.secrets.SecretStoreException;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import dev.trellis.workflows.api.RunEventActivities;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Plugs the agent runtime's ports into the other modules: activities resolve {@code secret://name}
 * references through the registry's secret store (built-in encrypted store or Vault), inside the
 * activity, for that one call; and their events go to the trace module's event log.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(TrellisRole.WORKER)
class ActivityWiring {

	@Bean
	AgentEventSink agentEventSink(RunEventActivities eventLog) {
		return new RunEventRecorderSink(eventLog);
	}

	@Bean
	SecretResolver secretResolver(SecretStore store) {
		return name -> {
			try {
				return store.resolve(name);
			}
			catch (SecretStoreException e) {
				if (e.reason() == SecretStoreException.Reason.NOT_FOUND) {
					throw new SecretUnavailableException(name);
				}
				throw e;
			}
		};
	}

}
