package dev.trellis.registry;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a spec against its kind's typed rules and pins its references. Implemented in
 * {@code dev.trellis.registry.spec}; the registry core only knows this port.
 *
 * <pre>{@code
 * ValidatedSpec v = validator.validate(Kind.AGENTS, spec, lookup);
 * v.spec().at("/model/version"); // 3, even when the request said "latest"
 * }</pre>
 */
public interface SpecValidator {

	/**
	 * Validates {@code spec} of {@code kind}.
	 * @return the spec to store and its references
	 * @throws RegistryValidationException naming every field at fault, with paths prefixed by
	 * {@code spec.}
	 */
	ValidatedSpec validate(Kind kind, JsonNode spec, ReferenceLookup lookup);

}
