"""``quality source``: rate outlets from samples of their articles."""

from __future__ import annotations

import sys

import click

from quality.cli.common import (
    INPUT_HELP,
    OUTPUT_FILE,
    Inputs,
    default_format,
    input_options,
    make_scorer,
    policy_options,
    scored,
)
from quality.io.writers import FORMATS


@click.command(
    help=f"""Rate outlets from samples of their articles.

Groups articles by domain (www., m. and known shorteners normalised) and prints per outlet:
articles, rating with a 90% interval that narrows with more articles, the published rating
and whether it agrees, the share of articles with each defect, drivers, the worst articles.
{INPUT_HELP}

\b
Examples:
  quality source crawl.jsonl
  quality source --domain example.com articles/*.txt
"""
)
@input_options
@click.option("--domain", help="The outlet the text PATHS come from (records carry their own url/source).")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(FORMATS), help="Default: table on a terminal, jsonl otherwise."
)
@click.option(
    "-o",
    "--output",
    type=OUTPUT_FILE,
    help="Write here instead of stdout.",
)
@policy_options
def source(paths, jsonl_files, input_format, text_field, id_field, max_bytes, quiet, domain, fmt, output):
    from quality.io.readers import format_of
    from quality.pipeline.source import group_by_domain, rate_reports

    if not domain and any(format_of(p) in ("txt", "html") for p in paths if p != "-"):
        raise click.UsageError("text and HTML PATHS need --domain (records and WARC pages carry their own url)")
    inputs = Inputs(paths, jsonl_files, input_format, text_field, id_field, max_bytes, domain)
    scorer = make_scorer()
    scored_reports = [
        (report.source, report) for _, report in scored(scorer, inputs, quiet=quiet) if report.error is None
    ]
    groups = group_by_domain(scored_reports)
    ratings = [rate_reports(d, reports, scorer.policy) for d, reports in sorted(groups.items())]
    out = output or sys.stdout
    fmt = fmt or default_format(output)
    if fmt == "table":
        out.writelines(line + "\n" for r in ratings for line in r.table_lines())
    elif fmt == "json":
        from quality.core.report import json_line

        out.write(json_line([r.to_dict() for r in ratings], indent=2) + "\n")
    else:
        from quality.core.report import json_line

        out.writelines(json_line(r.to_dict()) + "\n" for r in ratings)
