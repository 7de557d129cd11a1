#!/usr/bin/env bash
# with-postgres.sh CMD [ARGS...]: run CMD against a throwaway PostgreSQL server.
#
# The test suite runs every store test against SQLite and PostgreSQL, and neither CI nor a
# fresh checkout has a server running. This script makes one for the duration of CMD:
#
#   scripts/with-postgres.sh node --import tsx --test test/sweep.test.ts
#   scripts/with-postgres.sh psql            # poke at an empty server by hand
#
# (npm test already runs the whole suite under it.) CMD sees:
#   RUNNER_TEST_PG      postgresql://postgres@127.0.0.1:PORT/postgres (trust auth, superuser)
#   PGHOST, PGPORT, PGUSER   the same, for psql and friends
#   RUNNER_TEST_PG_DIR  the data directory, for fault tests:
#   RUNNER_TEST_PG_CTL  the full path of pg_ctl, e.g. (as the server's owner, see below)
#                       "$RUNNER_TEST_PG_CTL" restart -D "$RUNNER_TEST_PG_DIR" -m fast -w -l "$RUNNER_TEST_PG_LOG"
#                       (pass -l: without it the new postmaster keeps pg_ctl's stdout open,
#                       and a spawnSync that pipes it waits until the server stops)
#   RUNNER_TEST_PG_LOG  the server's log file
#   RUNNER_TEST_PG_OWNER  the user the server runs as: "postgres" when this script runs as
#                       root (initdb refuses root), else the current user
#
# When CMD ends, however it ends (including Ctrl-C or SIGTERM of this script), the server is
# stopped and its directory removed, and the script exits with CMD's exit code.
#
# If RUNNER_TEST_PG is already set, CMD just runs against that server instead (your own,
# long-running one: a database per test is created on it, so it needs CREATEDB rights).
# The other variables are then left as they are: fault tests that restart the server
# need RUNNER_TEST_PG_DIR and RUNNER_TEST_PG_CTL set by hand.
#
# The PostgreSQL binaries come from /usr/lib/postgresql/*/bin (highest version) or
# `pg_config --bindir`; when there are none and we are root (CI on a fresh Debian), the
# script installs the `postgresql` package first.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

if [[ -n "${RUNNER_TEST_PG:-}" ]]; then
  exec "$@"
fi

find_bindir() {
  local d found=""
  # Versions sort numerically (9.6 < 10 < 15) with sort -V; a client-only install has a
  # bin dir without initdb, so check for the server binaries themselves.
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V); do
    [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && found=$d
  done
  if [[ -z $found ]] && command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    [[ -n $d && -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && found=$d
  fi
  [[ -n $found ]] && printf '%s\n' "$found"
}

is_root=false
[[ $(id -u) -eq 0 ]] && is_root=true

bindir=$(find_bindir || true)
if [[ -z $bindir ]]; then
  if ! $is_root; then
    echo "with-postgres: no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin or pg_config --bindir; install them (Debian: sudo apt-get install -y postgresql), or set RUNNER_TEST_PG to a server URL" >&2
    exit 1
  fi
  echo "with-postgres: PostgreSQL not found; installing it with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  # apt's output would pollute CMD's stdout (TAP in CI): send it to stderr.
  { apt-get update && apt-get install -y postgresql; } >&2
  bindir=$(find_bindir || true)
  if [[ -z $bindir ]]; then
    echo "with-postgres: installed the postgresql package but still found no initdb/pg_ctl" >&2
    exit 1
  fi
fi
pg_ctl=$bindir/pg_ctl
version=$("$bindir/postgres" -V | sed -E 's/^[^0-9]*([0-9]+(\.[0-9]+)?).*/\1/')
major=${version%%.*}

if $is_root; then
  owner=postgres
  if ! id -u postgres >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
else
  owner=$(id -un)
fi

# Runs a server command as the server's owner. From the temp dir, because runuser keeps
# the cwd, and postgres cannot work from a cwd it cannot read (e.g. /root).
as_owner() {
  if $is_root; then
    (cd "$dir" && runuser -u postgres -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

dir=""
child=""
starting=false
interrupted=false
cleaning=false

cleanup() {
  local rc=$?
  $cleaning && return
  cleaning=true
  # A second Ctrl-C must not leave a half-stopped server behind.
  trap '' INT TERM HUP
  if [[ -n $child ]] && kill -0 "$child" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  if [[ -n $dir && -d $dir ]]; then
    if $starting; then
      # Interrupted while pg_ctl was starting the server: the postmaster (in a session of
      # its own, so the Ctrl-C may have missed it) may not have written its pid file yet.
      # It does within milliseconds of starting; if it died with pg_ctl, there is none.
      for _ in {1..10}; do
        [[ -f $dir/data/postmaster.pid ]] && break
        sleep 0.1
      done
    fi
    if [[ -f $dir/data/postmaster.pid ]]; then
      as_owner "$pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
  fi
  exit "$rc"
}

on_signal() { # $1: signal name, $2: the exit code a shell reports for it
  if [[ -n $child ]]; then
    # CMD runs in the background so that this trap runs now, not after CMD ends;
    # pass the signal on and keep waiting for CMD's exit code.
    interrupted=true
    kill -s "$1" "$child" 2>/dev/null || true
  else
    exit "$2"
  fi
}

trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
# HUP (terminal closed) is passed on as TERM: node's test runner stops its test processes
# on TERM but leaves them running on HUP.
trap 'on_signal TERM 129' HUP

# Directly under /tmp: mktemp's dir is mode 700, so it must not sit inside another
# root-only temp dir if the postgres user is to reach it. Short, too: the socket path
# (DIR/.s.PGSQL.PORT) must fit in 107 bytes.
dir=$(mktemp -d /tmp/with-postgres.XXXXXX)
if $is_root; then
  chown postgres: "$dir"
fi

# --no-locale: byte-order collation, like SQLite's default, and no dependency on the
# machine's locales; --no-sync and the -c settings below: durability is pointless here.
if ! as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$dir/initdb.out" 2>&1; then
  echo "with-postgres: initdb failed:" >&2
  cat "$dir/initdb.out" >&2
  exit 1
fi

# A random port below the kernel's ephemeral range (ip_local_port_range): a port from
# that range, as bind(0) hands out, can be taken at any moment as the source port of some
# outgoing connection, and then a fault test that stops the server and starts it again on
# its port fails to bind it.
free_port() {
  local low=32768 high port
  read -r low high 2>/dev/null </proc/sys/net/ipv4/ip_local_port_range || true
  if [[ $low -gt 11000 ]]; then
    for _ in {1..20}; do
      port=$((10000 + (RANDOM * 32768 + RANDOM) % (low - 10000)))
      # Something listens there already: pick again.
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
    done
    echo "$port"
  else
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  fi
}

# The port may still be taken between choosing it and the server binding it: then start
# fails with "Address already in use", and we try another one.
port=""
for attempt in 1 2 3 4 5; do
  port=$(free_port)
  rm -f "$dir/log"
  starting=true
  if as_owner "$pg_ctl" -w -t 30 -D "$dir/data" -l "$dir/log" \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null 2>&1; then
    starting=false
    break
  fi
  starting=false
  if [[ $attempt -lt 5 ]] && grep -qE 'could not bind|Address already in use|could not create any TCP/IP sockets|could not create lock file' "$dir/log" 2>/dev/null; then
    continue
  fi
  echo "with-postgres: the server did not start (port $port); its log:" >&2
  cat "$dir/log" >&2 2>/dev/null || true
  exit 1
done

echo "with-postgres: PostgreSQL $major on 127.0.0.1:$port ($dir)" >&2

export RUNNER_TEST_PG="postgresql://postgres@127.0.0.1:$port/postgres"
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres
export RUNNER_TEST_PG_DIR="$dir/data" RUNNER_TEST_PG_CTL="$pg_ctl" RUNNER_TEST_PG_LOG="$dir/log"
export RUNNER_TEST_PG_OWNER="$owner"
unset PGDATABASE PGPASSWORD PGSERVICE PGSSLMODE PGOPTIONS

# In the background, so a SIGTERM of this script is handled at once (bash defers traps
# until a foreground child ends). A background child of a non-interactive shell ignores
# SIGINT and reads /dev/null: restore both, so CMD behaves as if run in the foreground.
( trap - INT QUIT; exec "$@" ) <&0 &
child=$!
rc=0
while :; do
  interrupted=false
  wait "$child" && rc=0 || rc=$?
  $interrupted || break
  # A trapped signal interrupted wait (rc is then 128+signal). If CMD is still running,
  # wait again for its own exit code. If it has ended, keep rc: a second wait on a child
  # that bash reaped meanwhile returns -1 (bash 5.2), not the child's status.
  kill -0 "$child" 2>/dev/null || break
done
child=""
exit "$rc"
