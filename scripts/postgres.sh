#!/usr/bin/env bash
# A PostgreSQL server of the project's own, for the PostgreSQL store backend and its tests.
#
#   bash scripts/postgres.sh [start]   install Debian's postgresql if missing, make the cluster
#                                      (once), start it and print its URL (postgresql://…)
#   bash scripts/postgres.sh stop      stop it
#   bash scripts/postgres.sh status    say whether it runs (exit 0) or not (exit 3)
#   bash scripts/postgres.sh url       print the URL
#
# The cluster lives in .postgres/ (or $TILTAKSBANKEN_PGDATA), owned by a non-root user (the
# `postgres` system user when run as root, else the caller), and listens on 127.0.0.1 and a
# Unix socket in that folder, on a free port chosen once (kept in <folder>/port). Only local
# connections are accepted (trust authentication): it is a development and test server.
# TILTAKSBANKEN_PG_FSYNC=off (the test command sets it) trades crash safety for speed.
# Every command is idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

HOME_DIR=${TILTAKSBANKEN_PGDATA:-$PWD/.postgres}
DATA=$HOME_DIR/data
SOCKETS=$HOME_DIR/run
LOG=$HOME_DIR/server.log
DB=${TILTAKSBANKEN_PGDATABASE:-tiltaksbanken}
ROLE=tiltaksbanken

bin_dir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

install_postgres() {
  if [ -z "$(bin_dir)" ]; then
    echo "Installing Debian package postgresql" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  fi
}

# Run a PostgreSQL program as the cluster's owner (never as root: initdb refuses root).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port() {
  if [ ! -s "$HOME_DIR/port" ]; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
      >"$HOME_DIR/port"
  fi
  cat "$HOME_DIR/port"
}

url() {
  echo "postgresql://$ROLE@127.0.0.1:$(port)/$DB"
}

running() {
  local bin
  bin=$(bin_dir) || return 1
  [ -f "$DATA/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  install_postgres
  local bin
  bin=$(bin_dir)
  mkdir -p "$HOME_DIR" "$SOCKETS"
  port >/dev/null
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$HOME_DIR"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$DATA" -U "$ROLE" --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 >"$HOME_DIR/initdb.log" 2>&1 \
      || { cat "$HOME_DIR/initdb.log" >&2; exit 1; }
  fi
  if ! running; then
    as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-p $(port) -k $SOCKETS -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=${TILTAKSBANKEN_PG_FSYNC:-on}" \
      start >/dev/null || { tail -20 "$LOG" >&2; exit 1; }
  fi
  if ! as_owner "$bin/psql" -h "$SOCKETS" -p "$(port)" -U "$ROLE" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    as_owner "$bin/createdb" -h "$SOCKETS" -p "$(port)" -U "$ROLE" "$DB"
  fi
  url
}

case "${1:-start}" in
  start) start ;;
  stop)
    if running; then as_owner "$(bin_dir)/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; fi
    echo "stopped" ;;
  status)
    if running; then echo "running at $(url)"; else echo "not running"; exit 3; fi ;;
  url) url ;;
  *) echo "usage: $0 [start|stop|status|url]" >&2; exit 2 ;;
esac
