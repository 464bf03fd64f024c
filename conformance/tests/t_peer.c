/*
 * t_peer.c — atf-c front for t_peer.sh: the harness's peer programs
 * (peer_start/stop/wait/run, fixtures, candump logs) against the fake
 * adapter, and no peer left behind by a broken case or a killed runner.
 */
#include <atf-c.h>
#include <stdio.h>
#include <stdlib.h>

ATF_TC(peers);
ATF_TC_HEAD(peers, tc)
{
	atf_tc_set_md_var(tc, "descr", "peer programs beside a case, fake adapter");
	atf_tc_set_md_var(tc, "require.user", "root");
	atf_tc_set_md_var(tc, "require.progs", "pgrep ip");
	atf_tc_set_md_var(tc, "timeout", "120");
}
ATF_TC_BODY(peers, tc)
{
	const char *src = atf_tc_get_config_var_wd(tc, "srcdir", ".");
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "sh '%s/t_peer.sh' >&2", src);
	int rc = system(cmd);
	ATF_REQUIRE_MSG(rc == 0, "t_peer.sh failed (status %d); see stderr", rc);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, peers);
	return atf_no_error();
}
