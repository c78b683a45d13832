"""``quality score``: a report per article, as a table, JSON or JSON Lines."""

from __future__ import annotations

import sys

import click

from quality.cli.common import (
    INPUT_HELP,
    OUTPUT_FILE,
    Inputs,
    default_format,
    exit_if_failed,
    input_options,
    make_scorer,
    policy_options,
    scored,
)
from quality.io.writers import FORMATS


@click.command(
    help=f"""Score articles and report their defects, reliability and verdict.
{INPUT_HELP}

\b
Examples:
  quality score seeds/*.txt
  quality score --format json -o reports.json seeds/
  quality score articles.jsonl --format jsonl
  quality score page.html crawl.warc.gz
"""
)
@input_options
@click.option("--source", help="URL or domain the text PATHS come from (used for the domain rating).")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format. Default: table on a terminal, jsonl otherwise.",
)
@click.option(
    "-o",
    "--output",
    type=OUTPUT_FILE,
    help="Write here instead of stdout.",
)
@click.option("--no-reliability", is_flag=True, help="Skip the source-reliability model.")
@click.option(
    "--model", type=click.Path(exists=True, dir_okay=False), help="Reliability model file (default: shipped)."
)
@policy_options
def score(paths, jsonl_files, input_format, text_field, id_field, max_bytes, quiet, source, fmt, output,
          no_reliability, model):  # fmt: skip
    from quality.io.writers import make_writer

    inputs = Inputs(paths, jsonl_files, input_format, text_field, id_field, max_bytes, source)
    scorer = make_scorer(reliability=False if no_reliability else (model or True))
    writer = make_writer(fmt or default_format(output), output or sys.stdout)
    failed = 0
    for _, report in scored(scorer, inputs, quiet=quiet, to_terminal=not output):
        failed += report.error is not None
        writer.write(report)
    writer.close()
    exit_if_failed(failed)
