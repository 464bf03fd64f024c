#!/bin/sh
# The closing table of `make run`: the host runs' results and the guest's,
# whichever exist now. The list is made when this runs, after the guest
# has written its files; a $(wildcard ...) in the Makefile was expanded
# before the recipe started, so a first run on a fresh clone lost the
# guest's columns.
# Usage: scripts/run-table.sh SOCKSPEC BUILD KERNEL "IMPLS" "VM_IMPLS"
set -u
sockspec=$1 build=$2 kernel=$3 impls=$4 vm_impls=$5
set --
for i in $impls; do
	f=$build/results-$i.jsonl
	[ -f "$f" ] && set -- "$@" "$f"
done
for i in $vm_impls; do
	f=$build/vm/$kernel/results-$i.jsonl
	[ -f "$f" ] && set -- "$@" "$f"
done
[ $# -gt 0 ] || { echo "run-table: no results under $build" >&2; exit 1; }
exec "$sockspec" table "$@"
