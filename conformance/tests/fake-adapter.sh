#!/bin/sh
# A fake adapter for the harness's own tests: canned answers by name.
echo "hello fake 1.0"
while IFS= read -r line; do
	case "$line" in
	"call - answer "*) echo "ok 42" ;;
	"call - echo "*) a=${line#call - echo }; a=${a% \{*}; echo "ok $a" ;;
	"call - boom "*) echo "raise OSError 98 'Address already in use'" ;;
	"call - lookup "*) echo "raise gaierror -2 'Name or service not known'" ;;
	"call - refuse "*) echo "raise OSError None 'AF_UNIX path too long'" ;;
	"call - late "*) echo "raise timeout None 'timed out' ('TimeoutError', 'OSError', 'Exception') 'builtins'" ;;
	"call - crash "*) echo "dying on purpose" >&2; exit 3 ;;
	"call - hang "*) sleep 1000 ;;
	"call - note "*) a=${line#call - note (\'}; echo "${a%%\'*}" >> "$FAKE_NOTES"; echo "ok None" ;;
	"call - garbage "*) echo "what?" ;;
	# 1 the first time, 2 after: $FAKE_FLIP is a file outside the case's
	# namespaces, so a retry of the case sees what the first attempt left
	"call - flip "*) if [ -e "$FAKE_FLIP" ]; then echo "ok 2"; else
		: > "$FAKE_FLIP"; echo "ok 1"; fi ;;
	# a crash: the adapter killed by a signal (run it with exec, so that
	# it is the adapter process itself)
	"call - segv "*) kill -SEGV $$ ;;
	"call - sock "*) echo "ok <socket 1>" ;;
	"call - nslinks "*) echo "ok $(ip -o link show | wc -l)" ;;
	# the default routes of the adapter's namespace, as ip(8) shows them
	# (up to their metric): ('default via GW dev IF', ...)
	"call - routes "*) echo "ok ($( { ip -4 route show default; ip -6 route show default; } |
		sed 's/ metric.*//; s/ *$//; s/.*/'"'&'"', /' | tr -d '\n'))" ;;
	"call <socket 1> fileno "*) echo "ok 7" ;;
	"getattr <socket 1> family") echo "ok 2" ;;
	# a name the implementation lacks (the wire's `raise unsupported`)
	"call - gone "*) echo "raise unsupported None \"module 'socket' has no attribute 'gone'\" ('AttributeError', 'Exception') 'builtins'" ;;
	"getattr - SO_RCVBUF") echo "raise unsupported None \"module 'socket' has no attribute 'SO_RCVBUF'\" ('AttributeError', 'Exception') 'builtins'" ;;
	*) echo "raise AttributeError None 'no such thing'" ;;
	esac
done
