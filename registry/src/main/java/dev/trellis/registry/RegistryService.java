package dev.trellis.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes and reads registry versions.
 *
 * <p>
 * Publishing validates the spec for its kind, pins every reference ({@code "latest"} becomes a
 * number), and stores it as version N+1 of its name, unless it is identical to the latest version,
 * which is then returned instead. Saves of one name are serialised by a row lock on the name's
 * counter row, so 50 concurrent saves get 50 consecutive numbers.
 *
 * <pre>{@code
 * SaveResult r = registry.save(Kind.MODELS, "gpt", spec, "cheaper default", "ana");
 * r.created();           // false when spec equals the latest version
 * r.entry().version();   // 1, 2, 3 ...
 * registry.version(Kind.MODELS, "gpt", 2).spec();
 * }</pre>
 */
public class RegistryService {

	/** Names appear in URLs and in snapshot keys ({@code kind/name@version}), so no '/' or '@'. */
	static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	static final int MAX_DESCRIPTION = 4000;

	private final RegistryRepository repository;

	private final SpecValidator validator;

	private final TransactionTemplate transactions;

	RegistryService(RegistryRepository repository, SpecValidator validator, TransactionTemplate transactions) {
		this.repository = repository;
		this.validator = validator;
		this.transactions = transactions;
	}

	/**
	 * Publishes {@code spec} as the next version of {@code kind/name}.
	 * @param description optional free text
	 * @param author the publishing user
	 * @return the new version ({@code created}), or the latest one when its spec is identical
	 * @throws RegistryValidationException for an invalid name, description or spec
	 */
	public SaveResult save(Kind kind, String name, JsonNode spec, String description, String author) {
		return publish(kind, name, spec, description, author, false);
	}

	/**
	 * Publishes {@code spec} as version 1 unless the name already has a version, which is then left as
	 * it is and returned. Used for what Trellis publishes at first start: safe when several processes
	 * start together, and never overrides what users published later.
	 */
	public SaveResult publishIfAbsent(Kind kind, String name, JsonNode spec, String description, String author) {
		return publish(kind, name, spec, description, author, true);
	}

	private SaveResult publish(Kind kind, String name, JsonNode spec, String description, String author,
			boolean onlyIfAbsent) {
		String text = checkEnvelope(name, spec, description);
		if (author == null || author.isBlank()) {
			throw new IllegalArgumentException("A version needs an author");
		}
		ValidatedSpec validated = validator.validate(kind, spec, lookup());
		String canonical = CanonicalJson.write(validated.spec());
		String digest = CanonicalJson.digestOfText(canonical);
		return transactions.execute(status -> {
			int latest = repository.lockName(kind, name);
			if (latest > 0) {
				RegistryEntry current = repository.find(kind, name, latest).orElseThrow();
				if (onlyIfAbsent || current.digest().equals(digest)) {
					return new SaveResult(current, false);
				}
			}
			RegistryEntry entry = repository.insert(kind, name, latest + 1, canonical, digest, text, null, author);
			repository.insertReferences(kind, name, entry.version(), validated.references());
			return new SaveResult(entry, true);
		});
	}

	/** Checks what surrounds the spec and returns the description to store. */
	private static String checkEnvelope(String name, JsonNode spec, String description) {
		List<SpecProblem> problems = new ArrayList<>();
		if (name == null || !NAME.matcher(name).matches()) {
			problems.add(new SpecProblem("name",
					"must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit"));
		}
		if (spec == null || !spec.isObject()) {
			problems.add(new SpecProblem("spec", "must be a JSON object"));
		}
		if (description != null && description.length() > MAX_DESCRIPTION) {
			problems.add(new SpecProblem("description", "must be at most " + MAX_DESCRIPTION + " characters"));
		}
		if (!problems.isEmpty()) {
			throw new RegistryValidationException("The request is not valid", problems);
		}
		return description == null ? "" : description;
	}

	/** The latest version of every name of {@code kind}, ordered by name. */
	public List<RegistryEntry> latest(Kind kind) {
		return repository.latestOfEachName(kind);
	}

	/**
	 * Every version of {@code kind/name}, newest first.
	 * @throws RegistryNotFoundException when the name has no version
	 */
	public List<RegistryEntry> versions(Kind kind, String name) {
		List<RegistryEntry> versions = repository.versions(kind, name);
		if (versions.isEmpty()) {
			throw new RegistryNotFoundException("No " + kind.singular() + " named '" + name + "'");
		}
		return versions;
	}

	/**
	 * One version.
	 * @throws RegistryNotFoundException when it does not exist
	 */
	public RegistryEntry version(Kind kind, String name, int version) {
		return repository.find(kind, name, version).orElseThrow(() -> notFound(kind, name, version));
	}

	/**
	 * The latest version of {@code kind/name}.
	 * @throws RegistryNotFoundException when the name has no version
	 */
	public RegistryEntry latestVersion(Kind kind, String name) {
		return repository.latest(kind, name)
			.orElseThrow(() -> new RegistryNotFoundException("No " + kind.singular() + " named '" + name + "'"));
	}

	/**
	 * What changed from version {@code from} to version {@code to} of one name: spec fields under
	 * {@code spec.} and the description under {@code description}.
	 */
	public SpecDiff diff(Kind kind, String name, int from, int to) {
		RegistryEntry a = version(kind, name, from);
		RegistryEntry b = version(kind, name, to);
		List<Change> changes = new ArrayList<>(JsonDiff.diff("spec", a.spec(), b.spec()));
		changes.addAll(JsonDiff.diff("description", TextNode.valueOf(a.description()),
				TextNode.valueOf(b.description())));
		return new SpecDiff(kind, name, from, to, changes);
	}

	/**
	 * Marks a version deprecated (idempotent). The version keeps working for everything pinned to it;
	 * the flag tells builders not to pick it for new work.
	 */
	public RegistryEntry deprecate(Kind kind, String name, int version, String by) {
		version(kind, name, version);
		repository.deprecate(kind, name, version, by);
		return version(kind, name, version);
	}

	/** A lookup answering from the database, as publishing sees it. */
	ReferenceLookup lookup() {
		return new ReferenceLookup() {
			@Override
			public OptionalInt latest(Kind kind, String name) {
				return repository.latestVersion(kind, name);
			}

			@Override
			public boolean exists(Kind kind, String name, int version) {
				return repository.exists(kind, name, version);
			}
		};
	}

	RegistryNotFoundException notFound(Kind kind, String name, int version) {
		OptionalInt latest = repository.latestVersion(kind, name);
		return new RegistryNotFoundException(latest.isEmpty() ? "No " + kind.singular() + " named '" + name + "'"
				: "No " + kind.singular() + " '" + name + "' version " + version + " (latest is " + latest.getAsInt()
						+ ")");
	}

}
