package dev.trellis.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * "Where used" and "upgrade available", read from the reference rows written with each version.
 *
 * <pre>{@code
 * usages.usages(Kind.MODELS, "local-smollm2", 1).pipelines(); // content-pipeline@1 via agents/writer@1 ...
 * usages.upgrades(Kind.PIPELINES, "content-pipeline", 1);      // [Upgrade[path=nodes[0].agent, ...]]
 * }</pre>
 */
public class UsageService {

	private final RegistryRepository repository;

	private final RegistryService registry;

	UsageService(RegistryRepository repository, RegistryService registry) {
		this.repository = repository;
		this.registry = registry;
	}

	/**
	 * Who pins a version.
	 * @param kind the kind of the version asked about
	 * @param name its name
	 * @param version its number
	 * @param usedBy versions that reference it directly, whatever their kind
	 * @param pipelines pipeline versions that reference it directly or through agents and subpipelines,
	 * one entry per pipeline version (the shortest chain)
	 */
	public record Usages(Kind kind, String name, int version, List<Usage> usedBy, List<Usage> pipelines) {
	}

	/**
	 * The pinned references of a version that have newer versions available.
	 * @param upgrades in the order the references appear in the spec
	 */
	public record Upgrades(Kind kind, String name, int version, List<Upgrade> upgrades) {
	}

	/**
	 * Who pins {@code kind/name@version}.
	 * @throws RegistryNotFoundException when the version does not exist
	 */
	public Usages usages(Kind kind, String name, int version) {
		registry.version(kind, name, version);
		List<Usage> all = repository.usages(kind, name, version);
		List<Usage> direct = all.stream().filter(u -> u.via().isEmpty()).toList();
		// Rows come shortest chain first, so the first row of each pipeline version is the one to keep.
		Map<String, Usage> pipelines = new LinkedHashMap<>();
		for (Usage u : all) {
			if (u.kind() == Kind.PIPELINES) {
				pipelines.putIfAbsent(u.name() + "@" + u.version(), u);
			}
		}
		List<Usage> sorted = new ArrayList<>(pipelines.values());
		sorted.sort(Comparator.comparing(Usage::name).thenComparing(Usage::version, Comparator.reverseOrder()));
		return new Usages(kind, name, version, direct, sorted);
	}

	/**
	 * The references of {@code kind/name@version} pinned below their latest version; for a pipeline,
	 * what the canvas badges "upgrade available".
	 * @throws RegistryNotFoundException when the version does not exist
	 */
	public Upgrades upgrades(Kind kind, String name, int version) {
		registry.version(kind, name, version);
		List<Upgrade> upgrades = new ArrayList<>();
		for (Reference r : repository.references(kind, name, version)) {
			OptionalInt latest = repository.latestVersion(r.kind(), r.name());
			if (latest.isPresent() && latest.getAsInt() > r.version()) {
				upgrades.add(new Upgrade(r.path(), r.kind(), r.name(), r.version(), latest.getAsInt()));
			}
		}
		return new Upgrades(kind, name, version, upgrades);
	}

}
