#!/bin/sh
# What a whole suite costs per implementation, on the host and in the
# default guest (boot included), with the fork-server adapters and with a
# fresh process per adapter (SOCKSPEC_FORKSERVER=0), the two runs of a
# round side by side so the machine's load falls on both alike; medians
# of BENCH_RUNS rounds (default 3). And the harness's own cost per case:
# a no-op adapter (hello, then `ok None` to everything) over
# BENCH_NOOP_CASES generated one-step cases at --jobs 1.
# Prints:
#   suite IMPL@WHERE SECONDS (fresh SECONDS, median of N)
#   ratio forkserver/fresh IMPL@WHERE RATIO
#   case-overhead MS
# WHERE is `host` or `vm:KERNEL`. BENCH_HOST_IMPLS (default "ref cpython
# pypy"), BENCH_GUEST_IMPLS (default "cpython pypy"; "" for none),
# BENCH_KERNEL (default the first of vm/default-kernels), BENCH_OUT (its
# files; default build/bench-forkserver). An
# implementation this machine cannot run is reported and left out.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
S=$top/build/sockspec
runs=${BENCH_RUNS:-3}
host_impls=${BENCH_HOST_IMPLS-ref cpython pypy}
guest_impls=${BENCH_GUEST_IMPLS-cpython pypy}
kernel=${BENCH_KERNEL:-$(grep -v '^#' vm/default-kernels | head -n 1)}
out=${BENCH_OUT:-$top/build/bench-forkserver}
rm -rf "$out" && mkdir -p "$out"
talk=""
[ -t 2 ] && [ "${CI:-}" != true ] && talk=1
# progress on a terminal, one line rewritten; say "" clears it
say() {
	[ -n "$talk" ] || return 0
	if [ -n "$*" ]; then printf '\r\033[Kbench: %s' "$*" >&2
	else printf '\r\033[K' >&2; fi
}
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'; }

# one suite run: wall seconds on stdout; WHERE MODE IMPL
suite() {
	t0=$(now)
	if [ "$1" = host ]; then
		SOCKSPEC_FORKSERVER=$2 "$S" run --impl "$3" \
			--results "$out/$3-$2.jsonl" > "$out/$3-$2.log" 2>&1 || true
	else
		vm/run --kernel "$kernel" --timeout 1500 --out "$out/vm-$3-$2" -- \
			env SOCKSPEC_FORKSERVER="$2" build/sockspec run \
			--impl "$3" --results /tmp/out/results.jsonl \
			> "$out/vm-$3-$2.log" 2>&1 || true
	fi
	t1=$(now)
	echo "$t0 $t1" | awk '{printf "%.2f\n", ($2-$1)/1e9}'
}

# WHERE IMPL: the suite both ways, BENCH_RUNS rounds
bench() {
	w=$1 impl=$2
	label=$impl@$w
	[ "$w" = host ] || label=$impl@vm:$kernel
	# ref's adapters have no fork server: one way only
	modes="1 0"
	case $impl in ref|ref-*|exec:*) modes=1 ;; esac
	i=1
	while [ $i -le "$runs" ]; do
		for m in $modes; do
			say "$label run $i/$runs$([ $m = 0 ] && echo ' (fresh)')"
			suite "$w" "$m" "$impl" >> "$out/$impl-$w-$m.walls"
		done
		i=$((i + 1))
	done
	say ""
	fs=$(median < "$out/$impl-$w-1.walls")
	if [ "$modes" = 1 ]; then
		echo "suite $label $fs (no fork server, median of $runs)"
		return
	fi
	fr=$(median < "$out/$impl-$w-0.walls")
	echo "suite $label $fs (fresh $fr, median of $runs)"
	echo "$fs $fr" | awk -v l="$label" '{printf "ratio forkserver/fresh %s %.2f\n", l, $1/$2}'
}

# can IMPL run here at all (interpreter installed, adapter built)?
runnable() {
	"$S" run --impl "$1" --cases object/attr-type 2>&1 | tail -n 1 |
		grep -q '^[0-9]* passed, .* 0 skipped, '
}

for impl in $host_impls; do
	if runnable "$impl"; then bench host "$impl"
	else echo "suite $impl@host skipped: cannot run here"; fi
done
if [ -n "$guest_impls" ]; then
	if ! command -v qemu-system-x86_64 > /dev/null; then
		echo "suite *@vm:$kernel skipped: no qemu-system-x86_64"
	else
		vm/fetch "$kernel" > /dev/null
		for impl in $guest_impls; do
			if runnable "$impl"; then bench vm "$impl"
			else echo "suite $impl@vm:$kernel skipped: cannot run here"; fi
		done
	fi
fi

# the harness alone: isolation, adapter start, one request, the result
n=${BENCH_NOOP_CASES:-100}
nd=$out/noop
mkdir -p "$nd/cases/noop"
printf '#!/bin/sh\necho hello noop 1\nwhile read -r l; do echo "ok None"; done\n' > "$nd/adapter"
chmod +x "$nd/adapter"
: > "$nd/expectations.tsv"
i=1
while [ $i -le "$n" ]; do
	printf 'id: x.noop\ndoc: socket.rst:1\nneeds: host\n\nnoop()\n' \
		> "$nd/cases/noop/c$i.case"
	i=$((i + 1))
done
i=1
while [ $i -le "$runs" ]; do
	say "case-overhead run $i/$runs"
	t0=$(now)
	SOCKSPEC_CASES_DIR=$nd/cases SOCKSPEC_EXPECTATIONS=$nd/expectations.tsv \
		"$S" run --impl "exec:$nd/adapter" --jobs 1 > "$nd/log" 2>&1 || true
	t1=$(now)
	grep -q "^$n passed" "$nd/log" || { echo "case-overhead: the no-op run did not pass: $(tail -n 1 "$nd/log")" >&2; exit 1; }
	echo "$t0 $t1 $n" | awk '{printf "%.2f\n", ($2-$1)/1e6/$3}' >> "$nd/ms"
	i=$((i + 1))
done
say ""
echo "case-overhead $(median < "$nd/ms") (ms a case, no-op adapter, --jobs 1, median of $runs)"
