"""The preview's background full build: a ``policybrief build`` child process.

It runs in a process of its own so the preview can stop it at once when the
writer saves again: terminating it is the same clean interruption as Ctrl-C
(temporary files removed, build state saved), so a new save never waits
behind an old PDF render. Its output goes to temporary files, read back once
it has finished.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path


class BackgroundBuild:
    """A running ``command`` (a ``policybrief build`` line) in the project at ``root``.

    Starting it raises OSError if the command cannot be run.
    """

    def __init__(self, command: list[str], root: Path) -> None:
        self.out = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.err = tempfile.TemporaryFile("w+", encoding="utf-8")
        # Its output is read back into the preview's terminal: plain text, without
        # colour codes or GitHub annotations.
        env = {**os.environ, "NO_COLOR": "1"}
        env.pop("GITHUB_ACTIONS", None)
        self.process = subprocess.Popen(
            command, cwd=root, stdout=self.out, stderr=self.err, stdin=subprocess.DEVNULL, env=env
        )

    @property
    def returncode(self) -> int | None:
        """The build's exit code, or None until :meth:`running` has seen it end."""
        return self.process.returncode

    def running(self) -> bool:
        """Tell whether the build is still going (and record its exit code once not)."""
        return self.process.poll() is None

    def stop(self) -> None:
        """Interrupt it as Ctrl-C would: it removes its temporary files and saves its state."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.close()

    def close(self) -> None:
        """Discard what it printed."""
        self.out.close()
        self.err.close()

    def summary(self) -> str:
        """Return the build's summary line (stdout on success, the last stderr line on errors)."""
        self.out.seek(0)
        lines = [line for line in self.out.read().splitlines() if line.strip()]
        if not lines:
            self.err.seek(0)
            lines = [line for line in self.err.read().splitlines() if line.strip()]
        return lines[-1] if lines else "done"

    def errors(self) -> str:
        """Return everything it printed to stderr."""
        self.err.seek(0)
        return self.err.read()
