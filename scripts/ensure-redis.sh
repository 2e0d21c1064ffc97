#!/usr/bin/env bash
# Make sure a Redis server answers on 127.0.0.1:$1; start one (no persistence) if none does.
set -euo pipefail
port="${1:-6379}"
ping() { (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3 | grep -q PONG) 2>/dev/null; }
if ping; then exit 0; fi
if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server not found; installing it from Debian's packages" >&2
  if [ "$(id -u)" = 0 ]; then (apt-get update -qq && apt-get install -y -qq redis-server) >&2; else
    echo "install redis-server (e.g. apt-get install redis-server) and retry" >&2; exit 1; fi
fi
redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
  --dir /tmp --logfile "/tmp/bundletrip-redis-$port.log"
for _ in $(seq 1 50); do ping && exit 0; sleep 0.1; done
echo "Redis did not start on port $port" >&2
exit 1
