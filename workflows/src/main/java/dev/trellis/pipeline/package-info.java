/**
 * The PipelineDefinition compiler: validates the canvas's JSON and turns it into an
 * {@link dev.trellis.pipeline.ExecutionPlan} for the workflow interpreter, with the template
 * ({@link dev.trellis.pipeline.Template}, {@link dev.trellis.pipeline.JsonTemplate}) and
 * condition ({@link dev.trellis.pipeline.Condition}) languages the plan uses. Plain Java over
 * Jackson trees, deterministic throughout, so it is safe inside Temporal workflow code.
 *
 * <pre>{@code
 * ExecutionPlan plan = new PipelineCompiler().compile(definition);
 * String prompt = plan.node("research").prompt().render(new TemplateContext(inputs, outputs, comments));
 * }</pre>
 */
package dev.trellis.pipeline;
