#!/bin/sh
# Build the guest's initramfs for one fetched kernel: busybox, the kernel's
# own modules the suite needs (with their dependencies, in load order) and
# vm/init. Cached beside the kernel. Usage: vm/initramfs.sh KERNEL_DIR [MODULE...]
# MODULEs are loaded too, before the command runs (vm/run --load-modules:
# e.g. the fallback tunnels sit, ipip, ip_gre, ip6_tunnel, which put
# sit0, tunl0, gre0, ip6tnl0 in every network namespace); such an
# initramfs is cached under its own name, initramfs+MOD+MOD.cpio.
# Not compressed: under TCG the guest's gunzip of it cost more than
# reading the larger file (vm/README.md, boot time).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kdir=$1
shift
extra=$*
out=$kdir/initramfs.cpio
[ -z "$extra" ] || out=$kdir/initramfs+$(echo $extra | tr ' ' '+').cpio
[ -f "$out" ] && [ "$out" -nt "$here/init" ] && [ "$out" -nt "$0" ] && { echo "$out"; exit 0; }
kver=$(cat "$kdir/kver")
MODULES="virtio_pci 9pnet_virtio 9p can can_raw can_bcm can_isotp can_j1939
vcan tipc rds rds_tcp veth dummy $extra"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$out.$$"' EXIT INT TERM
mkdir -p "$tmp/bin" "$tmp/lib/modules" "$tmp/proc" "$tmp/sys" "$tmp/dev" \
	"$tmp/mnt/root" "$tmp/mnt/out" "$tmp/tmp"
cp /bin/busybox "$tmp/bin/busybox"
cp "$here/init" "$tmp/init"
chmod 755 "$tmp/init"
# shellcheck disable=SC2086
"$here/modules.sh" "$kdir/root" "$kver" "$tmp" $MODULES
(cd "$tmp" && find . | busybox cpio -o -H newc 2>/dev/null) > "$out.$$"
# rename is atomic: a concurrent build or boot sees the old or the new one
mv "$out.$$" "$out"
echo "$out"
