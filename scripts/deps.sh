#!/bin/sh
# Install the Debian packages sockspec needs, only those missing.
# Idempotent, and silent when everything is already there.
set -eu

PACKAGES="make gcc clang libclang-rt-14-dev llvm pkg-config kyua atf-sh
libatf-dev linux-libc-dev can-utils python3 pypy3 iproute2 util-linux
kmod xz-utils qemu-system-x86 busybox-static musl-tools gcc-multilib chromium
binutils-aarch64-linux-gnu libc6-dev-arm64-cross libgcc-12-dev-arm64-cross
qemu-system-arm python3-gevent python3-eventlet strace libjson-c-dev
mmdebstrap
libjson-c-dev:arm64 perl libsqlite3-dev sqlite3"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages:$missing (run as root to install)" >&2
	exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# json-c for the static aarch64 harness (make aarch64) comes from Debian's
# arm64 multiarch packages: dpkg must know the architecture first
case "$missing" in
*:arm64*)
	dpkg --print-foreign-architectures | grep -qx arm64 ||
		dpkg --add-architecture arm64 ;;
esac
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
