"""`python -m assistant.die_with_parent PARENT_PID COMMAND...`: run COMMAND, and SIGTERM it when
PARENT_PID dies.

The supervisor starts each server in its own session, so Ctrl-C reaches only the supervisor,
which stops them in order. Killed outright (SIGKILL, the OOM killer, a CI timeout), it could stop
nothing, and its servers would keep their ports. Linux's PR_SET_PDEATHSIG asks the kernel to
signal the child when its parent goes; it is set here and then COMMAND is exec'd (the setting
survives exec), because Popen's `preexec_fn` is unsafe once the supervisor runs threads.
Elsewhere than Linux, COMMAND simply runs.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def main(argv: list[str]) -> int:
    if len(argv) < 2 or not argv[0].isdigit():
        print("usage: python -m assistant.die_with_parent PARENT_PID COMMAND...", file=sys.stderr)
        return 2
    parent, command = int(argv[0]), argv[1:]
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:
            return 1  # the parent died before the setting took: nobody would stop us
    # bandit B606: the supervisor's own argv list, no shell. Replaces this process, or raises.
    os.execvp(command[0], command)  # nosec B606


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
