#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: a fresh cluster in a temp dir, listening on
# 127.0.0.1 on a free port, with a login role `keyfob` (password, CREATEDB). The command gets
#   KEYFOB_TEST_POSTGRES_URL=postgres://keyfob:<password>@127.0.0.1:<port>/postgres
# The cluster is stopped and its dir removed when the script exits, however it exits; the exit
# status is the command's.
#
#   scripts/with-postgres.sh cargo test -p keyfob-server
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi

say() { echo "with-postgres: $*" >&2; }

# Debian keeps the server binaries in /usr/lib/postgresql/<version>/bin, off PATH: take the
# newest version there, else an initdb on PATH (another system's layout).
find_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
    return
  fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dir=$(dirname "$(readlink -f "$(command -v initdb)")")
    [ -x "$dir/pg_ctl" ] && echo "$dir"
  fi
}

install_postgres() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo -n)
    else
      say "PostgreSQL is not installed and installing it needs root"
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "PostgreSQL is not installed and there is no apt-get to install it"
    exit 1
  fi
  say "installing PostgreSQL (Debian's postgresql package)"
  # Another apt may be running: wait for its lock instead of failing.
  local apt=(${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600)
  if ! "${apt[@]}" install -y --no-install-recommends postgresql >&2; then
    # Stale or missing package lists: refresh them once and try again.
    "${apt[@]}" update >&2
    "${apt[@]}" install -y --no-install-recommends postgresql >&2
  fi
}

bindir=$(find_bindir)
if [ -z "$bindir" ]; then
  install_postgres
  bindir=$(find_bindir)
fi
if [ -z "$bindir" ]; then
  say "no initdb/pg_ctl found even after installing PostgreSQL"
  exit 1
fi

# PostgreSQL refuses to run as root: then the cluster belongs to the `postgres` system user.
if [ "$(id -u)" -eq 0 ]; then
  cluster_user=postgres
  if ! id -u "$cluster_user" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin "$cluster_user"
  fi
else
  cluster_user=$(id -un)
fi

# Runs a command as the cluster's user, from inside the temp dir (root's working directory may
# be closed to that user).
as_cluster_user() {
  if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null 2>&1; then
      (cd "$workdir" && runuser -u "$cluster_user" -- "$@")
    else
      (cd "$workdir" && su -s /bin/bash "$cluster_user" -c "$(printf '%q ' "$@")")
    fi
  else
    (cd "$workdir" && "$@")
  fi
}

# In /tmp, not $TMPDIR: the cluster's user must reach it, and the socket path must stay short.
workdir=$(mktemp -d /tmp/keyfob-pg.XXXXXX)
datadir="$workdir/data"
cluster_started=
child=

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$cluster_started" ]; then
    as_cluster_user "$bindir/pg_ctl" stop -D "$datadir" -m immediate -s >/dev/null 2>&1 || true
  fi
  rm -rf "$workdir"
  exit "$status"
}
# A signal while the command runs: pass it on to the command, give the command ten seconds to
# end, then clean up through the EXIT trap.
on_signal() {
  local signal=$1 code=$2
  trap '' INT TERM
  if [ -n "$child" ]; then
    kill "-$signal" "$child" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$child" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM

if [ "$cluster_user" != "$(id -un)" ]; then
  chown "$cluster_user": "$workdir"
fi
chmod 700 "$workdir"

# C.UTF-8 where the system has it, so lower() and upper() know letters beyond ASCII.
locale_option=--no-locale
if grep -qiE '^c\.utf-?8$' <<<"$(locale -a 2>/dev/null || true)"; then
  locale_option=--locale=C.UTF-8
fi
as_cluster_user "$bindir/initdb" -D "$datadir" -U postgres --auth=trust --encoding=UTF8 \
  "$locale_option" >"$workdir/initdb.log" 2>&1 || {
  say "initdb failed:"
  cat "$workdir/initdb.log" >&2
  exit 1
}

password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')

# Local socket connections (the cluster's own user, setting up) are trusted; TCP, which the
# command uses, needs the password.
as_cluster_user sh -c 'cat > "$1"' sh "$datadir/pg_hba.conf" <<'EOF'
local all all                trust
host  all all 127.0.0.1/32   scram-sha-256
EOF

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  say "no free TCP port found"
  exit 1
}

# The port may be taken between choosing and binding it: then try another.
port=
for _ in 1 2 3 4 5; do
  candidate=$(free_port)
  # A throwaway test cluster: durability is worth nothing here, so fsync, synchronous commit and
  # full-page writes are off for speed. A crash loses the cluster, which nobody keeps anyway.
  # KEYFOB_PG_DURABLE=1 keeps PostgreSQL's defaults, for benchmarks that a deployment would match.
  speed="fsync = off
synchronous_commit = off
full_page_writes = off"
  [ "${KEYFOB_PG_DURABLE:-}" = 1 ] && speed=
  as_cluster_user sh -c 'cat > "$1"' sh "$datadir/postgresql.auto.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $candidate
unix_socket_directories = '$workdir'
max_connections = 300
$speed
EOF
  cluster_started=1
  if as_cluster_user "$bindir/pg_ctl" start -D "$datadir" -l "$workdir/server.log" -w -t 60 -s \
    >/dev/null 2>&1; then
    port=$candidate
    break
  fi
  as_cluster_user "$bindir/pg_ctl" stop -D "$datadir" -m immediate -s >/dev/null 2>&1 || true
  cluster_started=
done
if [ -z "$port" ]; then
  say "the PostgreSQL server did not start:"
  cat "$workdir/server.log" >&2 2>/dev/null || true
  exit 1
fi

# Since PostgreSQL 15 only a database's owner may create tables in its public schema: keyfob may
# in `postgres` too, so the URL works as it is for quick checks (the tests make their own).
as_cluster_user "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$workdir" -p "$port" -U postgres \
  -d postgres >/dev/null <<EOF
CREATE ROLE keyfob LOGIN CREATEDB PASSWORD '$password';
GRANT CREATE ON SCHEMA public TO keyfob;
EOF

version=$(as_cluster_user "$bindir/psql" -X -At -h "$workdir" -p "$port" -U postgres -d postgres \
  -c 'SHOW server_version')
say "PostgreSQL $version up on 127.0.0.1:$port (throwaway cluster in $workdir)"

export KEYFOB_TEST_POSTGRES_URL="postgres://keyfob:$password@127.0.0.1:$port/postgres"

# The command runs in the background and the script waits for it, so a TERM or INT sent to the
# script is handled at once (bash defers traps until a foreground command ends). Bash starts a
# background command with stdin from /dev/null and INT and QUIT ignored: hand it the script's
# stdin (if it has one), and give it back the default INT and QUIT (so Ctrl-C reaches it and its children) where
# env can.
restore_signals=()
if env --default-signal=INT,QUIT true >/dev/null 2>&1; then
  restore_signals=(env '--default-signal=INT,QUIT')
fi
if (exec 4<&0) 2>/dev/null; then
  exec 3<&0
else
  exec 3</dev/null
fi
set +e
${restore_signals[@]+"${restore_signals[@]}"} "$@" <&3 3<&- &
child=$!
wait "$child"
status=$?
set -e
child=
exit "$status"
