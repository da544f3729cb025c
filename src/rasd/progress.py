"""One status line on stderr while a long batch runs: documents, failures, rate and ETA.

Only when stderr is a terminal: a log file or a pipe gets nothing from here (the batch's
own per-document messages and its summary line are unchanged), so scripts see the same
output as before.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

# Redraw at most this often: a terminal line per document would cost more than the
# documents themselves on a fast stage selection.
REDRAW_EVERY_S = 0.25
CLEAR_LINE = "\r\x1b[K"


class Progress:
    """`advance()` once per document; `close()` at the end (also after an error).

    `total` is the number of documents when it is cheaply known (None: rate only, no ETA).
    """

    def __init__(self, total: int | None = None, stream=None, enabled: bool | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_terminal(self.stream) if enabled is None else enabled
        self.total = total
        self.clock = clock
        self.started = clock()
        self.last_drawn = float("-inf")
        self.done = 0
        self.failed = 0
        self.shown = False

    def advance(self, failed: bool = False) -> None:
        self.done += 1
        self.failed += bool(failed)
        if not self.enabled:
            return
        if failed:
            # The caller is about to print the failure on stderr: give it a clean line.
            self._clear()
            return
        now = self.clock()
        if now - self.last_drawn >= REDRAW_EVERY_S:
            self.last_drawn = now
            self.stream.write(CLEAR_LINE + self.line(now))
            self.stream.flush()
            self.shown = True

    def line(self, now: float | None = None) -> str:
        elapsed = max((now if now is not None else self.clock()) - self.started, 1e-9)
        rate = self.done / elapsed
        of = f"/{self.total}" if self.total is not None else ""
        text = f"rasd: {self.done}{of} documents, {self.failed} failed, {rate:.1f} articles/s"
        if self.total is not None and rate > 0 and self.total >= self.done:
            text += f", ETA {_clock(round((self.total - self.done) / rate))}"
        return text

    def close(self) -> None:
        if self.enabled:
            self._clear()

    def _clear(self) -> None:
        if self.shown:
            self.stream.write(CLEAR_LINE)
            self.stream.flush()
            self.shown = False


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
