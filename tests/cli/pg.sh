# tests/cli/pg.sh — a throw-away PostgreSQL server for the tests (sourced
# after lib.sh): pg_start makes a cluster with initdb in a temporary folder,
# listening only on a Unix socket there, and sets PG_URL; pg_stop (run on
# exit) stops it and removes the folder. As root the server runs as the
# postgres user, as PostgreSQL requires. Missing binaries fail the test:
# scripts/deps installs them, nothing is skipped.
pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

pg_as() { # run a server command as the cluster's owner
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  PG_BIN=$(pg_bin) || { failed "PostgreSQL server binaries" "none under /usr/lib/postgresql (scripts/deps installs postgresql)"; return 1; }
  PG_DIR=$(mktemp -d /tmp/bloc-pg-XXXXXX)
  chmod 755 "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U bloc -A trust -E UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 ||
    { failed "initdb" "$(tail -5 "$PG_DIR/initdb.log")"; return 1; }
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $PG_DIR -c fsync=off" start >/dev/null 2>&1 ||
    { failed "pg_ctl start" "$(tail -5 "$PG_DIR/server.log")"; return 1; }
  trap 'pg_stop' EXIT
  PG_URL="postgresql://bloc@/postgres?host=$PG_DIR"
  export PG_URL PG_DIR PG_BIN
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$PG_DIR"
  PG_DIR=
}

pg_sql() { # psql against the test server, unaligned, tuples only
  psql -X -q -A -t -v ON_ERROR_STOP=1 "$PG_URL" -c "$1"
}
