"""The command group, its entry point, and the commands it is made of."""

from __future__ import annotations

import sys
from importlib.metadata import entry_points

import click

from quality.cli.clean import clean
from quality.cli.common import EXIT_INTERRUPTED, EXIT_OUTPUT_FAILED, policy_options
from quality.cli.filter import filter_cmd
from quality.cli.model import model
from quality.cli.report import report_cmd
from quality.cli.score import score
from quality.cli.source import source

LAB_COMMANDS = ("train", "train-lines", "train-machine-prose", "build", "bench")


class OutputClosed(click.ClickException):
    """The reader of our output went away (``| head``): exit 4, as documented."""

    exit_code = EXIT_OUTPUT_FAILED

    def show(self, file=None) -> None:
        _quiet_stdout()
        click.echo(f"error: cannot write output: {self.message}", err=True)


class _Group(click.Group):
    """The commands above plus the lab's, found through entry points only when asked for."""

    def invoke(self, ctx):
        # click turns a broken pipe into a silent exit 1; a pipeline must see the documented 4
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise OutputClosed("the reader closed the pipe") from None

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *(ep.name for ep in entry_points(group="quality.commands"))})

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is not None:
            return command
        for ep in entry_points(group="quality.commands"):
            if ep.name == name:
                return ep.load()
        if name in LAB_COMMANDS:
            raise click.UsageError(f"'quality {name}' is part of the lab: from a checkout, pip install -e . -e lab")
        return None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="quality")
@policy_options
def main() -> None:
    """Tell good news articles from junk.

    \b
    Examples:
      quality score seeds/*.txt                 # a table per article
      quality score crawl.jsonl -o reports.jsonl
      cat in.jsonl | quality filter - > kept.jsonl
      quality score seeds/ --set keep_at=0.8    # a stricter verdict
    """


for _command in (score, clean, filter_cmd, report_cmd, source, model):
    main.add_command(_command)


def run() -> None:
    """The console entry point: ``main`` with one line, never a traceback, for the failures a
    command cannot own (an interrupt, an output that cannot be written)."""
    for stream in (sys.stdout, sys.stderr):  # a lone surrogate in an article must not end the run
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        main.main(standalone_mode=False)
    except click.exceptions.Abort:  # Ctrl-C / SIGINT
        click.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        _quiet_stdout()  # the reader went away (`| head`): say so once, exit 4 as documented
        click.echo("error: cannot write output: the reader closed the pipe", err=True)
        sys.exit(EXIT_OUTPUT_FAILED)
    except OSError as exc:
        _quiet_stdout()
        click.echo(f"error: cannot write output: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_OUTPUT_FAILED)
    _flush_or_fail()


def _flush_or_fail() -> None:
    """Flush stdout now, so a pipe closed at the very end is exit 4, not a silent exit 1 at shutdown."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        click.echo("error: cannot write output: the reader closed the pipe", err=True)
        sys.exit(EXIT_OUTPUT_FAILED)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot raise again."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass
