"""What a run did, and every row (or part of a row) that did not come over, with why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SKIPPED = "không nhập"   # the row is not imported
PARTIAL = "thiếu"        # the row is imported without this part (a missing image...)
KEPT = "giữ bản sửa"     # changed in NukeViet, but edited here since: the edit is kept
KEPT_REASON = ("đã được sửa trên cổng mới sau lần nhập trước; thay đổi bên NukeViet không "
               "ghi đè (thêm --overwrite-local-edits để ghi đè)")


@dataclass
class Line:
    kind: str
    external_id: str
    severity: str
    reason: str

    def __str__(self) -> str:
        return f"{self.kind}\t{self.external_id}\t{self.severity}\t{self.reason}"


@dataclass
class Report:
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    lines: list[Line] = field(default_factory=list)

    def count(self, kind: str, outcome: str) -> None:
        self.counts[(kind, outcome)] += 1

    def skip(self, kind: str, external_id, reason: str) -> None:
        self.lines.append(Line(kind, str(external_id), SKIPPED, reason))
        self.count(kind, "skipped")

    def kept(self, kind: str, external_id) -> None:
        self.lines.append(Line(kind, str(external_id), KEPT, KEPT_REASON))
        self.count(kind, "kept")

    def partial(self, kind: str, external_id, reason: str) -> None:
        self.lines.append(Line(kind, str(external_id), PARTIAL, reason))

    def skipped(self, kind: str | None = None) -> list[Line]:
        return [line for line in self.lines
                if line.severity == SKIPPED and (kind is None or line.kind == kind)]

    def summary(self) -> list[str]:
        kinds = sorted({kind for kind, _ in self.counts})
        words = (("would_create", "sẽ tạo") if self.dry_run else ("created", "tạo mới"),
                 ("would_update", "sẽ cập nhật") if self.dry_run else ("updated", "cập nhật"),
                 ("unchanged", "không đổi"), ("kept", "giữ bản sửa"),
                 ("skipped", "không nhập"))
        out = []
        for kind in kinds:
            parts = [f"{label} {self.counts[(kind, key)]}" for key, label in words
                     if self.counts[(kind, key)]]
            out.append(f"{kind}: " + ", ".join(parts))
        if self.dry_run:
            out.append("Chạy thử (--dry-run): không ghi gì vào cơ sở dữ liệu.")
        return out

    def write(self, path: Path) -> None:
        with Path(path).open("w", encoding="utf-8") as fh:
            fh.write("# loại\tmã cũ\tmức\tlý do\n")
            for line in self.lines:
                fh.write(f"{line}\n")
            fh.write("# tổng kết\n")
            for line in self.summary():
                fh.write(f"# {line}\n")
