"""``quality report``: one self-contained HTML page with every finding highlighted."""

from __future__ import annotations

import click

from quality.cli.common import (
    INPUT_HELP,
    OUTPUT_FILE,
    Inputs,
    exit_if_failed,
    input_options,
    make_scorer,
    policy_options,
    scored,
)


@click.command(
    "report",
    help=f"""Write one self-contained HTML page with every finding highlighted, for reviewers.
{INPUT_HELP}

\b
Example:
  quality report seeds/*.txt -o report.html
""",
)
@input_options
@click.option("--source", help="URL or domain the text PATHS come from.")
@click.option(
    "-o",
    "--output",
    type=OUTPUT_FILE,
    default="report.html",
    show_default=True,
)
@click.option("--no-reliability", is_flag=True, help="Skip the source-reliability model.")
@policy_options
def report_cmd(paths, jsonl_files, input_format, text_field, id_field, max_bytes, quiet, source, output,
               no_reliability):  # fmt: skip
    from quality.core.document import Document
    from quality.io.review_page import render

    inputs = Inputs(paths, jsonl_files, input_format, text_field, id_field, max_bytes, source)
    scorer = make_scorer(reliability=not no_reliability)
    items = [
        (item.text if isinstance(item, Document) else "", report)
        for item, report in scored(scorer, inputs, quiet=quiet, to_terminal=False)
    ]
    output.write(render(items))
    if not quiet:
        click.echo(f"{len(items)} article(s) -> {output.name}", err=True)
    exit_if_failed(sum(r.error is not None for _, r in items))
