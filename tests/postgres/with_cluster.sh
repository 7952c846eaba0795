#!/usr/bin/env bash
# Runs a command against poolbook's PostgreSQL schema in a throw-away cluster
# (cluster.sh): the database `poolbook` with ledger/store/pg/journal.sql and then
# governance.sql installed as docs/postgresql.md says, two login roles (poolbook_test, a
# writer; poolbook_viewer, a reader), and POOLBOOK_TEST_POSTGRES set to the cluster's socket
# folder, which the store tests read (tests/unit/store_backend.hpp). The cluster is stopped
# and removed afterwards.
#
#   tests/postgres/with_cluster.sh SOURCE_DIR build/tests/ledger_tests "[store]~[sqlite],[postgres]"
set -euo pipefail
top=$(cd "$1" && pwd)
shift
. "$top/tests/postgres/cluster.sh"
trap pg_throwaway_stop EXIT
pg_throwaway_start
pg_install_poolbook "$top"
psql -v ON_ERROR_STOP=1 -qX -d poolbook >/dev/null <<'SQL'
CREATE ROLE poolbook_test LOGIN IN ROLE poolbook_writer;
CREATE ROLE poolbook_viewer LOGIN IN ROLE poolbook_reader;
SQL
export POOLBOOK_TEST_POSTGRES=$PGHOST
"$@"
