#!/bin/sh
# One-shot schema setup (temporalio/admin-tools image), replacing the deprecated temporalio/auto-setup image:
# creates the two databases on first start, and brings both schemas to this server version on every start
# (update-schema is idempotent, so an upgrade of the image tags migrates an existing volume in place).
set -eu
until nc -z -w 5 postgresql 5432; do echo "waiting for postgresql..."; sleep 2; done
tool() { temporal-sql-tool --plugin postgres12 --ep postgresql -p 5432 -u "$POSTGRES_USER" --pw "$POSTGRES_PWD" "$@"; }
for db in temporal temporal_visibility; do
  if tool --db "$db" create; then
    tool --db "$db" setup-schema -v 0.0
  fi
done
tool --db temporal update-schema -d /etc/temporal/schema/postgresql/v12/temporal/versioned
tool --db temporal_visibility update-schema -d /etc/temporal/schema/postgresql/v12/visibility/versioned
