package dev.trellis.pipeline;

/**
 * A reference from a node to a registry entity (an agent, a tool or a pipeline) by name and
 * version, as in {@code "agent": {"name": "researcher", "version": 2}}.
 *
 * <p>
 * A {@code null} version means {@code "latest"}; the registry pins it to a number when the
 * pipeline is saved, so a definition checked against an {@link EntityCatalog} must not contain
 * one.
 *
 * <pre>{@code
 * EntityRef ref = plan.node("research").agent();
 * if (ref.isPinned()) { loadAgent(ref.name(), ref.version()); }
 * }</pre>
 *
 * @param name the entity's registry name
 * @param version the pinned version ({@code >= 1}), or {@code null} for "latest"
 */
public record EntityRef(String name, Integer version) {

	/** Whether the reference names an exact version rather than "latest". */
	public boolean isPinned() {
		return this.version != null;
	}

	@Override
	public String toString() {
		return this.name + (isPinned() ? " v" + this.version : " (latest)");
	}

}
