#!/bin/sh
# Build the arm64 guest's initramfs for one fetched kernel: the guest's
# whole root (it cannot run the host's x86 programs): arm64 busybox,
# iproute2's ip and can-utils with the shared objects they load, the
# kernel's modules the suite needs with their dependencies in load order,
# and vm/arm64/init.
# Cached beside the kernel. Usage: vm/arm64/initramfs.sh KERNEL_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kdir=$1
ul=$(dirname "$kdir")/userland
out=$kdir/initramfs.cpio.gz
[ -f "$out" ] && [ "$out" -nt "$here/init" ] && [ "$out" -nt "$0" ] &&
	[ "$out" -nt "$ul/packages" ] &&
	{ echo "$out"; exit 0; }
kver=$(cat "$kdir/kver")
# virtio_pci carries the 9p shares (-M virt puts virtio devices on PCI)
MODULES="virtio_pci 9pnet_virtio 9p can can_raw can_bcm can_isotp can_j1939
vcan tipc rds rds_tcp veth dummy"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$out.$$"' EXIT INT TERM
mkdir -p "$tmp/bin" "$tmp/sbin" "$tmp/etc" "$tmp/lib/modules" \
	"$tmp/lib/aarch64-linux-gnu" "$tmp/proc" "$tmp/sys" "$tmp/dev" \
	"$tmp/mnt/project" "$tmp/mnt/out" "$tmp/tmp" "$tmp/run" "$tmp/root"
cp "$ul/bin/busybox" "$tmp/bin/busybox"
cp "$here/init" "$tmp/init"
chmod 755 "$tmp/init"

# ip in /sbin, ahead of busybox's applet of the same name; can-utils in
# /usr/bin; the shared objects they load by following DT_NEEDED down
mkdir -p "$tmp/usr/bin"
cp "$ul/bin/ip" "$tmp/sbin/ip"
progs="$ul/bin/ip"
for p in $(cat "$ul/can-utils.programs"); do
	cp "$ul/$p" "$tmp/$p"
	progs="$progs $ul/$p"
done
ln -s aarch64-linux-gnu/ld-linux-aarch64.so.1 "$tmp/lib/ld-linux-aarch64.so.1"
# shellcheck disable=SC2086
"$here/../../scripts/sharedobjs.sh" "$ul" aarch64-linux-gnu \
	"$tmp/lib/aarch64-linux-gnu" ld-linux-aarch64.so.1 $progs

# shellcheck disable=SC2086
"$here/../modules.sh" "$kdir/root" "$kver" "$tmp" $MODULES
# built aside and renamed: a guest booting the old one meanwhile is unharmed
(cd "$tmp" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) > "$out.$$"
mv "$out.$$" "$out"
echo "$out"
