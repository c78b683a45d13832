"""``quality model``: what the shipped models are, from their cards."""

from __future__ import annotations

import click


@click.group()
def model() -> None:
    """Inspect the shipped models."""


@model.command("info")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="Default: the shipped reliability model.")
def model_info(model_path):
    """Print the reliability model's card: data, labels, features, versions and measured accuracy."""
    import json
    from pathlib import Path

    from quality.assets.models import card_path
    from quality.assets.resources import model_file
    from quality.reliability.rater import MODEL_FILE

    path = card_path(Path(model_path) if model_path else model_file(MODEL_FILE))
    if not path.is_file():
        raise click.ClickException(f"{path}: no model card")
    click.echo(json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=2))
