package dev.trellis.pipeline;

/** Checks that every entity a node references exists at a pinned version. */
final class CatalogChecker {

	private final EntityCatalog catalog;

	private final Fields fields;

	CatalogChecker(EntityCatalog catalog, Fields fields) {
		this.catalog = catalog;
		this.fields = fields;
	}

	void check(ParsedDefinition definition) {
		for (ParsedNode node : definition.nodes()) {
			check(node.agent(), EntityCatalog.AGENTS, "agent", node.path() + ".agent");
			check(node.tool(), EntityCatalog.TOOLS, "tool", node.path() + ".tool");
			check(node.pipeline(), EntityCatalog.PIPELINES, "pipeline", node.path() + ".pipeline");
		}
	}

	private void check(EntityRef ref, String kind, String noun, String path) {
		if (ref == null) {
			return;
		}
		if (!ref.isPinned()) {
			this.fields.error(path + ".version", "\"latest\" must be pinned to a version number before " + noun + " '"
					+ ref.name() + "' can be checked; runs only use pinned versions");
		}
		else if (!this.catalog.exists(kind, ref.name(), ref.version())) {
			this.fields.error(path, noun + " '" + ref.name() + "' version " + ref.version() + " does not exist");
		}
	}

}
