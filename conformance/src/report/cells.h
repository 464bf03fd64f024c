/*
 * cells.h — results records read back as cells, for the commands that
 * compare and join finished runs (`sockspec diff`, `sockspec merge`).
 * A cell is (case, impl, kernel, platform, peer); its column is
 * everything but the case. Each cell keeps its line as it was read, so
 * a merge writes records back byte for byte.
 */
#ifndef SOCKSPEC_CELLS_H
#define SOCKSPEC_CELLS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"
#include "lang/lang.h"

typedef struct cell {
	struct json_object *v; /* the parsed record (json-c) */
	char *text;          /* its line as read, without the newline */
	char *where;         /* FILE:LINE, for messages */
	size_t seq;          /* load order: the first of equal cells wins */
	int outcome;         /* outcome (base/base.h) */
	/* members of v; "" when absent, so files written before platform
	 * and peer existed still load */
	const char *case_name, *impl, *kernel, *platform, *peer;
	const char *reason;
} cell;

typedef struct cellset {
	cell *c;
	size_t n, cap;
} cellset;

/* Append the records of a results file, of every *.jsonl file under a
 * directory (recursively, in name order), or of run ID of the history
 * for "history:ID". Bad lines are reported on
 * stderr as FILE:LINE: reason. Returns 0, or 2 on any bad input. */
int cells_load(cellset *s, const char *path);
void cells_free(cellset *s);
/* cells_load's path "history:ID": the lines of run ID of the history
 * (cells_history.c; *lines and each line malloc'd). 0, or 2 after
 * printing why. */
#define CELLS_HISTORY "history:"
int cells_history_lines(const char *spec, char ***lines, size_t *n);

/* Cells in order: column (impl, kernel unless ignore_kernel, platform,
 * peer), then case in the order a run lists them; equal cells keep load
 * order. */
void cells_sort(cellset *s, bool ignore_kernel);
/* <0, 0, >0: the cell keys of a and b (case included). */
int cell_keycmp(const cell *a, const cell *b, bool ignore_kernel);
/* The same, leaving out the case: do a and b share a column? */
int cell_colcmp(const cell *a, const cell *b, bool ignore_kernel);
/* "impl@kernel platform[ peer=P]" (no @kernel when ignore_kernel) into
 * buf. */
void cell_column(const cell *c, bool ignore_kernel, char *buf, size_t cap);
/* The kernel line of a release, its first two numbers ("6.1" of
 * "6.1.0-56-amd64"), or "?"; columns name it beside the release. */
void kernel_line(const char *release, char *buf, size_t cap);

/* ---- diff.c ---- */

/* ---- merge.c ---- */

#endif
