/*
 * t_errors.c — the documented error kinds (socket.rst:128-187): each has
 * its Python name, failures fill kind, code and message, and a NULL error
 * argument is allowed.
 */
#include "helpers.h"

#include <math.h>
#include <netdb.h>

/* errors.oserror-for-socket-errors, errors.herror-subclass,
 * errors.gaierror-subclass, errors.timeout-subclass: one name per kind. */
ATF_TC_WITHOUT_HEAD(kind_names);
ATF_TC_BODY(kind_names, tc)
{
	ATF_CHECK_STREQ(sr_errkind_name(SR_ERR_OSERROR), "OSError");
	ATF_CHECK_STREQ(sr_errkind_name(SR_ERR_HERROR), "herror");
	ATF_CHECK_STREQ(sr_errkind_name(SR_ERR_GAIERROR), "gaierror");
	ATF_CHECK_STREQ(sr_errkind_name(SR_ERR_TIMEOUT), "timeout");
	ATF_CHECK_STREQ(sr_errkind_name(SR_ERR_VALUEERROR), "ValueError");
	ATF_CHECK_STREQ(sr_errkind_name(SR_ERR_OVERFLOWERROR),
			"OverflowError");
	ATF_CHECK_STREQ(sr_errkind_name(SR_ERR_TYPEERROR), "TypeError");
	ATF_CHECK_STREQ(sr_errkind_name(SR_ERR_MEMORYERROR), "MemoryError");
}

/* errors.raise-not-return: a failing call reports -1 and an OSError with
 * the errno and strerror() text, not a special value. */
ATF_TC_WITHOUT_HEAD(oserror_has_errno_and_message);
ATF_TC_BODY(oserror_has_errno_and_message, tc)
{
	sr_err e = {0};
	ATF_REQUIRE(sr_socket(AF_INET, 12345, 0, &e) == NULL);
	ATF_CHECK_EQ(e.kind, SR_ERR_OSERROR);
	ATF_CHECK(e.code == EINVAL || e.code == EPROTONOSUPPORT ||
		  e.code == ESOCKTNOSUPPORT);
	ATF_CHECK_STREQ(e.msg, strerror(e.code));
}

/* errors.gaierror-args, errors.gaierror-eai-code: code is an EAI_* value
 * and the message is gai_strerror() of it. */
ATF_TC_WITHOUT_HEAD(gaierror_code_and_message);
ATF_TC_BODY(gaierror_code_and_message, tc)
{
	sr_addrinfo *ai;
	size_t n;
	sr_err e = {0};
	ATF_REQUIRE_EQ(sr_getaddrinfo("not a numeric host", "80", 0, 0, 0,
				      AI_NUMERICHOST, &ai, &n, &e), -1);
	ATF_CHECK_EQ(e.kind, SR_ERR_GAIERROR);
	ATF_CHECK_EQ(e.code, EAI_NONAME);
	ATF_CHECK_STREQ(e.msg, gai_strerror(EAI_NONAME));
}

/* errors.standard-type-errors: invalid values raise ValueError with a
 * message; the error argument may be NULL. */
ATF_TC_WITHOUT_HEAD(valueerror_and_null_err);
ATF_TC_BODY(valueerror_and_null_err, tc)
{
	double t = -1.0;
	SR_FAILS(SR_ERR_VALUEERROR, 0, sr_setdefaulttimeout(&t, ERR));
	ATF_CHECK_EQ(sr_setdefaulttimeout(&t, NULL), -1);
	t = NAN;
	SR_FAILS(SR_ERR_VALUEERROR, 0, sr_setdefaulttimeout(&t, ERR));
	ATF_CHECK(!sr_getdefaulttimeout(NULL));
}

/* A successful call leaves the error untouched. */
ATF_TC_WITHOUT_HEAD(success_leaves_err);
ATF_TC_BODY(success_leaves_err, tc)
{
	sr_err e = { .kind = SR_ERR_TYPEERROR, .code = 7, .msg = "keep" };
	uint32_t v;
	ATF_REQUIRE_EQ(sr_htonl(1, &v, &e), 0);
	ATF_CHECK_EQ(e.kind, SR_ERR_TYPEERROR);
	ATF_CHECK_EQ(e.code, 7);
	ATF_CHECK_STREQ(e.msg, "keep");
	sr_free(NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, kind_names);
	ATF_TP_ADD_TC(tp, oserror_has_errno_and_message);
	ATF_TP_ADD_TC(tp, gaierror_code_and_message);
	ATF_TP_ADD_TC(tp, valueerror_and_null_err);
	ATF_TP_ADD_TC(tp, success_leaves_err);
	return atf_no_error();
}
