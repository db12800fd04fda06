#!/bin/sh
# Creates the search attributes Trellis writes on its runs, in the namespace Trellis uses.
# Run once by the compose service `temporal-setup` (temporalio/admin-tools); safe to run again:
# an attribute that already exists is left alone.
set -eu

ns="${TEMPORAL_NAMESPACE:-default}"
attempts="${TEMPORAL_SETUP_ATTEMPTS:-90}"

# auto-setup registers the namespace shortly after the server reports SERVING.
i=0
until temporal operator namespace describe --namespace "$ns" >/dev/null 2>&1; do
	i=$((i + 1))
	if [ "$i" -ge "$attempts" ]; then
		echo "temporal-setup: namespace '$ns' did not appear at ${TEMPORAL_ADDRESS:-localhost:7233}" >&2
		exit 1
	fi
	echo "temporal-setup: waiting for namespace '$ns' ($i/$attempts)"
	sleep 2
done

existing="$(temporal operator search-attribute list --namespace "$ns")"
for spec in TrellisPipeline:Keyword TrellisPipelineVersion:Int TrellisStatus:Keyword TrellisStartedBy:Keyword; do
	name="${spec%%:*}"
	type="${spec#*:}"
	if printf '%s\n' "$existing" | awk -v n="$name" '$1 == n { found = 1 } END { exit !found }'; then
		echo "temporal-setup: search attribute $name exists"
	else
		temporal operator search-attribute create --namespace "$ns" --name "$name" --type "$type"
		echo "temporal-setup: created search attribute $name ($type)"
	fi
done
echo "temporal-setup: done"
