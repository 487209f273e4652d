#!/usr/bin/env bash
# `make serve`: Varnish on $HOST:$PORT in front of gunicorn on 127.0.0.1:$BACKEND_PORT, both in
# the foreground of this script; Ctrl-C (or either one exiting) stops both.
#
#   HOST=127.0.0.1 PORT=8000 BACKEND_PORT=8001 VENV=.venv deploy/serve.sh
#
# Django's settings come from the environment (the Makefile's production settings). Django
# purges Varnish's pages through NEWSROOM_PURGE_URLS, set here to this Varnish.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
BACKEND_PORT="${BACKEND_PORT:-8001}"
VENV="${VENV:-.venv}"
VARNISH_MEMORY="${VARNISH_MEMORY:-256m}"

if ! command -v varnishd >/dev/null; then
    echo "make serve needs Varnish and its modules: sudo apt-get install -y varnish varnish-modules" >&2
    exit 1
fi

work="$(mktemp -d -t newsroom-serve.XXXXXX)"
chmod 755 "$work"  # varnishd's worker process runs as its own user and reads from here
gunicorn_pid=""
varnish_pid=""

stop() {
    trap - INT TERM EXIT
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

varnishd -F -a "$HOST:$PORT" -f "$work/newsroom.vcl" -n "$work/varnish" \
    -s "malloc,$VARNISH_MEMORY" &
varnish_pid=$!

echo "Varnish on http://$HOST:$PORT/ in front of gunicorn on 127.0.0.1:$BACKEND_PORT; Ctrl-C stops both."
# Whichever stops first, the other is stopped too (the trap).
wait -n "$gunicorn_pid" "$varnish_pid" || true
