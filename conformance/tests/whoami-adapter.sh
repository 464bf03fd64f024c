#!/bin/sh
# A fake adapter for t_interop.sh: whoami() answers the implementation the
# harness started it as ($SOCKSPEC_IMPL), netns() its network namespace.
echo "hello fake 1.0"
while IFS= read -r line; do
	case "$line" in
	"call - whoami "*) echo "ok '$SOCKSPEC_IMPL'" ;;
	"call - netns "*) echo "ok '$(readlink /proc/self/ns/net)'" ;;
	*) echo "raise AttributeError None 'no such thing'" ;;
	esac
done
