"""Writing reports: ``json`` (one array), ``jsonl`` (one object a line, streamable), ``table``.

Writers stream: each report is written as soon as it is scored, so a run over millions of
articles never holds them all in memory.
"""

from __future__ import annotations

from typing import TextIO

from quality.core.report import Report, json_line

FORMATS = ("table", "json", "jsonl")
_SNIPPET = 70


class Writer:
    """Base writer: ``write`` each report, then ``close`` once."""

    def __init__(self, out: TextIO):
        self.out = out

    def write(self, report: Report) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.out.flush()


class JsonlWriter(Writer):
    def write(self, report: Report) -> None:
        self.out.write(json_line(report.to_dict()) + "\n")


class JsonWriter(Writer):
    """A JSON array written element by element."""

    def __init__(self, out: TextIO):
        super().__init__(out)
        self.count = 0

    def write(self, report: Report) -> None:
        self.out.write("[\n" if self.count == 0 else ",\n")
        self.out.write(json_line(report.to_dict(), indent=2))
        self.count += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")
        super().close()


class TableWriter(Writer):
    """A block per article for people: verdict, scores, and each finding's text."""

    def write(self, report: Report) -> None:
        self.out.write("\n".join(format_table(report)) + "\n\n")


def printable(text: str) -> str:
    """Text from inputs made safe for a terminal: control characters (escape sequences that
    could retitle or clear it) and lone surrogates shown as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else repr(c)[1:-1] for c in text)


def format_table(report: Report) -> list[str]:
    if report.error:
        return [printable(f"{report.id}  ERROR  {report.error}")]
    lines = [printable(f"{report.id}  quality {report.quality:.2f}  {report.verdict.upper()}")]
    for warning in report.warnings:
        lines.append(printable(f"  warning: {warning}"))
    rel = report.reliability
    if rel is not None:
        domain = ""
        if rel.domain_rating:
            domain = f"; domain {rel.domain_rating.get('domain')}: {rel.domain_rating.get('label')}"
        lines.append(f"  reliability  {rel.label} ({rel.score:.2f}, decided by {rel.decided_by}{domain})")
        drivers = ", ".join(f"{d.feature} {d.contribution:+.2f}" for d in rel.drivers[:5])
        if drivers:
            lines.append(f"    drivers: {drivers}")
    for name, result in report.detectors.items():
        lines.append(f"  {name:<17} {result.score:.2f}  {len(result.findings)} finding(s)")
        for f in result.findings:
            lines.append(printable(f"    {f.start:>6}-{f.end:<6} {f.kind:<16} {_snippet(f.text)}  ({f.detail})"))
    return lines


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= _SNIPPET else flat[: _SNIPPET - 1] + "…")


def make_writer(fmt: str, out: TextIO) -> Writer:
    return {"table": TableWriter, "json": JsonWriter, "jsonl": JsonlWriter}[fmt](out)
