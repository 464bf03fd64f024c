#!/bin/sh
# layers.sh OBJDIR [SRCDIR] — hold the harness's objects to the folder arrows of
# conformance/README.md "Architecture". OBJDIR holds one directory of
# objects per folder of conformance/src/ (build/conf: base/, lang/, ...)
# and main.o; with SRCDIR (conformance/src) an object whose source is gone
# (left in a build tree by an older layout) is passed over. From each object's defined and undefined symbols (nm) it
# finds which file calls which, and reports:
#   - an arrow between folders that ALLOWED below does not have,
#   - a circle between two files of one folder (tsort finds the loop).
# Prints "layers: N folder arrows, M file arrows, all one way" and exits 0,
# or prints each fault and exits 1.
set -eu
dir=${1:?usage: layers.sh OBJDIR [SRCDIR]}
src=${2:-}
[ -d "$dir" ] || { echo "layers.sh: $dir: no such directory" >&2; exit 2; }

# FROM:TO pairs; main may call every folder
ALLOWED="matrix:run matrix:lang matrix:base
atf:run atf:expect atf:lang atf:base
run:expect run:lang run:base
expect:lang expect:base
report:lang report:base
lang:base"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM HUP

# SYMBOL FILE for definitions, FILE SYMBOL for uses (FILE: folder/name)
find "$dir" -name '*.o' | sort | while read -r o; do
	f=${o#"$dir"/}
	f=${f%.o}
	[ -z "$src" ] || [ -f "$src/$f.c" ] || continue
	nm "$o" | awk -v f="$f" '
		NF == 3 && $2 ~ /^[TDBRC]$/ { print $3, f >> "'"$tmp"'/defs" }
		NF == 2 && $1 == "U" { print f, $2 >> "'"$tmp"'/uses" }'
done
[ -s "$tmp/defs" ] || { echo "layers.sh: no objects under $dir" >&2; exit 2; }
touch "$tmp/uses"

# file arrows: FROM TO (each once)
awk 'NR == FNR { def[$1] = $2; next }
     ($2 in def) && def[$2] != $1 { print $1, def[$2] }' \
	"$tmp/defs" "$tmp/uses" | sort -u > "$tmp/arrows"

bad=0
folder() { case $1 in */*) echo "${1%%/*}" ;; *) echo main ;; esac; }
while read -r a b; do
	fa=$(folder "$a") fb=$(folder "$b")
	[ "$fa" = "$fb" ] && continue
	[ "$fa" = main ] && continue
	case " $(echo $ALLOWED) " in
	*" $fa:$fb "*) ;;
	*) echo "layers: $a calls into $b: $fa/ -> $fb/ is not an arrow of the architecture"
	   bad=1 ;;
	esac
done < "$tmp/arrows"

# circles inside a folder: tsort reports a loop on stderr
for fd in $(awk '{ split($1, p, "/"); if (p[2] != "") print p[1] }' \
		"$tmp/arrows" | sort -u); do
	awk -v d="$fd/" 'index($1, d) == 1 && index($2, d) == 1' \
		"$tmp/arrows" > "$tmp/in"
	if ! tsort "$tmp/in" > /dev/null 2> "$tmp/loop"; then
		echo "layers: files of $fd/ call each other in a circle:" \
			$(grep -v 'input contains a loop' "$tmp/loop" |
			  sed 's/^tsort: //')
		bad=1
	fi
done

[ "$bad" = 0 ] || exit 1
echo "layers: $(cut -d' ' -f1,2 "$tmp/arrows" | while read -r a b; do
	echo "$(folder "$a") $(folder "$b")"; done | awk '$1 != $2' | sort -u |
	wc -l) folder arrows, $(wc -l < "$tmp/arrows") file arrows, all one way"
