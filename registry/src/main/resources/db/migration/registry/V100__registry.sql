-- The registry: named entities of seven kinds, each with immutable numbered versions.

-- One row per (kind, name). It is the per-name lock and counter: a save locks this row
-- (SELECT ... FOR UPDATE), so concurrent saves of one name queue up and take consecutive numbers.
CREATE TABLE registry_entities (
    kind           text        NOT NULL,
    name           text        NOT NULL,
    latest_version integer     NOT NULL DEFAULT 0 CHECK (latest_version >= 0),
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, name),
    CONSTRAINT registry_entities_kind CHECK (kind IN ('agents', 'tools', 'models', 'prompts', 'memories', 'guardrails', 'pipelines')),
    CONSTRAINT registry_entities_name CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$')
);

-- The versions themselves. The spec is the canonical JSON text (sorted keys, no whitespace) and the
-- digest is computed over exactly these bytes, which the database checks on insert.
CREATE TABLE registry_versions (
    kind        text        NOT NULL,
    name        text        NOT NULL,
    version     integer     NOT NULL CHECK (version > 0),
    digest      text        NOT NULL,
    spec        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text        NOT NULL,
    PRIMARY KEY (kind, name, version),
    FOREIGN KEY (kind, name) REFERENCES registry_entities (kind, name),
    CONSTRAINT registry_versions_digest CHECK (digest = 'sha256:' || encode(sha256(convert_to(spec, 'UTF8')), 'hex')),
    CONSTRAINT registry_versions_spec_is_object CHECK (jsonb_typeof(spec::jsonb) = 'object')
);

-- Every pinned reference inside a version's spec (agent -> model, pipeline node -> agent, ...),
-- written with the version in the same transaction. "Where used", "upgrade available" and the run
-- snapshot closure read it instead of re-parsing specs. The foreign keys are deferred so an import
-- may insert versions in any order inside its transaction.
CREATE TABLE registry_references (
    from_kind    text    NOT NULL,
    from_name    text    NOT NULL,
    from_version integer NOT NULL,
    path         text    NOT NULL,
    ordinal      integer NOT NULL,
    to_kind      text    NOT NULL,
    to_name      text    NOT NULL,
    to_version   integer NOT NULL,
    PRIMARY KEY (from_kind, from_name, from_version, path),
    FOREIGN KEY (from_kind, from_name, from_version) REFERENCES registry_versions (kind, name, version)
        DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (to_kind, to_name, to_version) REFERENCES registry_versions (kind, name, version)
        DEFERRABLE INITIALLY DEFERRED
);

CREATE INDEX registry_references_target ON registry_references (to_kind, to_name, to_version);

-- Deprecation is advice about a version, not part of it, so it lives beside the immutable rows.
CREATE TABLE registry_deprecations (
    kind          text        NOT NULL,
    name          text        NOT NULL,
    version       integer     NOT NULL,
    deprecated_at timestamptz NOT NULL DEFAULT now(),
    deprecated_by text        NOT NULL,
    PRIMARY KEY (kind, name, version),
    FOREIGN KEY (kind, name, version) REFERENCES registry_versions (kind, name, version)
);

-- Versions and their references never change and never disappear, whoever asks: not the
-- application, not an operator with psql. Pipelines pinned to a version rely on it.
CREATE FUNCTION registry_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'registry versions are immutable: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation',
              HINT = 'Publish a new version instead.';
END;
$$;

CREATE TRIGGER registry_versions_immutable
    BEFORE UPDATE OR DELETE ON registry_versions
    FOR EACH ROW EXECUTE FUNCTION registry_refuse_change();

CREATE TRIGGER registry_versions_no_truncate
    BEFORE TRUNCATE ON registry_versions
    FOR EACH STATEMENT EXECUTE FUNCTION registry_refuse_change();

CREATE TRIGGER registry_references_immutable
    BEFORE UPDATE OR DELETE ON registry_references
    FOR EACH ROW EXECUTE FUNCTION registry_refuse_change();

CREATE TRIGGER registry_references_no_truncate
    BEFORE TRUNCATE ON registry_references
    FOR EACH STATEMENT EXECUTE FUNCTION registry_refuse_change();
