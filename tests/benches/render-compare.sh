#!/usr/bin/env bash
# Server-side render throughput of two builds of the server, measured in the
# same run and alternated (A, B, A, B, ...) so that the machine's own drift
# lands on both: docs/BENCHMARKS.md, "Release build".
#
#   tests/benches/render-compare.sh A_BIN A_SITE B_BIN B_SITE [ROUNDS]
#
# Each build serves the demo data from its own fresh SQLite file on a
# 127.0.0.1 port it picks itself, with "today" fixed, so both render the same pages. wrk
# (Debian's) sends GETs for 10 s per page and round, 1 thread, 4 connections,
# to loopback only. Prints requests/s per page, build and round, then the
# median of B/A per page.
set -euo pipefail
[ $# -ge 4 ] || { sed -n 2,12p "$0"; exit 2; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 2; }
a_bin=$(realpath "$1") a_site=$(realpath "$2") b_bin=$(realpath "$3") b_site=$(realpath "$4") rounds=${5:-3}
pages=(/fr /fr/parks /fr/parks/casanearshore /fr/balance)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# Each server starts on port 0 and the port is read from its "listening on" line.
listening_port() { sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$1" | head -n1; }
start() { # name bin site -> sets port_<name>
  local name=$1 bin=$2 site=$3 port=
  mkdir -p "$work/$name"
  (cd "$work/$name" && DATABASE_URL="sqlite://$work/$name/registry.db?mode=rwc" \
     TVR_ADDR="127.0.0.1:0" LEPTOS_SITE_ADDR="127.0.0.1:0" LEPTOS_SITE_ROOT="$site" \
     TVR_LOG=warn,server=info NO_COLOR=1 TVR_TODAY=2026-12-02 exec "$bin" serve >"$work/$name.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 300); do
    port=$(listening_port "$work/$name.log")
    [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/health" >/dev/null && break
    sleep 0.2
  done
  [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/health" >/dev/null || { cat "$work/$name.log"; exit 1; }
  printf -v "port_$name" '%s' "$port"
}
start a "$a_bin" "$a_site"
start b "$b_bin" "$b_site"
for p in "${pages[@]}"; do # warm up, and check that both answer 200
  for port in "$port_a" "$port_b"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$p")
    [ "$code" = 200 ] || { echo "$p answered $code on port $port"; exit 1; }
  done
done

rate() { wrk -t1 -c4 -d10s "http://127.0.0.1:$1$2" | awk '/Requests\/sec/ {print $2}'; }
declare -A ratios
printf '%-28s %5s %12s %12s %8s\n' page round "A req/s" "B req/s" "B/A"
for r in $(seq 1 "$rounds"); do
  for p in "${pages[@]}"; do
    ra=$(rate "$port_a" "$p"); rb=$(rate "$port_b" "$p")
    ratio=$(awk -v a="$ra" -v b="$rb" 'BEGIN { printf "%.3f", b / a }')
    ratios[$p]+="$ratio "
    printf '%-28s %5s %12s %12s %8s\n' "$p" "$r" "$ra" "$rb" "$ratio"
  done
done
echo
for p in "${pages[@]}"; do
  med=$(echo "${ratios[$p]}" | tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
  printf 'median B/A %-28s %s\n' "$p" "$med"
done
