"""PDF workers that fail as no worker should, and a build that uses them.

Each ``render`` function here stands in for ``policybrief.render.pdf.render_pdf``
in the workers (``policybrief.build.pool.RENDER``): it renders every brief as
usual except ``test-brief``, where it hangs where no signal handler can run,
or dies. Workers import them by name, so they live in a module, not a test.

Run as ``python -m tests.workers RENDER MARGIN [build arguments]`` it builds
with that worker and a kill margin of MARGIN seconds (the build's exit code is
its own), for tests that signal a whole build; RENDER ``frozen`` stops every
worker as it starts, so none ever gets ready; ``zygote-killed`` and
``zygote-sigint`` send the workers' zygote SIGKILL or SIGINT as it starts.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policybrief.render.pdf import PdfJob, PdfResult

#: The brief the faulty workers fail on.
VICTIM = "test-brief"
#: What a stuck worker writes to its stderr just before it blocks, for tests to wait on.
STUCK = "test worker: stuck on test-brief"


def stuck(job: PdfJob) -> PdfResult:
    """Block for ever in C, every signal held, on the victim; render the rest."""
    from policybrief.render.pdf import render_pdf

    if job.slug != VICTIM:
        return render_pdf(job)
    # Held, the render's own time limit (SIGALRM) stays pending for ever, as in a
    # worker blocked on a lock in Pango or fontconfig; the read never returns.
    signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    never, _kept_open = os.pipe()
    os.write(2, f"{STUCK}\n".encode())
    os.read(never, 1)
    raise AssertionError("unreachable: nothing writes to the pipe")


def exits(job: PdfJob) -> PdfResult:
    """Exit at once with code 3 on the victim, as a worker whose library calls exit()."""
    from policybrief.render.pdf import render_pdf

    if job.slug == VICTIM:
        os._exit(3)
    return render_pdf(job)


def killed(job: PdfJob) -> PdfResult:
    """Die by SIGKILL on the victim, as under the system's out-of-memory killer."""
    from policybrief.render.pdf import render_pdf

    if job.slug == VICTIM:
        os.kill(os.getpid(), signal.SIGKILL)
    return render_pdf(job)


def _frozen_start(*args: Any, **kwargs: Any) -> Any:
    """Start a worker and stop it (SIGSTOP) at once: it never gets ready, as one hung at start."""
    from policybrief.render.worker import start_worker

    process, connection = start_worker(*args, **kwargs)
    os.kill(process.pid, signal.SIGSTOP)
    return process, connection


def _frozen_zygote(*args: Any, **kwargs: Any) -> Any:
    """Start the workers' zygote and stop it at once: none of its workers gets ready."""
    from policybrief.render.zygote import start_zygote

    process, pipes = start_zygote(*args, **kwargs)
    os.kill(process.pid, signal.SIGSTOP)
    return process, pipes


def _zygote_then(signum: int) -> Any:
    """A start of the workers' zygote that sends it ``signum`` while it boots: at once for
    SIGKILL; for SIGINT once its interpreter handles it (as a Ctrl-C finds it while it
    imports) or ignores it (what it inherits from a build that spawns it so)."""

    def start(*args: Any, **kwargs: Any) -> Any:
        import time

        from policybrief.render.zygote import start_zygote

        process, pipes = start_zygote(*args, **kwargs)
        deadline = time.monotonic() + 10
        while signum == signal.SIGINT and time.monotonic() < deadline:
            if _catches(process.pid, signum):
                break
            time.sleep(0.001)
        os.kill(process.pid, signum)
        return process, pipes

    return start


def _catches(pid: int, signum: int) -> bool:
    """Whether process ``pid`` handles ``signum`` itself, or ignores it (/proc: SigCgt, SigIgn)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if (
                    line.startswith(("SigCgt:", "SigIgn:"))
                    and int(line.split()[1], 16) >> (signum - 1) & 1
                ):
                    return True
    except OSError:
        pass
    return False


def _main(argv: list[str]) -> int:
    import tests.workers as named  # by its name, not __main__: workers import it so
    from policybrief.build import dispatch, pool
    from policybrief.cli import main

    if argv[0] == "frozen":  # every worker hangs at start; a second is enough to give up
        dispatch.start_worker = _frozen_start  # type: ignore[assignment]
        dispatch.start_zygote = _frozen_zygote  # type: ignore[assignment]
        pool.START_LIMIT = 1.0
    elif argv[0] == "zygote-killed":  # the zygote dies as it starts: spawned workers instead
        dispatch.start_zygote = _zygote_then(signal.SIGKILL)  # type: ignore[assignment]
    elif argv[0] == "zygote-sigint":  # a Ctrl-C meant for another process reaches the zygote
        dispatch.start_zygote = _zygote_then(signal.SIGINT)  # type: ignore[assignment]
    else:
        pool.RENDER = getattr(named, argv[0])
    pool.KILL_MARGIN = float(argv[1])
    return main(argv[2:])


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
