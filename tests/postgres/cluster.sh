# Sourced: a throw-away PostgreSQL cluster for the tests, in a temporary folder, listening on
# a Unix socket in that folder only (no TCP port), stopped and removed by pg_throwaway_stop.
# PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` account the
# Debian package creates; otherwise as the account running the tests.
#
#   . tests/postgres/cluster.sh
#   pg_throwaway_start            # sets PGHOST (the socket folder), PGPORT, PGUSER, PGDATABASE
#   pg_install_poolbook "$top"   # the database poolbook, with journal.sql then governance.sql
#   psql -c 'select 1'
#   pg_throwaway_stop

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

# pg_as CMD...: runs CMD as the cluster's account.
pg_as() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_throwaway_start() {
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "PostgreSQL's server is not installed (apt-get install postgresql-15; scripts/test.sh does)" >&2
    return 1
  fi
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/poolbook-pg.XXXXXX")
  chmod 755 "$pg_dir"
  [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
  pg_as "$pg_bin/initdb" -D "$pg_dir/data" --auth=trust --username=poolbook_admin --encoding=UTF8 --locale=C.UTF-8 \
    >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; return 1; }
  pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$pg_dir' -c fsync=off -p 5432" start >/dev/null ||
    { cat "$pg_dir/server.log" >&2; return 1; }
  export PGHOST=$pg_dir PGPORT=5432 PGUSER=poolbook_admin PGDATABASE=postgres
}

# pg_install_poolbook SOURCE_DIR: the administrator's steps (docs/postgresql.md): the database
# poolbook, then ledger/store/pg/journal.sql and governance.sql, each in one transaction.
pg_install_poolbook() {
  psql -v ON_ERROR_STOP=1 -qX -c "CREATE DATABASE poolbook" >/dev/null
  local schema
  for schema in journal governance; do
    psql -v ON_ERROR_STOP=1 -qX --single-transaction -d poolbook -f "$1/ledger/store/pg/$schema.sql" >/dev/null
  done
}

pg_throwaway_stop() {
  [ -n "${pg_dir:-}" ] || return 0
  pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
  pg_dir=""
}
