"""What every command shares: exit codes, the policy options, the input options, the scorer.

Exit codes: 0 every input was scored (or routed); 1 some input could not be read or scored,
or an input file could not be read whole (each named on stderr, and present in the output
with ``error`` set); 2 usage error (bad option, config or policy); 3 the run itself failed (a
dead worker, a refused model); 4 the output could not be written (full disk, closed pipe);
130 interrupted.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import click

EXIT_INPUT_ERRORS = 1
EXIT_RUN_FAILED = 3
EXIT_OUTPUT_FAILED = 4
EXIT_INTERRUPTED = 130


# Where -o writes: UTF-8, and a lone surrogate in an article becomes an escape, not a crash.
OUTPUT_FILE = click.File("w", encoding="utf-8", errors="backslashreplace")


class RunFailed(click.ClickException):
    """The run cannot start or go on (a refused model file): exit 3, one line."""

    exit_code = EXIT_RUN_FAILED


# ---- the policy: --config and --set, before or after the subcommand ---------------------------


def _remember(key: str):
    def callback(ctx: click.Context, _param, value):
        obj = ctx.find_root().ensure_object(dict)
        if key == "settings":
            obj["settings"] = (*obj.get("settings", ()), *value)
        elif value:
            obj[key] = value
        return value

    return callback


def policy_options(fn: Callable) -> Callable:
    """``--config FILE`` and ``--set KEY=VALUE``, accepted by the group and by every command."""
    fn = click.option(
        "--set",
        "settings",
        multiple=True,
        metavar="KEY=VALUE",
        expose_value=False,
        callback=_remember("settings"),
        help="One policy setting, after --config: keep_at=0.7, weights.filler=0.3, "
        "detectors.caption_mismatch.similarity=embeddings. Repeatable.",
    )(fn)
    return click.option(
        "--config",
        type=click.Path(dir_okay=False),
        envvar="QUALITY_CONFIG",
        expose_value=False,
        callback=_remember("config"),
        help="Policy file (TOML): weights, cut-offs, gate rules, time budget, detector parameters. "
        "Env: QUALITY_CONFIG.",
    )(fn)


def policy(**changes):
    """The policy from --config and --set (read when a command needs it, so --help stays fast),
    with the command's own options (``changes``) applied on top."""
    from quality.core.policy import Policy, PolicyError, with_settings

    obj = click.get_current_context().find_root().obj or {}
    try:
        base = Policy.from_toml(obj["config"]) if obj.get("config") else Policy()
        base = with_settings(base, obj.get("settings", ()))
        return base.replace(**{k: v for k, v in changes.items() if v is not None}) if changes else base
    except PolicyError as exc:
        raise click.BadParameter(str(exc), param_hint="--config/--set") from None


# ---- inputs: one grammar for every command ------------------------------------------------------


def input_options(fn: Callable) -> Callable:
    """PATHS and the options that say how to read them: the same for score, clean, report,
    source and filter."""
    from quality.io.readers import INPUT_FORMATS

    options = [
        click.argument("paths", nargs=-1, type=click.Path(allow_dash=True)),
        click.option(
            "--jsonl",
            "jsonl_files",
            multiple=True,
            type=click.Path(allow_dash=True),
            help="A JSON Lines input whatever its name (- for stdin). Repeatable.",
        ),
        click.option(
            "--input-format",
            type=click.Choice(INPUT_FORMATS),
            default="auto",
            show_default=True,
            help="How to read PATHS. auto: by file name; stdin is JSONL when it starts with '{', else one text.",
        ),
        click.option(
            "--text-field",
            "--field",
            "text_field",
            default="text",
            show_default=True,
            help="Record field holding the text (JSONL, Parquet).",
        ),  # fmt: skip
        click.option("--id-field", default="id", show_default=True, help="Record field holding the id."),
        click.option(
            "--max-bytes",
            default=10_000_000,
            show_default=True,
            type=click.IntRange(1),
            help="Largest article or record accepted.",
        ),
        click.option("-q", "--quiet", is_flag=True, help="No progress line and no per-input error lines."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


INPUT_HELP = """
    PATHS are files or directories (searched recursively), or - for stdin. Each is read by its
    name: .txt is one article; .jsonl/.ndjson (.gz, .zst) one per line, {"id", "text", "url"?};
    .parquet one per row; .html/.htm (.gz) one page (needs the html extra); .warc(.gz) one per
    HTML response (needs the warc extra; other responses are counted as skipped)."""


class Inputs:
    """The inputs a command was given, read the one way every command reads them."""

    def __init__(self, paths, jsonl_files, input_format, text_field, id_field, max_bytes, source=None):
        from quality.io.readers import ReadOptions, ReadStats

        self.paths = list(paths)
        self.jsonl_files = list(jsonl_files)
        if not self.paths and not self.jsonl_files:
            raise click.UsageError("give PATHS, - for stdin, or --jsonl FILE")
        self.options = ReadOptions(source, text_field, id_field, max_bytes, input_format)
        self.stats = ReadStats()

    def items(self, budget: float | None = None) -> Iterator:
        """Every input in order. Web pages are extracted here within ``budget`` seconds each;
        with ``None`` they stay pending, for the code that scores them to extract (a
        filter's worker processes)."""
        from dataclasses import replace
        from itertools import chain

        from quality.io.pages import resolve
        from quality.io.readers import read_inputs

        jsonl = replace(self.options, input_format="jsonl")
        items = chain(
            read_inputs(self.paths, self.options, self.stats),
            *(read_inputs([f], jsonl, self.stats) for f in self.jsonl_files),
        )
        return items if budget is None else (resolve(item, budget) for item in items)

    def total(self) -> int | None:
        from quality.io.progress import known_total

        return None if self.jsonl_files and "-" in self.jsonl_files else known_total(self.paths + self.jsonl_files)

    def several(self) -> bool:
        from pathlib import Path

        return len(self.paths) + len(self.jsonl_files) > 1 or any(p != "-" and Path(p).is_dir() for p in self.paths)

    def say_skipped(self, quiet: bool) -> None:
        if self.stats.skipped and not quiet:
            parts = ", ".join(f"{n} {kind}" for kind, n in sorted(self.stats.skipped_by.items()))
            click.echo(f"skipped {self.stats.skipped} input(s) that are not articles: {parts}", err=True)


def make_scorer(**kwargs):
    """A Scorer, or a one-line error when the policy or the model file is refused."""
    from quality.assets.persist import ModelFileError
    from quality.core.policy import PolicyError
    from quality.pipeline.scorer import Scorer

    try:
        return Scorer(policy(), **kwargs)
    except PolicyError as exc:
        raise click.BadParameter(str(exc), param_hint="--config/--set") from None
    except ModelFileError as exc:
        raise RunFailed(str(exc)) from None


def scored(scorer, inputs: Inputs, *, quiet: bool = False, to_terminal: bool = True, label: str = "scored"):
    """``(item, report)`` for every input, in order; unreadable inputs become error reports.
    Articles are scored in batches (one reliability-model call each), still streaming; a
    progress line shows on a terminal's stderr while the results go elsewhere."""
    from quality.io.progress import for_run, stdout_is_terminal
    from quality.pipeline.scorer import batched

    progress = for_run(label, output_on_terminal=to_terminal and stdout_is_terminal(), total=inputs.total(),
                       quiet=quiet)  # fmt: skip
    try:
        for chunk in batched(inputs.items(scorer.policy.time_budget)):
            reports = scorer.score_many(chunk)
            progress.update(len(chunk))
            for item, report in zip(chunk, reports, strict=True):
                if report.error and not quiet:
                    click.echo(f"error: {escape(report.error)}", err=True)
                yield item, report
    finally:
        progress.close()
    inputs.say_skipped(quiet)


def escape(text: str) -> str:
    """Text from inputs made safe for a terminal (:func:`quality.io.writers.printable`)."""
    from quality.io.writers import printable

    return printable(text)


def exit_if_failed(failed: int) -> None:
    if failed:
        click.echo(f"{failed} input(s) failed", err=True)
        sys.exit(EXIT_INPUT_ERRORS)


def default_format(output) -> str:
    stream = output or sys.stdout
    return "table" if getattr(stream, "isatty", lambda: False)() else "jsonl"
