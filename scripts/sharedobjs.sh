#!/bin/sh
# sharedobjs.sh ROOT MULTIARCH DEST LOADER PROGRAM... — copy into DEST the
# loader and every shared object the programs load, DT_NEEDED followed
# down, found under ROOT (a Debian root: / or an unpacked userland) in
# lib/MULTIARCH, usr/lib/MULTIARCH, lib64 or lib. For a root of programs
# that has no C library of its own: the arm64 guest's initramfs
# (vm/arm64/initramfs.sh) and the bundle's can-utils and strace
# (scripts/bundle.sh).
set -eu
root=$1 multi=$2 dest=$3 loader=$4
shift 4
needed() { readelf -d "$@" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u; }
mkdir -p "$dest"
todo="$loader $(needed "$@")"
while [ -n "$todo" ]; do
	# shellcheck disable=SC2086
	set -- $todo
	so=$1; shift; todo=$*
	[ -e "$dest/$so" ] && continue
	src=""
	for d in lib/$multi usr/lib/$multi lib64 lib; do
		[ -e "$root/$d/$so" ] && { src=$root/$d/$so; break; }
	done
	[ -n "$src" ] || { echo "sharedobjs.sh: $so not found under ${root:-/}" >&2; exit 1; }
	cp -L "$src" "$dest/$so"
	todo="$todo $(needed "$src")"
done
