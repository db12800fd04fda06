#!/bin/sh
# First start of an empty PostgreSQL volume (docker-entrypoint-initdb.d): the Trellis role and
# database. Temporal's databases are created by temporalio/auto-setup.
set -eu

: "${TRELLIS_DB_USER:?TRELLIS_DB_USER is not set}"
: "${TRELLIS_DB_PASSWORD:?TRELLIS_DB_PASSWORD is not set}"

# psql variables (:"ident", :'literal') quote the values, whatever characters they hold.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
	-v trellis_user="$TRELLIS_DB_USER" -v trellis_password="$TRELLIS_DB_PASSWORD" <<'SQL'
CREATE ROLE :"trellis_user" LOGIN PASSWORD :'trellis_password';
CREATE DATABASE trellis OWNER :"trellis_user";
SQL
