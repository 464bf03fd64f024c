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
ALLOWED="matrix:run matrix:history matrix:lang matrix:base
atf:run atf:expect atf:history atf:lang atf:base
run:expect run:userland run:kconfig run:history run:lang run:base
userland:base
expect:repro expect:lang expect:base
report:html report:history report:lang report:base
html:base
history:lang history:base
ktap:base
kconfig:base
kcidb:expect kcidb:lang kcidb:base
repro:lang repro:base
lang:base"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM HUP

# the objects to read: those whose source still stands (with SRCDIR)
find "$dir" -name '*.o' | sort | while read -r o; do
	f=${o#"$dir"/}
	f=${f%.o}
	[ -z "$src" ] || [ -f "$src/$f.c" ] || continue
	echo "$o"
done > "$tmp/objs"
# SYMBOL FILE for definitions, FILE SYMBOL for uses (FILE: folder/name);
# one nm over them all, each line prefixed with its object (-A)
touch "$tmp/defs" "$tmp/uses"
[ -s "$tmp/objs" ] && xargs nm -A < "$tmp/objs" | awk -v d="$dir/" \
	-v defs="$tmp/defs" -v uses="$tmp/uses" '
	{
		f = substr($1, 1, index($1, ".o:") - 1)
		if (index(f, d) == 1) f = substr(f, length(d) + 1)
		# "OBJ:ADDR T sym" for a definition, "OBJ: U sym" for a use
		if (NF == 3 && $2 == "U") print f, $3 > uses
		else if (NF == 3 && $2 ~ /^[TDBRC]$/) print $3, f > defs
	}'
[ -s "$tmp/defs" ] || { echo "layers.sh: no objects under $dir" >&2; exit 2; }
touch "$tmp/uses"

# file arrows: FROM TO (each once)
awk 'NR == FNR { def[$1] = $2; next }
     ($2 in def) && def[$2] != $1 { print $1, def[$2] }' \
	"$tmp/defs" "$tmp/uses" | sort -u > "$tmp/arrows"

# arrows between folders (main.o is folder "main", free to call all):
# each one the table lacks is reported; FROM TO of every one to folders
bad=0
awk -v allowed="$(echo $ALLOWED)" -v out="$tmp/folders" '
	function folder(f) { return index(f, "/") ? substr(f, 1, index(f, "/") - 1) : "main" }
	BEGIN { n = split(allowed, a, " "); for (k = 1; k <= n; k++) ok[a[k]] = 1 }
	{
		fa = folder($1); fb = folder($2)
		if (fa == fb) next
		print fa, fb > out
		if (fa != "main" && !((fa ":" fb) in ok)) {
			printf "layers: %s calls into %s: %s/ -> %s/ is not an arrow of the architecture\n", $1, $2, fa, fb
			bad = 1
		}
	}
	END { exit bad }' "$tmp/arrows" || bad=1
touch "$tmp/folders"

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
echo "layers: $(sort -u "$tmp/folders" | wc -l) folder arrows," \
	"$(wc -l < "$tmp/arrows") file arrows, all one way"
