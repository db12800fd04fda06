package dev.trellis.registry;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * SQL for the registry tables. Versions are only ever inserted: the database refuses UPDATE and
 * DELETE on {@code registry_versions} and {@code registry_references}, so no method here could change
 * one. Callers own the transactions.
 */
final class RegistryRepository {

	private static final String SELECT_ENTRY = """
			SELECT v.kind, v.name, v.version, v.digest, v.spec, v.description, v.created_at, v.created_by,
			       d.version IS NOT NULL AS deprecated
			FROM registry_versions v
			LEFT JOIN registry_deprecations d ON d.kind = v.kind AND d.name = v.name AND d.version = v.version
			""";

	private static final RowMapper<RegistryEntry> ENTRY = (rs, row) -> new RegistryEntry(
			Kind.fromPath(rs.getString("kind")), rs.getString("name"), rs.getInt("version"), rs.getString("digest"),
			CanonicalJson.read(rs.getString("spec")), rs.getString("description"), instant(rs, "created_at"),
			rs.getString("created_by"), rs.getBoolean("deprecated"));

	private final JdbcTemplate jdbc;

	RegistryRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Optional<RegistryEntry> find(Kind kind, String name, int version) {
		return jdbc.query(SELECT_ENTRY + " WHERE v.kind = ? AND v.name = ? AND v.version = ?", ENTRY, kind.path(),
				name, version)
			.stream()
			.findFirst();
	}

	Optional<RegistryEntry> latest(Kind kind, String name) {
		return latestVersion(kind, name).stream().boxed().findFirst().flatMap(v -> find(kind, name, v));
	}

	/** The latest version of every name of {@code kind}, ordered by name. */
	List<RegistryEntry> latestOfEachName(Kind kind) {
		return jdbc.query(SELECT_ENTRY + """
				JOIN registry_entities e ON e.kind = v.kind AND e.name = v.name AND e.latest_version = v.version
				WHERE v.kind = ?
				ORDER BY v.name
				""", ENTRY, kind.path());
	}

	/** All versions of one name, newest first. */
	List<RegistryEntry> versions(Kind kind, String name) {
		return jdbc.query(SELECT_ENTRY + " WHERE v.kind = ? AND v.name = ? ORDER BY v.version DESC", ENTRY,
				kind.path(), name);
	}

	/** Every version of every entity, in no particular order. */
	List<RegistryEntry> all() {
		return jdbc.query(SELECT_ENTRY, ENTRY);
	}

	OptionalInt latestVersion(Kind kind, String name) {
		List<Integer> found = jdbc.queryForList(
				"SELECT latest_version FROM registry_entities WHERE kind = ? AND name = ? AND latest_version > 0",
				Integer.class, kind.path(), name);
		return found.isEmpty() ? OptionalInt.empty() : OptionalInt.of(found.get(0));
	}

	boolean exists(Kind kind, String name, int version) {
		return Boolean.TRUE.equals(jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM registry_versions WHERE kind = ? AND name = ? AND version = ?)",
				Boolean.class, kind.path(), name, version));
	}

	/**
	 * Takes the per-name lock for the rest of the transaction and returns the latest version number
	 * (0 when the name has none yet). Concurrent writers of the same name wait here, so numbering is
	 * strictly sequential without retries.
	 */
	int lockName(Kind kind, String name) {
		jdbc.update("INSERT INTO registry_entities (kind, name) VALUES (?, ?) ON CONFLICT DO NOTHING", kind.path(),
				name);
		Integer latest = jdbc.queryForObject(
				"SELECT latest_version FROM registry_entities WHERE kind = ? AND name = ? FOR UPDATE", Integer.class,
				kind.path(), name);
		return latest == null ? 0 : latest;
	}

	/**
	 * Inserts a version and moves the name's latest pointer forward. {@code createdAt} null means
	 * the database clock.
	 */
	RegistryEntry insert(Kind kind, String name, int version, String canonicalSpec, String digest,
			String description, Instant createdAt, String createdBy) {
		OffsetDateTime at = jdbc.queryForObject("""
				INSERT INTO registry_versions (kind, name, version, digest, spec, description, created_at, created_by)
				VALUES (?, ?, ?, ?, ?, ?, COALESCE(?::timestamptz, now()), ?)
				RETURNING created_at
				""", OffsetDateTime.class, kind.path(), name, version, digest, canonicalSpec, description,
				createdAt == null ? null : OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC), createdBy);
		jdbc.update(
				"UPDATE registry_entities SET latest_version = GREATEST(latest_version, ?) WHERE kind = ? AND name = ?",
				version, kind.path(), name);
		return new RegistryEntry(kind, name, version, digest, CanonicalJson.read(canonicalSpec), description,
				at.toInstant(), createdBy, false);
	}

	void insertReferences(Kind kind, String name, int version, List<Reference> references) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < references.size(); i++) {
			Reference r = references.get(i);
			rows.add(new Object[] { kind.path(), name, version, r.path(), i, r.kind().path(), r.name(), r.version() });
		}
		jdbc.batchUpdate("""
				INSERT INTO registry_references (from_kind, from_name, from_version, path, ordinal, to_kind, to_name, to_version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				""", rows);
	}

	/** The references a version pins, in document order. */
	List<Reference> references(Kind kind, String name, int version) {
		return jdbc.query("""
				SELECT path, to_kind, to_name, to_version FROM registry_references
				WHERE from_kind = ? AND from_name = ? AND from_version = ?
				ORDER BY ordinal
				""", (rs, row) -> new Reference(rs.getString("path"), Kind.fromPath(rs.getString("to_kind")),
				rs.getString("to_name"), rs.getInt("to_version")), kind.path(), name, version);
	}

	/** Marks a version deprecated; a second call keeps the first author and time. */
	void deprecate(Kind kind, String name, int version, String by) {
		jdbc.update("""
				INSERT INTO registry_deprecations (kind, name, version, deprecated_by) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING
				""", kind.path(), name, version, by);
	}

	/**
	 * Every version that pins {@code kind/name@version}, directly or through other versions. Each row
	 * carries the path of the reference inside the user's spec and the chain of entities in between
	 * (empty for a direct use). The reference graph is acyclic (a spec can only pin versions that
	 * existed before it), so the recursion ends.
	 */
	List<Usage> usages(Kind kind, String name, int version) {
		return jdbc.query("""
				WITH RECURSIVE users (kind, name, version, path, via) AS (
				    SELECT from_kind, from_name, from_version, path, ARRAY[]::text[]
				    FROM registry_references
				    WHERE to_kind = ? AND to_name = ? AND to_version = ?
				  UNION ALL
				    SELECT r.from_kind, r.from_name, r.from_version, r.path,
				           u.via || (u.kind || '/' || u.name || '@' || u.version)
				    FROM registry_references r
				    JOIN users u ON r.to_kind = u.kind AND r.to_name = u.name AND r.to_version = u.version
				)
				SELECT kind, name, version, path, via FROM users
				ORDER BY cardinality(via), kind, name, version, path
				""", (rs, row) -> new Usage(Kind.fromPath(rs.getString("kind")), rs.getString("name"),
				rs.getInt("version"), rs.getString("path"), strings(rs.getArray("via"))), kind.path(), name,
				version);
	}

	/** Every version reachable from {@code kind/name@version} through references, excluding itself. */
	List<RegistryEntry> closure(Kind kind, String name, int version) {
		return jdbc.query("""
				WITH RECURSIVE closure (kind, name, version) AS (
				    SELECT to_kind, to_name, to_version FROM registry_references
				    WHERE from_kind = ? AND from_name = ? AND from_version = ?
				  UNION
				    SELECT r.to_kind, r.to_name, r.to_version
				    FROM registry_references r
				    JOIN closure c ON r.from_kind = c.kind AND r.from_name = c.name AND r.from_version = c.version
				)
				""" + SELECT_ENTRY + """
				JOIN closure c ON c.kind = v.kind AND c.name = v.name AND c.version = v.version
				""", ENTRY, kind.path(), name, version);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static List<String> strings(Array array) throws SQLException {
		return List.of((String[]) array.getArray());
	}

}
