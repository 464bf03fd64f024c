/*
 * candump.h — reading the compact log format of can-utils (`candump -L`,
 * `candump -l`, what `canplayer` replays) into values a case compares.
 */
#ifndef SOCKSPEC_CANDUMP_H
#define SOCKSPEC_CANDUMP_H

#include <stddef.h>

#include "lang/lang.h"

/*
 * The frames of a log, timestamps dropped, as a list of tuples:
 *
 *   classic CAN  (iface, can_id, can_dlc, data)
 *   CAN FD       (iface, can_id, len, data, flags)
 *
 * can_id is struct can_frame's: CAN_EFF_FLAG set for an 8-digit id (unless
 * it is an error frame, CAN_ERR_FLAG), CAN_RTR_FLAG for a remote request
 * `ID#R` / `ID#R<dlc>`, whose data is b''. The last three items of a classic
 * frame are what socket.rst's dissect_can_frame returns.
 *
 * Blank lines and lines starting with '#' are skipped. Anything else that is
 * not `(SECONDS.FRACTION) IFACE FRAME` gives NULL and "line N, column C:
 * reason" in err.
 */
value *candump_frames(const char *text, size_t len, char *err, size_t cap);

#endif
