#!/bin/sh
# Copy kernel modules with their dependency closure, in load order, into an
# initramfs tree: DEST/lib/modules/*.ko and DEST/lib/modules/order (one
# file name a line, what the guest's init insmods). .ko.xz files are
# decompressed, since busybox's insmod may not read them. Shared by the
# amd64 and arm64 initramfs builders.
# Usage: vm/modules.sh KERNEL_ROOT KVER DEST MODULE...
set -eu
root=$1 kver=$2 dest=$3
shift 3
mkdir -p "$dest/lib/modules"
: > "$dest/lib/modules/order"
for m in "$@"; do
	# a module built in (or missing from this kernel) has no insmod line
	PATH=$PATH:/sbin:/usr/sbin modprobe -d "$root" -S "$kver" \
		--show-depends "$m" 2>/dev/null | sed -n 's/^insmod \([^ ]*\).*/\1/p'
done | awk '!seen[$0]++' | while read -r ko; do
	name=$(basename "$ko")
	case "$name" in
	*.xz) xz -dc "$ko" > "$dest/lib/modules/${name%.xz}"
	      name=${name%.xz} ;;
	*) cp "$ko" "$dest/lib/modules/$name" ;;
	esac
	echo "$name" >> "$dest/lib/modules/order"
done
