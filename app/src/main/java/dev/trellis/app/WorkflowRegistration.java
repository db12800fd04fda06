package dev.trellis.app;

import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import dev.trellis.temporal.WorkerContribution;
import dev.trellis.workflows.agent.AgentWorkflowImpl;
import dev.trellis.workflows.engine.PipelineWorkflowImpl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the workflow implementations on the worker. Only this composition root names the
 * implementation classes; everything else knows the interfaces in {@code dev.trellis.workflows.api}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(TrellisRole.WORKER)
class WorkflowRegistration {

	@Bean
	WorkerContribution pipelineWorkflows() {
		return worker -> worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class, AgentWorkflowImpl.class);
	}

}
