package dev.trellis.registry.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.registry.Kind;
import dev.trellis.registry.ReferenceLookup;
import dev.trellis.registry.RegistryValidationException;
import dev.trellis.registry.SpecValidator;
import dev.trellis.registry.ValidatedSpec;

/**
 * The registry's spec validation: dispatches to the rules of each kind, works on a copy of the spec
 * (the caller's tree is never changed) and returns that copy with references pinned and defaults
 * filled in.
 *
 * <pre>{@code
 * SpecValidator validator = new KindSpecValidator();
 * ValidatedSpec v = validator.validate(Kind.MODELS, spec, lookup); // or RegistryValidationException
 * }</pre>
 */
public class KindSpecValidator implements SpecValidator {

	@Override
	public ValidatedSpec validate(Kind kind, JsonNode spec, ReferenceLookup lookup) {
		JsonNode copy = spec.deepCopy();
		SpecContext ctx = new SpecContext(lookup);
		switch (kind) {
			case MODELS -> ModelRules.check(copy, ctx);
			case PROMPTS -> PromptRules.check(copy, ctx);
			case TOOLS -> ToolRules.check(copy, ctx);
			case MEMORIES -> MemoryRules.check(copy, ctx);
			case GUARDRAILS -> GuardrailRules.check(copy, ctx);
			case AGENTS -> AgentRules.check(copy, ctx);
			case PIPELINES -> PipelineRules.check(copy, ctx);
		}
		if (ctx.hasProblems()) {
			throw new RegistryValidationException("The " + kind.singular() + " spec is not valid", ctx.problems());
		}
		return new ValidatedSpec(copy, ctx.references());
	}

}
