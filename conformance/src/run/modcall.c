/*
 * modcall.c — the modules besides `socket` whose functions a case calls
 * by their Python names, each sent to the step's adapter as a module call
 * with a prefix (conformance/README.md, Steps): `os.pipe()` is `os_pipe`,
 * the descriptors of the implementation's process; `sys.exit(1)` is
 * `sys_exit`, the implementation's own SystemExit (socket.rst's echo
 * examples end in sys.exit(1)). A step that bound a name `os` or `sys`
 * means its own value instead.
 */
#include <string.h>

#include "run_internal.h"

const char *modcall_prefix(runctx *x, const expr *e)
{
	static const char *const mods[][2] = {
		{ "os", "os_" }, { "sys", "sys_" },
	};
	if (e->kind != E_CALL || !e->obj || e->obj->kind != E_NAME)
		return NULL;
	for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
		if (strcmp(e->obj->name, mods[i][0]) == 0)
			return var_get(x, mods[i][0]) ? NULL : mods[i][1];
	return NULL;
}
