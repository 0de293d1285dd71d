#!/usr/bin/env bash
# Run once by the postgres container when it initialises an empty data volume
# (/docker-entrypoint-initdb.d): creates each service's runtime login, icjims_<schema>, with the
# password from ICJIMS_<SCHEMA>_DB_PASSWORD. The logins own nothing; the migrate service grants
# each one its service's privileges. On a volume created before this script, run the same
# CREATE ROLE statements by hand (docs/operations.md, "Database roles").
set -euo pipefail

for schema in case_registry procedural_steps probation analytics audit; do
  variable="ICJIMS_${schema^^}_DB_PASSWORD"
  password="${!variable:?$variable is not set}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v login="icjims_${schema}" -v password="$password" <<'SQL'
CREATE ROLE :"login" LOGIN PASSWORD :'password';
SQL
done
