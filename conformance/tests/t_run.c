/*
 * t_run.c — atf-c front for t_run.sh, the harness's own tests (fake
 * adapter, sample cases under tests/cases/, kill -9 leaves nothing).
 */
#include <atf-c.h>
#include <stdio.h>
#include <stdlib.h>

ATF_TC(harness);
ATF_TC_HEAD(harness, tc)
{
	atf_tc_set_md_var(tc, "descr", "sockspec run/check/atf against a fake adapter");
	atf_tc_set_md_var(tc, "require.user", "root");
	atf_tc_set_md_var(tc, "timeout", "120");
}
ATF_TC_BODY(harness, tc)
{
	const char *src = atf_tc_get_config_var_wd(tc, "srcdir", ".");
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "sh '%s/t_run.sh' >&2", src);
	int rc = system(cmd);
	ATF_REQUIRE_MSG(rc == 0, "t_run.sh failed (status %d); see stderr", rc);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, harness);
	return atf_no_error();
}
