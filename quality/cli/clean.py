"""``quality clean``: the article without its junk, with an edit trail."""

from __future__ import annotations

import click

from quality.cli.common import (
    INPUT_HELP,
    Inputs,
    escape,
    exit_if_failed,
    input_options,
    make_scorer,
    policy_options,
)


@click.command(
    help=f"""Keep the article, take out the junk: write each input cleaned, with an audit trail.

Page-chrome lines and mismatched captions are deleted, glued sentences get their space
back; AI-boilerplate or filler go too with --remove. An edit only ever deletes a span or
inserts a space. With --format jsonl each output record carries the cleaned "text", its
"edits" (input offsets: start, end, replacement, reason) and the cleaned text's "report".
{INPUT_HELP}

\b
Examples:
  quality clean seeds/003_826d4c05cf4bb9c3.txt
  quality clean seeds/ -o cleaned/
  quality clean crawl.jsonl.gz -o cleaned.jsonl
  quality clean crawl.jsonl --remove page_chrome,caption_mismatch,ai_boilerplate
"""
)
@input_options
@click.option("--source", help="URL or domain the text PATHS come from (used for the domain rating).")
@click.option(
    "--remove",
    metavar="DETECTORS",
    help="Comma-separated detectors whose findings are deleted ('' for none). "
    "Default: the policy's clean_remove (page_chrome,caption_mismatch).",
)
@click.option(
    "--repair",
    metavar="DETECTORS",
    help="Detectors whose findings are repaired ('' for none). Default: clean_repair (missing_spaces).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "jsonl"]),
    help="text: the cleaned text only; jsonl: text, edits and the cleaned text's report. "
    "Default: jsonl when any input is records (JSONL, Parquet, WARC), else text.",
)
@click.option("-o", "--output", type=click.Path(allow_dash=True), help="A file, or a directory for several text files.")
@click.option("--no-reliability", is_flag=True, help="Skip the source-reliability model.")
@policy_options
def clean(paths, jsonl_files, input_format, text_field, id_field, max_bytes, quiet, source, remove, repair, fmt,
          output, no_reliability):  # fmt: skip
    from quality.core.policy import PolicyError
    from quality.io.readers import format_of
    from quality.io.sinks import CleanSink
    from quality.pipeline.clean import Cleaner
    from quality.pipeline.scorer import batched

    inputs = Inputs(paths, jsonl_files, input_format, text_field, id_field, max_bytes, source)
    records = jsonl_files or any(format_of(p) in ("jsonl", "parquet", "warc") for p in paths)
    fmt = fmt or ("jsonl" if records else "text")
    scorer = make_scorer(reliability=not no_reliability)
    try:
        cleaner = Cleaner(scorer=scorer, remove=_names(remove), repair=_names(repair))
    except PolicyError as exc:
        raise click.BadParameter(str(exc), param_hint="--remove/--repair") from None
    try:
        sink = CleanSink(fmt, output, inputs.several(), text_field)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    failed = 0
    with sink:
        for chunk in batched(inputs.items(scorer.policy.time_budget)):
            for item, cleaned in zip(chunk, cleaner.clean_many(chunk), strict=True):
                if cleaned.report is not None and cleaned.report.error:
                    failed += 1
                    if not quiet:
                        click.echo(f"error: {escape(cleaned.report.error)}", err=True)
                sink.write(item, cleaned)
    inputs.say_skipped(quiet)
    if sink.renamed and not quiet:
        shown = ", ".join(f"{escape(i)} -> {n}" for i, n in sink.renamed[:5])
        more = f" and {len(sink.renamed) - 5} more" if len(sink.renamed) > 5 else ""
        click.echo(f"{len(sink.renamed)} output(s) renamed so no two inputs share a file: {shown}{more}", err=True)
    exit_if_failed(failed)


def _names(value: str | None):
    return None if value is None else tuple(n.strip() for n in value.split(",") if n.strip())
