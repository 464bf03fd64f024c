#!/bin/sh
# rds-case-watch.sh: run the harness's own rds/tcp-between-hosts N times in
# a guest and keep the evidence of a failing run from inside its
# namespaces, while they still exist (KERNEL-FINDINGS.md). A watcher polls
# the case's adapter processes; when one of them has lived for WAIT
# seconds (a passing run is over in 1-4 s under TCG, the case's recvfrom
# times out at 10 s) it prints, for each host's namespace, what
# rds-tcp-accept-loss -D shows: RDS counters, connections, RDS/TCP
# sockets, queues, TcpExt, ss -tino. Then the run's outcome.
#
#   vm/run --kernel 6.1.0-56 -- conformance/kernel-repro/rds-case-watch.sh 20 ref
#
# Usage: rds-case-watch.sh [N [IMPL [WAIT [GLOB]]]]   (20, ref, 7,
# rds/tcp-between-hosts; with 'rds/*' the other RDS cases run first, as
# in a suite, and the flake is far more frequent)
# Prints one line per run and a summary; exit 1 if a run did not pass.
set -u
n=${1:-20} impl=${2:-ref} wait=${3:-7} glob=${4:-rds/tcp-between-hosts}
here=$(cd "$(dirname "$0")/../.." && pwd)
dump=$here/build/kernel-repro/rds-tcp-accept-loss
sockspec=$here/build/sockspec
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

watch() { # $1: the file whose presence stops it
	# light on purpose: under TCG every process it starts is load
	seen=""
	hz=$(getconf CLK_TCK)
	while [ ! -e "$1" ]; do
		for p in $(pgrep -f 'ref-adapter|pyadapter'); do
			ns=$(readlink "/proc/$p/ns/net" 2>/dev/null) || continue
			case " $seen " in *" $ns "*) continue ;; esac
			# its age, from /proc/PID/stat's start time (ticks since boot)
			read -r up _ < /proc/uptime
			start=$(cut -d' ' -f22 "/proc/$p/stat" 2>/dev/null) || continue
			age=$(( ${up%.*} - start / hz ))
			[ "$age" -ge "$wait" ] || continue
			seen="$seen $ns"
			echo "  evidence at ${age} s of adapter $p ($ns):"
			"$dump" -D "$p" | sed 's/^/  /'
		done
		sleep 1
	done
}

failed=0 passed=0 other=0
for i in $(seq 1 "$n"); do
	rm -f "$tmp/stop"
	watch "$tmp/stop" > "$tmp/evidence" 2>&1 &
	w=$!
	t0=$(date +%s.%N)
	"$sockspec" run --impl "$impl" --cases "$glob" --no-history \
		--results "$tmp/r.jsonl" > "$tmp/out" 2>&1
	touch "$tmp/stop"
	wait "$w"
	o=$(grep '"case": "rds/tcp-between-hosts"' "$tmp/r.jsonl" |
		sed -n 's/.*"outcome": *"\([a-z]*\)".*/\1/p' | head -n 1)
	printf 'run %d: %s in %s s (guest load %s)\n' "$i" "${o:-none}" \
		"$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')" \
		"$(cut -d' ' -f1-3 /proc/loadavg)"
	case $o in
	passed) passed=$((passed + 1)) ;;
	failed) failed=$((failed + 1)) ;;
	*) other=$((other + 1)) ;;
	esac
	if [ "$o" != passed ]; then
		grep '"case": "rds/tcp-between-hosts"' "$tmp/r.jsonl" |
			grep -o '"reason": *"[^"]*"' | head -n 1 | sed 's/^/  /'
		cat "$tmp/evidence"
	fi
done
echo "rds-case-watch: $n runs of rds/tcp-between-hosts ($impl): $passed passed, $failed failed, $other other"
[ "$passed" -eq "$n" ]
