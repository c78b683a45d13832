"""``quality filter``: a pre-ingest gate; every record comes out once, kept or rejected with reasons."""

from __future__ import annotations

import sys

import click

from quality.cli.common import (
    EXIT_INPUT_ERRORS,
    EXIT_OUTPUT_FAILED,
    EXIT_RUN_FAILED,
    INPUT_HELP,
    Inputs,
    escape,
    input_options,
    policy,
    policy_options,
)


@click.command(
    "filter",
    help=f"""Gate a stream of records: keep the good, set junk aside with reasons.

Every input comes out once: in --keep, or in --reject with reasons or an error; order is
kept. Records keep their fields; text files, pages and WARC responses become
{{"id", "text"}} records. Outputs are written a batch at a time in whole lines, so a killed
run never leaves half a line. A summary with counts per reason goes to stderr (and to --stats
as JSON).
{INPUT_HELP}

\b
Exit codes: 0 every input was read and routed (rejections are not failures); 1 an input
file could not be read whole (damaged, truncated, missing), every record was an error, or
--strict and some record had an error; 3 the run itself failed (a dead worker); 4 an output
cannot be written; 130/143 on SIGINT/SIGTERM, after the last complete batch.

\b
Examples:
  cat in.jsonl | quality filter - > kept.jsonl
  quality filter crawl.jsonl.gz --keep kept.jsonl --reject junk.jsonl --workers 2
  quality filter crawl.warc.gz --keep kept.jsonl --checkpoint run.ckpt
""",
)
@input_options
@click.option("--source", help="URL or domain the text PATHS come from (used for the domain rating).")
@click.option("--keep", "keep_path", default="-", show_default=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Where kept records go (- = stdout).")  # fmt: skip
@click.option(
    "--reject",
    "reject_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Where rejected and erroneous records go, with reasons; without it they are only counted.",
)
@click.option("--min-quality", type=click.FloatRange(0, 1), help="Also reject below this quality (policy min_quality).")
@click.option("--drop-verdict", type=click.Choice(["drop", "review"]),
              help="'review' rejects review and drop verdicts (policy reject_verdicts; default drop).")  # fmt: skip
@click.option("--annotate", is_flag=True, help="Add the compact report to kept records under 'quality'.")
@click.option("--clean", "clean_kept", is_flag=True,
              help="Judge and write kept records cleaned (as `quality clean` does), with their 'edits'.")  # fmt: skip
@click.option("-w", "--workers", default=1, show_default=True, type=click.IntRange(1), help="Scoring processes.")
@click.option("--strict", is_flag=True, help="Exit 1 if any record had an error.")
@click.option("--no-reliability", is_flag=True, help="Skip the source-reliability model.")
@click.option(
    "--skip",
    default=0,
    type=click.IntRange(0),
    help="Resume: skip the first N records (the count an interrupted run printed), append to the outputs.",
)
@click.option("--checkpoint", "checkpoint_path", type=click.Path(dir_okay=False),
              help="Save progress here after every batch; rerun with the same file to resume exactly where a killed "
              "run stopped (outputs are cut back to their last complete batch).")  # fmt: skip
@click.option("--stats", "stats_path", type=click.Path(dir_okay=False), help="Also write the summary as JSON here.")
@policy_options
def filter_cmd(paths, jsonl_files, input_format, text_field, id_field, max_bytes, quiet, source, keep_path,
               reject_path, min_quality, drop_verdict, annotate, clean_kept, workers, strict, no_reliability, skip,
               checkpoint_path, stats_path):  # fmt: skip
    import itertools

    from quality.io.progress import for_run, stdout_is_terminal
    from quality.io.sinks import LineSink, SignalGuard, Stopped, input_identity
    from quality.pipeline import run as filter_run

    inputs = Inputs(paths, jsonl_files, input_format, text_field, id_field, max_bytes, source)
    verdicts = None if drop_verdict is None else ("drop",) if drop_verdict == "drop" else ("drop", "review")
    settings = filter_run.GateSettings(
        policy=policy(min_quality=min_quality, reject_verdicts=verdicts),
        reliability=not no_reliability,
        annotate=annotate,
        clean=clean_kept,
        text_field=text_field,
    )
    input_id = input_identity([*paths, *jsonl_files])  # a checkpoint never resumes a changed input
    try:
        resume = filter_run.resume_point(checkpoint_path, input_id, keep_path, reject_path, skip)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    summary = filter_run.Summary.resumed(resume) if resume else filter_run.Summary()
    summary.skipped = skip
    items = itertools.islice(_say_losses(inputs.items(), quiet), resume.records if resume else skip, None)
    total = inputs.total()
    left = None if total is None else max(0, total - (resume.records if resume else skip))
    on_terminal = keep_path == "-" and stdout_is_terminal()
    progress = for_run("filtered", output_on_terminal=on_terminal, quiet=quiet, total=left)
    keep = reject = None

    def finish(message: str | None = None, code: int | None = None):
        progress.close()
        _summary(summary, inputs, reject_path, stats_path, text_field)
        if message:
            click.echo(message, err=True)
        if code is not None:
            sys.exit(code)

    try:
        keep = LineSink.open(keep_path, resume_at=resume and resume.keep_bytes, append=bool(skip))
        if reject_path:
            reject = LineSink.open(reject_path, resume_at=resume and resume.reject_bytes, append=bool(skip))
        with SignalGuard().installed() as guard:
            checkpoint = (checkpoint_path, input_id) if checkpoint_path else None
            filter_run.run(items, keep, reject, settings, workers=workers, summary=summary, guard=guard,
                           checkpoint=checkpoint, progress=progress.update)  # fmt: skip
    except Stopped as stop:
        finish(f"interrupted by {stop}: {filter_run.resume_hint(summary, checkpoint_path)}", 128 + stop.signum)
    except OSError as exc:  # a full disk, an unwritable output
        hint = filter_run.resume_hint(summary, checkpoint_path)
        finish(f"error: cannot write output: {exc.strerror or exc}; {hint}", EXIT_OUTPUT_FAILED)
    except Exception as exc:  # a dead worker: the run failed, say so in one line
        hint = filter_run.resume_hint(summary, checkpoint_path)
        finish(f"error: filter run failed: {type(exc).__name__}: {exc}; {hint}", EXIT_RUN_FAILED)
    finally:
        for sink in (keep, reject):
            if sink is not None:
                sink.close()
    if checkpoint_path:
        done = summary.checkpoint(input_id, keep, reject)
        done.complete = True
        done.save(checkpoint_path)
    finish()
    lost = summary.input_lost()
    if lost:
        click.echo(f"error: {lost}", err=True)
        sys.exit(EXIT_INPUT_ERRORS)
    if strict and summary.errors:
        sys.exit(EXIT_INPUT_ERRORS)


def _say_losses(items, quiet: bool):
    """Items unchanged; an input that could not be read whole is also named on stderr at once."""
    from quality.core.document import InputError
    from quality.io.readers import LOSS_KINDS

    for item in items:
        if isinstance(item, InputError) and item.kind in LOSS_KINDS and not quiet:
            click.echo(f"error: {escape(item.message)}", err=True)
        yield item


def _summary(summary, inputs: Inputs, reject_path, stats_path, text_field: str) -> None:
    """The run's counts on stderr (and as JSON with --stats), with a hint when no record had text."""
    import json

    summary.not_articles = dict(inputs.stats.skipped_by)
    where = "" if reject_path else " (rejected and errors not written: pass --reject FILE)"
    click.echo(f"quality filter: {summary.line()}{where}", err=True)
    for line in summary.details():
        click.echo(f"  {line}", err=True)
    if summary.read and summary.errors_by.get("no_text", 0) == summary.read:
        click.echo(f"  hint: no record has a {text_field!r} field; name the text's field with --text-field", err=True)
    if stats_path:
        try:
            with open(stats_path, "w", encoding="utf-8") as fh:
                json.dump(summary.to_dict(), fh, indent=2)
                fh.write("\n")
        except OSError as exc:
            click.echo(f"error: cannot write --stats {stats_path}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_OUTPUT_FAILED)
