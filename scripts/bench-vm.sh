#!/bin/sh
# What a guest costs (issue 4's targets: boot to /init <= 3 s, the whole
# suite for one implementation on one kernel <= 60 s including boot).
# For each kernel (default: the first of vm/default-kernels; BENCH_KERNELS
# overrides): boot to /init over BENCH_BOOTS boots (min and median, from
# vm/run's console stamp), the wall of `vm/run -- true` (boot + power-off),
# and the wall of the whole suite inside one guest per implementation of
# BENCH_VM_IMPLS. Prints lines `vm KERNEL WHAT VALUE`.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kernels=${BENCH_KERNELS:-$(grep -v '^#' vm/default-kernels | head -n 1)}
boots=${BENCH_BOOTS:-5}
impls=${BENCH_VM_IMPLS:-ref cpython}
out=$top/build/bench-vm
now() { date +%s%N; }
secs() { echo "$1 $2" | awk '{printf "%.2f", ($2-$1)/1e9}'; }
for k in $kernels; do
	vm/fetch "$k" > /dev/null
	rm -rf "$out" && mkdir -p "$out"
	i=0
	while [ $i -lt "$boots" ]; do
		t0=$(now)
		vm/run --kernel "$k" --out "$out/b$i" -- true
		t1=$(now)
		cat "$out/b$i/boot-time" >> "$out/boot"
		secs "$t0" "$t1" >> "$out/wall"
		i=$((i + 1))
	done
	sort -n "$out/boot" | awk -v k="$k" '{a[NR]=$1} END {
		printf "vm %s boot_to_init min %.2f s median %.2f s (%d boots)\n",
			k, a[1], a[int((NR+1)/2)], NR}'
	sort -n "$out/wall" | awk -v k="$k" '{a[NR]=$1} END {
		printf "vm %s run_true_wall min %.2f s median %.2f s\n", k, a[1], a[int((NR+1)/2)]}'
	for impl in $impls; do
		t0=$(now)
		vm/run --kernel "$k" --timeout 1500 --out "$out/s-$impl" -- \
			build/sockspec run --impl "$impl" \
			--results "/tmp/out/results.jsonl" > "$out/s-$impl.log" || true
		t1=$(now)
		echo "vm $k suite_$impl $(secs "$t0" "$t1") s incl. boot" \
			"($(tail -n 1 "$out/s-$impl.log"))"
	done
done
