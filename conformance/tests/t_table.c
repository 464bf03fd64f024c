/*
 * t_table.c — the results reader (base/record.c over json-c) and the behaviour ×
 * implementation table (table.c) that `make run` prints.
 */
#include <atf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/record.h"
#include "report/report.h"

/* Strings, numbers, nesting and escapes come back through json-c. */
ATF_TC_WITHOUT_HEAD(json_values);
ATF_TC_BODY(json_values, tc)
{
	char err[160];
	double d = 0;
	struct json_object *v = record_parse(
		"{\"case\": \"a/b\", \"ids\": [\"x.y\", \"z\"], "
		"\"duration\": 0.25, \"n\": -3, \"ok\": true, "
		"\"none\": null, \"s\": \"q\\\"\\n\\u00e9\"}", err, sizeof err);
	ATF_REQUIRE_MSG(v != NULL, "%s", err);
	ATF_CHECK_STREQ(record_str(v, "case"), "a/b");
	ATF_CHECK_EQ(json_object_array_length(record_get(v, "ids")), 2);
	ATF_CHECK(record_num(v, "duration", &d) && d == 0.25);
	ATF_CHECK(record_num(v, "n", &d) && d == -3);
	ATF_CHECK(json_object_get_boolean(record_get(v, "ok")));
	ATF_CHECK(record_get(v, "none") == NULL);
	ATF_CHECK(!record_num(v, "s", &d));
	ATF_CHECK_STREQ(record_str(v, "s"), "q\"\n\xc3\xa9");
	ATF_CHECK(record_get(v, "missing") == NULL);
	ATF_CHECK_STREQ(record_str(v, "missing"), "");
	ATF_CHECK_STREQ(record_str(v, "n"), "");
	json_object_put(v);
}

/* Malformed input is refused with a reason and a column. */
ATF_TC_WITHOUT_HEAD(json_malformed);
ATF_TC_BODY(json_malformed, tc)
{
	static const char *bad[] = { "{", "{\"a\" 1}", "[1,]", "\"abc",
				     "{\"a\": tru}", "[1] x", "\"\\q\"",
				     "\"\\u12\"", "", "{\"a\": 1} }" };
	char err[160];
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		err[0] = '\0';
		ATF_CHECK_MSG(record_parse(bad[k], err, sizeof err) == NULL,
			      "accepted %s", bad[k]);
		ATF_CHECK_MSG(strncmp(err, "column ", 7) == 0, "%s: '%s'",
			      bad[k], err);
	}
}

static char *render(const char *results)
{
	char path[] = "/tmp/t_table.XXXXXX";
	int fd = mkstemp(path);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	char *files[] = { path };
	ATF_REQUIRE(fd >= 0);
	ATF_REQUIRE(write(fd, results, strlen(results)) == (ssize_t)strlen(results));
	close(fd);
	ATF_REQUIRE_EQ(table_print(1, files, out), 0);
	fclose(out);
	unlink(path);
	return buf;
}

/* A cell is the worst outcome among the cases citing the id, per impl;
 * totals count cases. */
ATF_TC_WITHOUT_HEAD(table_worst_outcome);
ATF_TC_BODY(table_worst_outcome, tc)
{
	char *t = render(
		"{\"case\":\"a/1\",\"ids\":[\"a.x\",\"a.y\"],\"impl\":\"ref\",\"outcome\":\"passed\"}\n"
		"{\"case\":\"a/2\",\"ids\":[\"a.y\"],\"impl\":\"ref\",\"outcome\":\"failed\"}\n"
		"{\"case\":\"a/1\",\"ids\":[\"a.x\",\"a.y\"],\"impl\":\"cpython\",\"outcome\":\"xfail\"}\n");
	ATF_CHECK_MSG(strstr(t, "a.x         passed    xfail") != NULL, "%s", t);
	ATF_CHECK_MSG(strstr(t, "a.y         failed    xfail") != NULL, "%s", t);
	ATF_CHECK_MSG(strstr(t, "2 behaviours") != NULL, "%s", t);
	ATF_CHECK_MSG(strstr(t, "ref: 1 passed, 0 xfail, 0 skipped, 0 unsupported, 0 xpass, 1 failed, 0 broken") != NULL, "%s", t);
	free(t);
}

/* A malformed line is reported with file and line; the rest still count. */
ATF_TC_WITHOUT_HEAD(table_bad_line);
ATF_TC_BODY(table_bad_line, tc)
{
	char path[] = "/tmp/t_table.XXXXXX";
	int fd = mkstemp(path);
	char *files[] = { path };
	FILE *out = fopen("/dev/null", "w");
	const char *text = "{\"ids\":[\"a.x\"],\"impl\":\"ref\",\"outcome\":\"passed\"}\n{oops\n";
	ATF_REQUIRE(fd >= 0);
	ATF_REQUIRE(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	ATF_CHECK_EQ(table_print(1, files, out), 2);
	fclose(out);
	unlink(path);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, json_values);
	ATF_TP_ADD_TC(tp, json_malformed);
	ATF_TP_ADD_TC(tp, table_worst_outcome);
	ATF_TP_ADD_TC(tp, table_bad_line);
	return atf_no_error();
}
