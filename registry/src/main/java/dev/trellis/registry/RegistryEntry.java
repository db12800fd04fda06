package dev.trellis.registry;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.workflows.api.EntityVersion;

/**
 * One immutable version of a registry entity, as the API shows it. Only {@code deprecated} can
 * change over time, and it is kept outside the version itself.
 *
 * @param kind the entity kind
 * @param name the entity name, unique within its kind
 * @param version 1, 2, 3 ... per (kind, name)
 * @param digest {@code sha256:<hex>} of the canonical spec
 * @param spec the validated spec, references pinned to exact versions
 * @param description free text from the author ({@code ""} when none)
 * @param createdAt when the version was published
 * @param createdBy who published it
 * @param deprecated whether the version has been marked deprecated
 */
public record RegistryEntry(Kind kind, String name, int version, String digest, JsonNode spec, String description,
		Instant createdAt, String createdBy, boolean deprecated) {

	/** {@code kind/name@version}, the key of this entity in a run snapshot. */
	public String key() {
		return EntityVersion.key(kind.path(), name, version);
	}

	/** This version as a run snapshot carries it. */
	public EntityVersion toEntityVersion() {
		return new EntityVersion(kind.path(), name, version, digest, spec);
	}

}
