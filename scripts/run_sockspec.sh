#!/bin/sh
# run_sockspec.sh — sockspec's conformance suite on this machine, from the
# bundle `make bundle` made (vm/README.md "The bundle"), in the manner of
# kselftest's run_kselftest.sh: KTAP version 1 on stdout, everything else
# on stderr. Needs only a POSIX sh (busybox's will do), root, and a
# kernel: no compiler, no Kyua, no package. Python implementations run
# only where the interpreter is.
#
# usage: run_sockspec.sh [-i IMPL]... [-c GLOB] [-j JOBS] [-r N] [-o DIR] [-l] [-h]
#   -i IMPL  an implementation (repeatable; default: ref, and cpython and
#            pypy where /usr/bin/python3 and /usr/bin/pypy3 are)
#   -c GLOB  only the cases matching GLOB ('can/*', 'object/accept*');
#            repeatable, the cases matching any
#   -j JOBS  cases at once (default: the harness's)
#   -r N     run a failed or broken case again, up to N times (0-9): one
#            that then passes is flaky, reported ok with a '# flaky:' line
#   -o DIR   keep the results files (results-IMPL.jsonl) in DIR
#   -l       list the cases and exit
# Exit status, kselftest's: 0 every case passed, skipped or failed as
# expected; 1 one failed, broke or passed unexpectedly; 2 usage or a run
# that could not start.
here=$(cd "$(dirname "$0")" && pwd)
usage() {
	sed -n '9,22s/^# \{0,1\}//p' "$0" >&2
	exit 2
}
impls="" globs="" jobs="" retry="" out="" list=""
while getopts i:c:j:r:o:lh opt; do
	case $opt in
	i) impls="$impls $OPTARG" ;;
	c) globs="$globs
$OPTARG" ;;
	j) jobs=$OPTARG ;;
	r) retry=$OPTARG ;;
	o) out=$OPTARG ;;
	l) list=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
sockspec=$here/build/sockspec
[ -x "$sockspec" ] || { echo "run_sockspec.sh: no $sockspec" >&2; exit 2; }
# can-utils (the CAN cases' peers) come with the bundle, with their own
# loader and libc: the target needs none
PATH=$here/bin:$PATH:/sbin:/usr/sbin
# no history database written into the bundle unless asked for
# (SOCKSPEC_HISTORY=FILE): a target's copy stays as it was delivered
SOCKSPEC_HISTORY=${SOCKSPEC_HISTORY:-off}
export PATH SOCKSPEC_HISTORY
# the cases of every -c GLOB, once each, for --case-list
cases() {
	if [ -z "$globs" ]; then
		"$sockspec" list
		return
	fi
	echo "$globs" | while IFS= read -r g; do
		[ -z "$g" ] || "$sockspec" list --cases "$g" || exit 2
	done | awk '!seen[$1]++'
}
if [ -n "$list" ]; then
	cases
	exit
fi
if [ -z "$impls" ]; then
	impls=ref
	[ -x "${SOCKSPEC_CPYTHON:-/usr/bin/python3}" ] && impls="$impls cpython"
	[ -x "${SOCKSPEC_PYPY:-/usr/bin/pypy3}" ] && impls="$impls pypy"
fi
[ "$(id -u)" = 0 ] || echo "run_sockspec.sh: not root: every case needs namespaces of its own and will skip or break" >&2

# The families' modules, where the kernel has them as modules and a
# modprobe can find them; a kernel without them skips those cases with
# the reason (the harness says which).
if command -v modprobe >/dev/null 2>&1; then
	for m in can can_raw can_bcm vcan tipc rds rds_tcp veth dummy; do
		modprobe -q "$m" 2>/dev/null
	done
fi

if [ -n "$out" ]; then
	mkdir -p "$out" || exit 2
	dir=$out
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/run_sockspec.XXXXXX") || exit 2
	trap 'rm -rf "$dir"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
fi
caselist=""
if [ -n "$globs" ]; then
	caselist=$dir/cases
	cases | cut -f1 > "$caselist" || exit 2
	[ -s "$caselist" ] || { echo "run_sockspec.sh: no case matches" >&2; exit 2; }
fi
files=""
for i in $impls; do
	echo "run_sockspec.sh: $i" >&2
	rm -f "$dir/results-$i.jsonl"
	# the run's summary to stderr: stdout is the KTAP document's alone
	"$sockspec" run --impl "$i" ${caselist:+--case-list "$caselist"} ${jobs:+--jobs "$jobs"} \
		${retry:+--retry "$retry"} --results "$dir/results-$i.jsonl" >&2
	[ -f "$dir/results-$i.jsonl" ] ||
		{ echo "run_sockspec.sh: $i: no results" >&2; exit 2; }
	files="$files $dir/results-$i.jsonl"
done
# shellcheck disable=SC2086
"$sockspec" ktap $files
st=$?
exit $st
