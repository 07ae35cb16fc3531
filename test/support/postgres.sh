#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and the benchmark: Debian's packages (installed when
# missing and this machine can), a new cluster in a temporary folder, on loopback only.
#   postgres.sh ensure        installs PostgreSQL from Debian's packages if it is missing
#   postgres.sh start         starts a cluster; prints `TEST_POSTGRES_URL=... TEST_POSTGRES_DIR=...`
#   postgres.sh stop DIR      stops that cluster and deletes its folder
set -euo pipefail

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; fi
}

# initdb and postgres refuse to run as root: run them as the packages' postgres user then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  ensure)
    if [ -n "$(bindir)" ]; then exit 0; fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "Installing PostgreSQL from Debian's packages for the tests…" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      # the packages' own cluster is not used (the tests start their own): keep it from starting
      mkdir -p /etc/postgresql-common
      echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
      apt-get install -y -qq postgresql >/dev/null
      exit 0
    fi
    echo "The PostgreSQL tests need PostgreSQL's server: sudo apt-get install postgresql (or set TEST_POSTGRES_URL)." >&2
    exit 1
    ;;
  start)
    bin=$(bindir)
    if [ -z "$bin" ]; then echo "PostgreSQL's server is not installed: run bash test/support/postgres.sh ensure" >&2; exit 1; fi
    dir=$(mktemp -d /tmp/quiz-pg.XXXXXX)
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    as_owner "$bin/initdb" -D "$dir/data" -U quiz --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # Loopback only, no Unix socket outside the folder. synchronous_commit=off is the durability
    # SQLite's WAL with synchronous=NORMAL gives (a process crash loses nothing committed), so the
    # benchmark compares like with like.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=400 -c synchronous_commit=off -c shared_buffers=256MB" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "TEST_POSTGRES_URL=postgresql://quiz@127.0.0.1:$port/postgres TEST_POSTGRES_DIR=$dir"
    ;;
  stop)
    dir="${2:?usage: postgres.sh stop DIR}"
    bin=$(bindir)
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: postgres.sh ensure | start | stop DIR" >&2
    exit 2
    ;;
esac
