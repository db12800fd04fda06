package dev.trellis.registry;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Export and import of the whole registry as one bundle document.
 *
 * <p>
 * An export lists kinds in dependency order, names sorted, versions ascending, keys sorted, so the
 * same registry always exports the same bytes and a bundle kept in git diffs cleanly. An import
 * validates everything first, then inserts in one transaction, keeping version numbers, digests,
 * descriptions, authors and dates: export, import into an empty registry and export again gives the
 * same bytes. Versions already present with the same digest are left alone, so importing twice
 * changes nothing; a different digest under an existing number fails the whole import with a
 * conflict.
 *
 * <pre>{@code
 * byte[] yaml = bundles.export(BundleFormat.YAML);
 * ImportResult r = otherRegistry.importBundle(yaml, BundleFormat.YAML, "ana");
 * }</pre>
 */
public class BundleService {

	private static final Comparator<Key> ORDER = Comparator.comparing(Key::kind, Kind.DEPENDENCY_ORDER)
		.thenComparing(Key::name)
		.thenComparingInt(Key::version);

	private final RegistryRepository repository;

	private final RegistryService registry;

	private final SpecValidator validator;

	private final TransactionTemplate transactions;

	BundleService(RegistryRepository repository, RegistryService registry, SpecValidator validator,
			TransactionTemplate transactions) {
		this.repository = repository;
		this.registry = registry;
		this.validator = validator;
		this.transactions = transactions;
	}

	private record Key(Kind kind, String name, int version) {

		@Override
		public String toString() {
			return kind.path() + "/" + name + "@" + version;
		}

	}

	/** A bundle version checked and ready to insert. */
	private record Prepared(Key key, String canonicalSpec, String digest, String description, Instant createdAt,
			String createdBy, boolean deprecated, List<Reference> references) {
	}

	/** Every version of every entity, as a bundle in {@code format}. */
	public byte[] export(BundleFormat format) {
		Map<Kind, Map<String, List<BundleCodec.Version>>> byKind = new TreeMap<>(Kind.DEPENDENCY_ORDER);
		List<RegistryEntry> all = new ArrayList<>(repository.all());
		all.sort(Comparator.comparing((RegistryEntry e) -> new Key(e.kind(), e.name(), e.version()), ORDER));
		for (RegistryEntry e : all) {
			byKind.computeIfAbsent(e.kind(), k -> new LinkedHashMap<>())
				.computeIfAbsent(e.name(), n -> new ArrayList<>())
				.add(new BundleCodec.Version(e.version(), e.digest(), e.description(), e.createdAt().toString(),
						e.createdBy(), e.deprecated(), e.spec()));
		}
		List<BundleCodec.Entity> entities = new ArrayList<>();
		byKind.forEach((kind, names) -> names
			.forEach((name, versions) -> entities.add(new BundleCodec.Entity(kind.path(), name, versions))));
		return BundleCodec.write(new BundleCodec.Document(BundleCodec.FORMAT, entities), format);
	}

	/**
	 * Imports a bundle, all or nothing.
	 * @param importer recorded as author of versions the bundle gives no author for, and as the one
	 * who deprecated versions the bundle marks deprecated
	 * @throws RegistryValidationException when the bundle or a spec in it is invalid (paths like
	 * {@code entities[2].versions[0].spec.temperature})
	 * @throws RegistryConflictException when an existing version number holds different content
	 */
	public ImportResult importBundle(byte[] content, BundleFormat format, String importer) {
		BundleCodec.Document document = BundleCodec.read(content, format);
		List<Prepared> prepared = prepare(document, importer);
		return transactions.execute(status -> apply(prepared, importer));
	}

	private List<Prepared> prepare(BundleCodec.Document document, String importer) {
		List<SpecProblem> problems = new ArrayList<>();
		if (!BundleCodec.FORMAT.equals(document.format())) {
			problems.add(new SpecProblem("format", "must be '" + BundleCodec.FORMAT + "'"));
		}
		List<BundleCodec.Entity> entities = document.entities() == null ? List.of() : document.entities();
		Map<Key, BundleCodec.Version> versions = new LinkedHashMap<>();
		Map<Key, String> paths = new HashMap<>();
		for (int i = 0; i < entities.size(); i++) {
			collect(entities.get(i), "entities[" + i + "]", versions, paths, problems);
		}
		throwIfAny(problems);
		ReferenceLookup lookup = union(registry.lookup(), versions.keySet());
		List<Prepared> prepared = new ArrayList<>();
		versions.forEach((key, v) -> {
			Prepared p = prepare(key, v, paths.get(key), lookup, importer, problems);
			if (p != null) {
				prepared.add(p);
			}
		});
		throwIfAny(problems);
		prepared.sort(Comparator.comparing(Prepared::key, ORDER));
		return prepared;
	}

	private static void collect(BundleCodec.Entity entity, String path, Map<Key, BundleCodec.Version> versions,
			Map<Key, String> paths, List<SpecProblem> problems) {
		Kind kind;
		try {
			kind = Kind.fromPath(entity.kind());
		}
		catch (RegistryNotFoundException e) {
			problems.add(new SpecProblem(path + ".kind", e.getMessage()));
			return;
		}
		if (entity.name() == null || !RegistryService.NAME.matcher(entity.name()).matches()) {
			problems.add(new SpecProblem(path + ".name", "is not a valid name"));
			return;
		}
		List<BundleCodec.Version> list = entity.versions() == null ? List.of() : entity.versions();
		if (list.isEmpty()) {
			problems.add(new SpecProblem(path + ".versions", "must list at least one version"));
		}
		for (int j = 0; j < list.size(); j++) {
			String vpath = path + ".versions[" + j + "]";
			BundleCodec.Version v = list.get(j);
			if (v.version() == null || v.version() < 1) {
				problems.add(new SpecProblem(vpath + ".version", "must be a positive integer"));
				continue;
			}
			Key key = new Key(kind, entity.name(), v.version());
			if (versions.putIfAbsent(key, v) != null) {
				problems.add(new SpecProblem(vpath + ".version", key + " appears twice in the bundle"));
			}
			paths.putIfAbsent(key, vpath);
		}
	}

	private Prepared prepare(Key key, BundleCodec.Version v, String path, ReferenceLookup lookup, String importer,
			List<SpecProblem> problems) {
		int before = problems.size();
		if (v.spec() == null || !v.spec().isObject()) {
			problems.add(new SpecProblem(path + ".spec", "must be a JSON object"));
			return null;
		}
		if (v.description() != null && v.description().length() > RegistryService.MAX_DESCRIPTION) {
			problems.add(new SpecProblem(path + ".description",
					"must be at most " + RegistryService.MAX_DESCRIPTION + " characters"));
		}
		Instant createdAt = null;
		if (v.createdAt() != null) {
			try {
				createdAt = Instant.parse(v.createdAt());
			}
			catch (DateTimeParseException e) {
				problems.add(new SpecProblem(path + ".createdAt", "must be an ISO-8601 instant"));
			}
		}
		ValidatedSpec validated;
		try {
			validated = validator.validate(key.kind(), v.spec(), lookup);
		}
		catch (RegistryValidationException e) {
			e.problems().forEach(p -> problems.add(new SpecProblem(path + "." + p.path(), p.message())));
			return null;
		}
		String canonical = CanonicalJson.write(validated.spec());
		String digest = CanonicalJson.digestOfText(canonical);
		if (v.digest() != null && !v.digest().equals(digest)) {
			problems.add(new SpecProblem(path + ".digest", "does not match the spec, whose digest is " + digest));
		}
		if (problems.size() > before) {
			return null;
		}
		String author = v.createdBy() == null || v.createdBy().isBlank() ? importer : v.createdBy();
		return new Prepared(key, canonical, digest, v.description() == null ? "" : v.description(), createdAt, author,
				Boolean.TRUE.equals(v.deprecated()), validated.references());
	}

	private ImportResult apply(List<Prepared> prepared, String importer) {
		// Lock every touched name in one global order first, so an import never deadlocks with
		// another import or a save, and numbers cannot be taken while it runs.
		prepared.stream()
			.map(p -> new Key(p.key().kind(), p.key().name(), 0))
			.distinct()
			.forEach(k -> repository.lockName(k.kind(), k.name()));
		List<String> created = new ArrayList<>();
		List<String> unchanged = new ArrayList<>();
		List<String> deprecated = new ArrayList<>();
		List<String> conflicts = new ArrayList<>();
		for (Prepared p : prepared) {
			Key k = p.key();
			var existing = repository.find(k.kind(), k.name(), k.version());
			if (existing.isPresent() && !existing.get().digest().equals(p.digest())) {
				conflicts.add(k + " already exists with digest " + existing.get().digest() + ", the bundle has "
						+ p.digest());
				continue;
			}
			if (existing.isPresent()) {
				unchanged.add(k.toString());
			}
			else {
				repository.insert(k.kind(), k.name(), k.version(), p.canonicalSpec(), p.digest(), p.description(),
						p.createdAt(), p.createdBy());
				repository.insertReferences(k.kind(), k.name(), k.version(), p.references());
				created.add(k.toString());
			}
			if (p.deprecated() && !(existing.isPresent() && existing.get().deprecated())) {
				repository.deprecate(k.kind(), k.name(), k.version(), importer);
				deprecated.add(k.toString());
			}
		}
		if (!conflicts.isEmpty()) {
			throw new RegistryConflictException("The bundle conflicts with the registry: " + String.join("; ", conflicts));
		}
		return new ImportResult(created, unchanged, deprecated);
	}

	/** Answers from the database and, for versions the bundle itself brings, from the bundle. */
	private static ReferenceLookup union(ReferenceLookup database, Set<Key> bundled) {
		Map<String, Integer> bundleLatest = new HashMap<>();
		Set<Key> present = new HashSet<>(bundled);
		for (Key k : bundled) {
			bundleLatest.merge(k.kind().path() + "/" + k.name(), k.version(), Math::max);
		}
		return new ReferenceLookup() {
			@Override
			public OptionalInt latest(Kind kind, String name) {
				Integer inBundle = bundleLatest.get(kind.path() + "/" + name);
				OptionalInt inDatabase = database.latest(kind, name);
				if (inBundle == null) {
					return inDatabase;
				}
				return OptionalInt.of(Math.max(inBundle, inDatabase.orElse(0)));
			}

			@Override
			public boolean exists(Kind kind, String name, int version) {
				return present.contains(new Key(kind, name, version)) || database.exists(kind, name, version);
			}
		};
	}

	private static void throwIfAny(List<SpecProblem> problems) {
		if (!problems.isEmpty()) {
			throw new RegistryValidationException("The bundle is not valid", problems);
		}
	}

}
