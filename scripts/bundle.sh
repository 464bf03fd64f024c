#!/bin/sh
# bundle.sh ARCH BINDIR OUT — assemble the bundle `make bundle` makes for
# one architecture (x86_64 or aarch64): the project's layout in little,
# so the harness finds its root, adapter, cases and fixtures as it does
# in a checkout (build/ beside conformance/ and fixtures/):
#   OUT/run_sockspec.sh            KTAP on stdout (scripts/run_sockspec.sh)
#   OUT/build/sockspec             the harness, static (from BINDIR)
#   OUT/build/ref-adapter          libsockref's adapter, static
#   OUT/conformance/cases, expectations, adapters/*.py
#   OUT/fixtures                   resolver, CAN and example fixtures
#   OUT/bin/candump cansend canplayer   can-utils (the CAN cases' peers),
#   OUT/bin/strace                 and strace (the traced cases), each
#                                  run by OUT/lib's own loader with
#                                  OUT/lib's shared objects: the target
#                                  needs none
# They come from the host (x86_64, deps.sh installs them) or from the
# arm64 guest's userland in the cache (vm/arm64/fetch: Debian's arm64
# can-utils and strace, unpacked). Built aside and renamed, so OUT is
# whole or absent.
set -eu
arch=${1:?usage: bundle.sh ARCH BINDIR OUT} bin=${2:?} out=${3:?}
top=$(cd "$(dirname "$0")/.." && pwd)
case $arch in
x86_64)
	root="" loader=ld-linux-x86-64.so.2 multi=x86_64-linux-gnu ;;
aarch64)
	# the guest userland vm/arm64/fetch keeps beside the arm64 kernels
	k=$(grep -v '^#' "$top/vm/default-kernels" | head -n 1)
	root=$(dirname "$("$top/vm/arm64/fetch" "${ARM64_KERNEL:-$k}")")/userland
	loader=ld-linux-aarch64.so.1 multi=aarch64-linux-gnu ;;
*) echo "bundle.sh: $arch: x86_64 or aarch64" >&2; exit 2 ;;
esac
for f in "$bin/sockspec" "$bin/ref-adapter"; do
	[ -x "$f" ] || { echo "bundle.sh: no $f" >&2; exit 1; }
	# a static program runs on a target with no libc at all
	readelf -d "$f" 2>/dev/null | grep -q NEEDED &&
		{ echo "bundle.sh: $f is not static" >&2; exit 1; }
done

tmp=$out.tmp.$$
trap 'rm -rf "$tmp"' EXIT INT TERM
rm -rf "$tmp"
mkdir -p "$tmp/build" "$tmp/conformance/adapters" "$tmp/bin" "$tmp/lib" \
	"$tmp/libexec"
cp "$bin/sockspec" "$bin/ref-adapter" "$tmp/build/"
cp "$top/scripts/run_sockspec.sh" "$tmp/run_sockspec.sh"
cp -r "$top/conformance/cases" "$top/conformance/expectations" "$tmp/conformance/"
cp "$top"/conformance/adapters/*.py "$tmp/conformance/adapters/"
mkdir -p "$tmp/fixtures"
for d in "$top"/fixtures/*; do
	# the baselines are the host runs make check compares; no case reads them
	[ "${d##*/}" = baselines ] || cp -r "$d" "$tmp/fixtures/"
done

# the programs, and the shared objects they load
progs=""
for p in candump cansend canplayer strace; do
	src=$root/usr/bin/$p
	[ -x "$src" ] || { echo "bundle.sh: no $src (can-utils, strace)" >&2; exit 1; }
	cp "$src" "$tmp/libexec/$p"
	progs="$progs $src"
	# no command substitution: the harness takes a peer blocked in a
	# read (as the shell waiting for one would be) for a peer that has
	# set itself up, so the wrapper must do nothing but exec
	cat > "$tmp/bin/$p" <<EOF
#!/bin/sh
# $p, run by the bundle's own loader and shared objects
exec "\${0%/*}/../lib/$loader" --library-path "\${0%/*}/../lib" "\${0%/*}/../libexec/$p" "\$@"
EOF
	chmod 755 "$tmp/bin/$p"
done
# shellcheck disable=SC2086
"$top/scripts/sharedobjs.sh" "$root" "$multi" "$tmp/lib" "$loader" $progs
chmod 755 "$tmp/run_sockspec.sh"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT INT TERM
echo "bundle.sh: $out ($(du -sh "$out" | cut -f1))"
