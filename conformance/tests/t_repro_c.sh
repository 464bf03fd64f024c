#! /usr/bin/env atf-sh
# t_repro_c.sh — `sockspec repro CASE --impl ref`: the case as a C program
# against libsockref's public API, built with gcc and clang
# (-std=c11 -Wall -Wextra -Werror) and run alone, agrees with the harness.
# For a sample of cases across the areas, the harness runs the case for
# ref (`sockspec run --cases`) and the reproducer runs: exit 0 where the
# harness says passed, 1 printing DEVIATES where it says failed or xfail.
# Also: a copy of a case with a wrong expected value (in the work dir)
# deviates, printing expected against observed; a deviation of ref-musl
# (conformance/expectations/ref-musl.tsv) reproduces with the same C built
# by musl-gcc against build/musl/libsockref.a, and holds against glibc's,
# and the ref-i386 one with the C built -m32 against build/i386's;
# a construct the writer has no C for is refused naming FILE:LINE.
# Needs root (the harness's namespaces, the reproducer's). Through Kyua:
# kyua test t_repro_c.sh

root() { cd "$(atf_get_srcdir)/../.." && pwd; }
bin() { atf_config_get sockspec "${SOCKSPEC:-$(root)/build/sockspec}"; }

# NAME CC [FLAGS...]: build NAME.c into NAME with CC against the glibc
# libsockref (the build command of the reproducer's header)
build() {
	name=$1 cc=$2
	shift 2
	r=$(root)
	$cc -std=c11 -Wall -Wextra -Werror -I"$r/ref/include" "$@" "$name.c" \
		"$r/build/libsockref.a" -lm -pthread -o "$name" 2> "$name.cc" || {
		cat "$name.cc"
		atf_fail "$name: does not build with $cc"
	}
}

atf_test_case agree
agree_head() {
	atf_set descr "C reproducers of sample cases build with gcc and clang and agree with the harness (ref)"
	atf_set require.user root
	atf_set require.progs "gcc clang"
	atf_set timeout 900
}
agree_body() {
	n=0
	for c in object/fileno object/makefile-file-object object/sockettype \
		cmsg/example-recv-fds cmsg/recvmsg-into-example \
		cmsg/space-first-overflow convert/inet-aton convert/byteorder-range \
		constants/has-ipv6 errors/argument-ranges errors/herror-gethostbyname-ex \
		example/echo-ipv4-verbatim families/address-format-by-family \
		iface/nameindex inet/broadcast-host-string inet6/flowinfo-scopeid-fields \
		interop/datagram-udp-ipv4 netlink/pid-groups-pair packet/recvfrom-address \
		resolve/getaddrinfo-keywords resolve/getfqdn-fallback \
		timeout/settimeout-nan unix/path-surrogateescape \
		windows/share-absent-on-linux example/could-not-open-socket \
		object/makefile-text-args; do
		f=$(echo "$c" | tr / _)
		"$(bin)" run --impl ref --cases "$c" --jobs 1 --no-history \
			--results "$f.jsonl" > /dev/null 2>&1
		o=$(sed -n 's/.*"outcome": "\([a-z]*\)".*/\1/p' "$f.jsonl")
		case $o in
		passed) want=0 ;;
		failed|xfail) want=1 ;;
		*) atf_fail "$c: the harness says '$o' for ref" ;;
		esac
		"$(bin)" repro "$c" --impl ref -o "$f.c" || atf_fail "$c: no C reproducer"
		build "$f" gcc
		clang -std=c11 -Wall -Wextra -Werror -I"$(root)/ref/include" \
			-fsyntax-only "$f.c" || atf_fail "$c: does not build with clang"
		timeout 60 "./$f" > "$f.out" 2>&1
		rc=$?
		if [ "$rc" != "$want" ]; then
			cat "$f.out"
			atf_fail "$c: harness $o, C reproducer exit $rc"
		fi
		if [ "$want" = 1 ] && ! grep -q '^  observed: ' "$f.out"; then
			cat "$f.out"
			atf_fail "$c: exit 1 without expected against observed"
		fi
		echo "$c: harness $o, C reproducer exit $rc"
		n=$((n + 1))
	done
	[ "$n" -ge 20 ] || atf_fail "only $n cases"
}

atf_test_case deviation
deviation_head() {
	atf_set descr "a case with a wrong expected value: its C reproducer exits 1 printing expected against observed"
	atf_set require.user root
	atf_set require.progs gcc
}
deviation_body() {
	mkdir -p cases/object
	sed 's/^fd < 1024$/fd < 0/' "$(root)/conformance/cases/object/fileno.case" \
		> cases/object/fileno-wrong.case
	grep -q '^fd < 0$' cases/object/fileno-wrong.case || atf_fail "no step changed"
	atf_check -o ignore "$(bin)" repro "$PWD/cases/object/fileno-wrong.case" \
		--impl ref -o wrong.c
	build wrong gcc
	atf_check -s exit:1 -o save:wrong.out ./wrong
	atf_check -o match:'^DEVIATES  line 13: fd < 0$' \
		-o match:'^  expected: < 0$' -o match:'^  observed: [0-9]+$' \
		-o match:'^1 step\(s\) deviate: line\(s\) 13$' cat wrong.out
}

atf_test_case musl
musl_head() {
	atf_set descr "a ref-musl deviation (expectations/ref-musl.tsv) reproduces with the C built by musl-gcc against build/musl's libsockref"
	atf_set require.user root
	atf_set require.progs gcc
}
# IMPL CASE DIR CC...: CASE, a deviation of IMPL's expectations file,
# written for IMPL and built as its header says (CC, and DIR's headers
# and libsockref under build/DIR) into IMPL; it must exit 1 (IMPL.out)
port_deviation() {
	impl=$1 c=$2 dir=$3
	shift 3
	r=$(root)
	grep -q "^$c	failed	" "$r/conformance/expectations/$impl.tsv" ||
		atf_fail "$c is no longer a $impl deviation: pick another"
	[ -f "$r/build/$dir/libsockref.a" ] ||
		atf_skip "build/$dir/libsockref.a not built (make)"
	atf_check "$(bin)" repro "$c" --impl "$impl" -o "$impl.c"
	atf_check -o match:"build/$dir/libsockref.a" head -20 "$impl.c"
	"$@" -std=c11 -Wall -Wextra -Werror -I"$r/ref/include" \
		-isystem "$r/build/$dir/include" "$impl.c" \
		"$r/build/$dir/libsockref.a" -lm -pthread -o "$impl" \
		2> "$impl.cc" || { cat "$impl.cc"; atf_fail "no $impl build"; }
	atf_check -s exit:1 -o save:"$impl.out" "./$impl"
}

musl_body() {
	command -v musl-gcc > /dev/null || atf_skip "musl-gcc not installed (musl-tools)"
	port_deviation ref-musl convert/inet-aton-libc musl musl-gcc -static
	atf_check -o match:'musl-gcc -static' head -20 ref-musl.c
	atf_check -o match:'^DEVIATES  line [0-9]+: inet_aton' \
		-o match:'^  observed: OSError' cat ref-musl.out
	# the same C against glibc's libsockref holds, as ref passes the case
	cp ref-musl.c glibc.c
	build glibc gcc
	atf_check -o match:'^every step held' ./glibc
}

atf_test_case i386
i386_head() {
	atf_set descr "the ref-i386 deviation (expectations/ref-i386.tsv) reproduces with the C built -m32 against build/i386's libsockref"
	atf_set require.user root
	atf_set require.progs gcc
}
i386_body() {
	port_deviation ref-i386 errors/standard-type-errors i386 gcc -m32
	atf_check -o match:'^  expected: raises MemoryError$' \
		-o match:'^  observed: OverflowError' cat ref-i386.out
}

atf_test_case refusals
refusals_head() {
	atf_set descr "no C reproducer for a case with a peer program: exit 2 naming FILE:LINE and the construct"
}
refusals_body() {
	atf_check -s exit:2 -o empty \
		-e match:'can/candump-send-std.case:[0-9]+: no C reproducer: peer_start\(\)' \
		"$(bin)" repro can/candump-send-std --impl ref
}

atf_init_test_cases() {
	atf_add_test_case agree
	atf_add_test_case deviation
	atf_add_test_case musl
	atf_add_test_case i386
	atf_add_test_case refusals
}
