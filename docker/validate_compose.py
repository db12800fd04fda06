"""Checks of docker/compose.yaml that need no Docker engine (run by docker/validate.sh).

Usage: python validate_compose.py <docker dir> <repo root> <interpolated output .json>

1. Interpolates compose.yaml the way Compose does (${VAR}, ${VAR:-default}, ${VAR-default},
   ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt}, $VAR, $$) with the values of .env.example,
   required-but-empty secrets replaced by placeholders (as a filled-in .env would have them), and
   writes the result as JSON, for validation against the Compose schema by check-jsonschema.
2. .env.example lists every variable compose.yaml interpolates; in particular every one without a
   default (${VAR}, ${VAR:?...}).
3. Every TRELLIS_* name in compose.yaml, and every key of .env.example, is documented in README.md
   or docker/README.md.
4. The things `docker compose config` would catch beyond the schema, and the deployment rules of
   this stack: depends_on targets and their health checks, declared volumes, existing bind-mount
   sources and Dockerfile, a scalable worker (no host port, no container_name), a stop grace period
   longer than the worker's drain timeout, tagged images, distinct host ports.

Prints one line per problem and exits 1 when there is any.
"""

import json
import os
import re
import sys

import yaml

PLACEHOLDER = "validate-placeholder-value"
NAME = r"[A-Za-z_][A-Za-z0-9_]*"

problems = []


def problem(message):
    problems.append(message)


def parse_env_file(path):
    """A .env file as Compose reads it: KEY=VALUE lines, # comments, optional quotes."""
    values = {}
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("export "):
                line = line[len("export "):].lstrip()
            key, sep, value = line.partition("=")
            key = key.strip()
            if not sep or not re.fullmatch(NAME, key):
                problem(f"{os.path.basename(path)}:{number}: not a KEY=VALUE line: {raw.rstrip()}")
                continue
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            else:
                value = re.sub(r"\s+#.*$", "", value)
            if key in values:
                problem(f"{os.path.basename(path)}:{number}: {key} is defined twice")
            values[key] = value
    return values


class Interpolator:
    """Compose's interpolation grammar, recording every variable and how it is used."""

    def __init__(self, env):
        self.env = env
        self.used = {}  # name -> set of forms: "plain", "default", "required", "alt"

    def note(self, name, form):
        self.used.setdefault(name, set()).add(form)

    def expand(self, text, where):
        out = []
        i = 0
        while i < len(text):
            c = text[i]
            if c != "$":
                out.append(c)
                i += 1
                continue
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if nxt == "$":
                out.append("$")
                i += 2
            elif nxt == "{":
                end = self._closing_brace(text, i + 2, where)
                if end < 0:
                    return "".join(out) + text[i:]
                out.append(self._braced(text[i + 2:end], where))
                i = end + 1
            else:
                m = re.match(NAME, text[i + 1:])
                if m:
                    name = m.group(0)
                    self.note(name, "plain")
                    out.append(self.env.get(name, ""))
                    i += 1 + len(name)
                else:
                    problem(f"{where}: a lone '$' (write '$$' for a literal dollar): {text!r}")
                    out.append("$")
                    i += 1
        return "".join(out)

    @staticmethod
    def _closing_brace(text, start, where):
        depth = 1
        i = start
        while i < len(text):
            if text.startswith("${", i):
                depth += 1
                i += 2
                continue
            if text[i] == "}":
                depth -= 1
                if depth == 0:
                    return i
            i += 1
        problem(f"{where}: unclosed '${{' in {text!r}")
        return -1

    def _braced(self, body, where):
        m = re.match(NAME, body)
        if not m:
            problem(f"{where}: invalid variable reference '${{{body}}}'")
            return ""
        name = m.group(0)
        rest = body[len(name):]
        value = self.env.get(name)
        if rest == "":
            self.note(name, "plain")
            return value or ""
        for op, form in ((":-", "default"), ("-", "default"), (":?", "required"), ("?", "required"),
                         (":+", "alt"), ("+", "alt")):
            if rest.startswith(op):
                arg = self.expand(rest[len(op):], where)
                self.note(name, form)
                unset_or_empty = value is None or (op.startswith(":") and value == "")
                if form == "default":
                    return arg if unset_or_empty else value
                if form == "required":
                    if unset_or_empty:
                        problem(f"{where}: ${{{name}{op}...}} has no value: {arg}")
                        return ""
                    return value
                return "" if unset_or_empty else arg
        problem(f"{where}: unsupported modifier in '${{{body}}}'")
        return ""


def walk(node, interp, path):
    """Interpolates every string value (keys are left alone, as in Compose)."""
    if isinstance(node, dict):
        return {k: walk(v, interp, f"{path}.{k}") for k, v in node.items()}
    if isinstance(node, list):
        return [walk(v, interp, f"{path}[{i}]") for i, v in enumerate(node)]
    if isinstance(node, str):
        return interp.expand(node, path)
    return node


def duration_seconds(text):
    total = 0.0
    matched = False
    for amount, unit in re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", str(text)):
        matched = True
        total += float(amount) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]
    return total if matched else None


def environment_of(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def semantic_checks(compose, docker_dir):
    services = compose.get("services") or {}
    declared_volumes = set((compose.get("volumes") or {}).keys())
    for required in ("postgresql", "temporal", "temporal-setup", "temporal-ui", "redis", "gateway", "worker"):
        if required not in services:
            problem(f"compose.yaml: service '{required}' is missing")

    host_ports = {}
    for name, svc in services.items():
        where = f"services.{name}"
        image = svc.get("image")
        if not image:
            problem(f"{where}: no image")
        else:
            last = image.rsplit("/", 1)[-1]
            if ":" not in last or last.endswith(":latest"):
                problem(f"{where}: image '{image}' has no pinned tag")
        if "container_name" in svc:
            problem(f"{where}: container_name prevents scaling and parallel stacks; remove it")

        depends = svc.get("depends_on") or {}
        if isinstance(depends, list):
            depends = {d: {"condition": "service_started"} for d in depends}
        for target, spec in depends.items():
            if target not in services:
                problem(f"{where}.depends_on: unknown service '{target}'")
                continue
            condition = (spec or {}).get("condition", "service_started")
            tsvc = services[target]
            if condition == "service_healthy" and not tsvc.get("healthcheck") and "build" not in tsvc:
                problem(f"{where}.depends_on.{target}: service_healthy, but '{target}' has no healthcheck")
            if condition == "service_completed_successfully" and tsvc.get("restart") in ("always", "unless-stopped"):
                problem(f"{where}.depends_on.{target}: a one-shot service must not restart '{tsvc.get('restart')}'")

        for volume in svc.get("volumes") or []:
            if isinstance(volume, dict):
                source, vtype = volume.get("source"), volume.get("type")
            else:
                source, vtype = str(volume).split(":", 1)[0], None
            if not source:
                continue
            if source.startswith((".", "/")) or vtype == "bind":
                host = os.path.normpath(os.path.join(docker_dir, source))
                if not os.path.exists(host):
                    problem(f"{where}.volumes: bind-mount source '{source}' does not exist ({host})")
            elif source not in declared_volumes:
                problem(f"{where}.volumes: named volume '{source}' is not declared under top-level volumes")

        build = svc.get("build")
        if build:
            context = build if isinstance(build, str) else build.get("context", ".")
            dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
            path = os.path.normpath(os.path.join(docker_dir, context, dockerfile))
            if not os.path.isfile(path):
                problem(f"{where}.build: Dockerfile '{path}' does not exist")

        for port in svc.get("ports") or []:
            spec = str(port.get("published", "")) if isinstance(port, dict) else str(port)
            parts = spec.split(":")
            if isinstance(port, dict):
                published = spec
            elif len(parts) >= 2:
                published = parts[-2]
            else:
                published = ""
            if published:
                if published in host_ports:
                    problem(f"{where}.ports: host port {published} is also published by {host_ports[published]}")
                host_ports[published] = name

    worker = services.get("worker") or {}
    if worker:
        if worker.get("ports"):
            problem("services.worker: publishes a port; `--scale worker=N` would collide on the host port")
        replicas = (worker.get("deploy") or {}).get("replicas")
        if not isinstance(replicas, int) or replicas < 2:
            problem(f"services.worker.deploy.replicas: expected at least 2, found {replicas!r}")
        env = environment_of(worker)
        if env.get("TRELLIS_ROLE") != "worker":
            problem("services.worker: TRELLIS_ROLE must be 'worker'")
        drain = duration_seconds(env.get("TRELLIS_TEMPORAL_WORKER_DRAIN_TIMEOUT", "30s"))
        grace = duration_seconds(worker.get("stop_grace_period", "10s"))
        if drain is None or grace is None or grace < drain + 10:
            problem(f"services.worker: stop_grace_period ({worker.get('stop_grace_period', '10s')}) must exceed "
                    f"the drain timeout ({env.get('TRELLIS_TEMPORAL_WORKER_DRAIN_TIMEOUT', '30s')}) by 10s or more")
    gateway = services.get("gateway") or {}
    if gateway and environment_of(gateway).get("TRELLIS_ROLE") != "gateway":
        problem("services.gateway: TRELLIS_ROLE must be 'gateway'")

    ui_env = environment_of(services.get("temporal-ui") or {})
    if not str(ui_env.get("TEMPORAL_CODEC_ENDPOINT", "")).rstrip("/").endswith("/codec"):
        problem("services.temporal-ui: TEMPORAL_CODEC_ENDPOINT must point at the gateway's /codec")
    if str(ui_env.get("TEMPORAL_CODEC_PASS_ACCESS_TOKEN", "")).lower() != "true":
        problem("services.temporal-ui: TEMPORAL_CODEC_PASS_ACCESS_TOKEN must be true")
    temporal_env = environment_of(services.get("temporal") or {})
    if temporal_env.get("DB") != "postgres12":
        problem("services.temporal: DB must be postgres12 (PostgreSQL persistence)")


def main():
    docker_dir, repo_root, output = sys.argv[1], sys.argv[2], sys.argv[3]
    compose_path = os.path.join(docker_dir, "compose.yaml")
    env_example_path = os.path.join(docker_dir, ".env.example")

    with open(compose_path, encoding="utf-8") as f:
        compose_text = f.read()
    raw = yaml.safe_load(compose_text)
    env_example = parse_env_file(env_example_path)

    # A filled-in .env: the example's values, secrets left empty there replaced by placeholders.
    filled = {k: (v if v != "" else PLACEHOLDER) for k, v in env_example.items()}
    interp = Interpolator(filled)
    interpolated = walk(raw, interp, "compose.yaml")
    with open(output, "w", encoding="utf-8") as f:
        json.dump(interpolated, f, indent=1)

    for name, forms in sorted(interp.used.items()):
        if name not in env_example:
            without_default = forms & {"plain", "required"}
            kind = "without a default" if without_default else "with a default"
            problem(f".env.example: does not define {name}, which compose.yaml uses {kind}")

    docs = ""
    for doc in (os.path.join(repo_root, "README.md"), os.path.join(docker_dir, "README.md")):
        if os.path.isfile(doc):
            with open(doc, encoding="utf-8") as f:
                docs += f.read() + "\n"
    if not os.path.isfile(os.path.join(docker_dir, "README.md")):
        problem("docker/README.md is missing")
    for name in sorted(set(re.findall(r"\bTRELLIS_[A-Z0-9_]+\b", compose_text))):
        if not re.search(r"\b" + re.escape(name) + r"\b", docs):
            problem(f"{name} is used in compose.yaml but documented in neither README.md nor docker/README.md")
    docker_readme = open(os.path.join(docker_dir, "README.md"), encoding="utf-8").read() \
        if os.path.isfile(os.path.join(docker_dir, "README.md")) else ""
    for name in sorted(env_example):
        if not re.search(r"\b" + re.escape(name) + r"\b", docker_readme) and not (
                name.startswith("TRELLIS_") and re.search(r"\b" + re.escape(name) + r"\b", docs)):
            problem(f".env.example: {name} is not described in docker/README.md")

    semantic_checks(interpolated, docker_dir)

    for p in problems:
        print(f"  - {p}")
    if problems:
        sys.exit(1)
    print(f"  compose.yaml: {len(interpolated.get('services', {}))} services, "
          f"{len(interp.used)} variables, all defined in .env.example and documented")


if __name__ == "__main__":
    main()
