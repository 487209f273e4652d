#!/usr/bin/env bash
# `make serve`: Varnish on $HOST:$PORT in front of gunicorn on 127.0.0.1:$BACKEND_PORT, both in
# the foreground of this script; Ctrl-C (or either one exiting) stops both.
#
#   HOST=127.0.0.1 PORT=8000 BACKEND_PORT=8001 VENV=.venv deploy/serve.sh
#
# Django's settings come from the environment (the Makefile's: newsroom.settings.serve). Django
# purges Varnish's pages through NEWSROOM_PURGE_URLS, set here to this Varnish, and written,
# while Varnish serves, to the checkout's serve file (.env.serve, or NEWSROOM_SERVE_FILE), which
# every other process of the checkout reads (newsroom/settings/stack.py): the shell, imports,
# link checks and `make run`'s admin purge this Varnish too.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
BACKEND_PORT="${BACKEND_PORT:-8001}"
VENV="${VENV:-.venv}"
VARNISH_MEMORY="${VARNISH_MEMORY:-256m}"
SERVE_FILE="${NEWSROOM_SERVE_FILE:-$PWD/.env.serve}"

if ! command -v varnishd >/dev/null; then
    echo "make serve needs Varnish and its modules: sudo apt-get install -y varnish varnish-modules" >&2
    exit 1
fi

# One `make serve` per checkout: a second would take the first one's address away.
if [ -f "$SERVE_FILE" ]; then
    running="$(sed -n 's/^NEWSROOM_SERVE_PID=//p' "$SERVE_FILE")"
    if [ -n "$running" ] && kill -0 "$running" 2>/dev/null; then
        echo "make serve already runs here (process $running, $(sed -n 's/^NEWSROOM_PURGE_URLS=//p' "$SERVE_FILE")): stop it first." >&2
        exit 1
    fi
fi

work="$(mktemp -d -t newsroom-serve.XXXXXX)"
chmod 755 "$work"  # varnishd's worker process runs as its own user and reads from here
# Varnish's working folder (its -n), which varnishlog, varnishstat and varnishadm read.
VARNISH_NAME="${VARNISH_NAME:-$work/varnish}"
gunicorn_pid=""
varnish_pid=""

stop() {
    trap - INT TERM EXIT
    # Only this run's file: the checkout's processes stop purging a Varnish that is gone.
    if [ -n "$varnish_pid" ] && grep -qx "NEWSROOM_SERVE_PID=$varnish_pid" "$SERVE_FILE" 2>/dev/null; then
        rm -f "$SERVE_FILE"
    fi
    [ -n "$varnish_pid" ] && kill "$varnish_pid" 2>/dev/null || true
    [ -n "$gunicorn_pid" ] && kill "$gunicorn_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap stop INT TERM EXIT

# The repository's VCL with this run's backend port.
sed -E "s/^(\s*\.port = )\"8001\";/\1\"$BACKEND_PORT\";/" deploy/varnish/newsroom.vcl >"$work/newsroom.vcl"

case "$HOST" in
    0.0.0.0 | "::" | "[::]") purge_host=127.0.0.1 ;;
    *) purge_host="$HOST" ;;
esac
export NEWSROOM_PURGE_URLS="http://$purge_host:$PORT/"

"$VENV/bin/gunicorn" --config newsroom/gunicorn.conf.py \
    --bind "127.0.0.1:$BACKEND_PORT" newsroom.wsgi:application &
gunicorn_pid=$!

varnishd -F -a "$HOST:$PORT" -f "$work/newsroom.vcl" -n "$VARNISH_NAME" \
    -s "malloc,$VARNISH_MEMORY" &
varnish_pid=$!

# Varnish answers (its own synthetic 403 to a PURGE from elsewhere is enough): say so to the
# checkout's other processes, written whole then moved into place.
for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/$purge_host/$PORT") 2>/dev/null; then
        break
    fi
    kill -0 "$varnish_pid" 2>/dev/null || break
    sleep 0.1
done
printf '# Written by `make serve` while its Varnish serves; deleted when it stops.\nNEWSROOM_PURGE_URLS=%s\nNEWSROOM_SERVE_PID=%s\n' \
    "$NEWSROOM_PURGE_URLS" "$varnish_pid" >"$SERVE_FILE.tmp"
mv "$SERVE_FILE.tmp" "$SERVE_FILE"

echo "Site:  http://$purge_host:$PORT/"
echo "Admin: http://$purge_host:$PORT/admin/"
echo "Varnish on $HOST:$PORT in front of gunicorn on 127.0.0.1:$BACKEND_PORT; every process of this"
echo "checkout purges it while it runs ($SERVE_FILE). Ctrl-C stops both."
echo "Varnish's log: varnishlog -n $VARNISH_NAME"
# Whichever stops first, the other is stopped too (the trap).
wait -n "$gunicorn_pid" "$varnish_pid" || true
