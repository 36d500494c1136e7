"""A text progress bar for management commands."""

from __future__ import annotations

import time

BAR_WIDTH = 30


class Progress:
    """A text progress bar written to a stream (a command's stdout or stderr), at most once
    per percent."""

    def __init__(self, out, total: int):
        self.out, self.total, self.shown = out, max(total, 1), -1
        self.started = time.monotonic()

    def __call__(self, done: int) -> None:
        percent = min(100, done * 100 // self.total)
        if percent == self.shown:
            return
        self.shown = percent
        filled = BAR_WIDTH * percent // 100
        self.out.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d}% "
                       f"{done}/{self.total}{self._pace(done)}", ending="")
        self.out.flush()

    def _pace(self, done: int) -> str:
        """Rate and time left, once there is something to measure."""
        seconds = self.seconds
        if done <= 0 or seconds < 1:
            return ""
        rate = done / seconds
        left = max(self.total - done, 0) / rate
        minutes, secs = divmod(int(left), 60)
        return f" {rate:.0f}/s, còn {minutes}:{secs:02d}"

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def finish(self, entries: int) -> None:
        seconds = self.seconds
        rate = entries / seconds if seconds else 0
        self.out.write(f"\nIndexed {entries} entries in {seconds:.1f} s ({rate:.0f}/s).")
