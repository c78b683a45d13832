"""The lab's commands, added to ``quality`` through the ``quality.commands`` entry point:
``train`` (reliability model), ``train-lines`` (chrome-line model), ``build`` (small shipped
artefacts) and ``bench``. They import the runtime; the runtime never imports them."""

from __future__ import annotations

import click

from quality.cli.common import make_scorer


def _root(data):
    """The datasets folder, or a usage error naming where it was looked for."""
    from pathlib import Path

    from quality_lab.datasets import default_root

    root = Path(data) if data else default_root()
    if not root.is_dir():
        raise click.UsageError(f"no datasets at {root}: pass --data DIR or set QUALITY_DATA")
    return root


@click.group()
def build() -> None:
    """Rebuild the small shipped artefacts (vectorizer, phrase lists) from labelled data."""


def data_option(fn):
    return click.option(
        "--data",
        type=click.Path(exists=True, file_okay=False),
        help="Datasets folder (default: $QUALITY_DATA or ../shared/datasets).",
    )(fn)


@build.command("tfidf")
@data_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Default: models/news_tfidf.skops.")
def build_tfidf(data, output):
    """Fit the news IDF vectorizer (captions, filler) on AllSides articles."""

    from quality_lab.datasets import allsides
    from quality_lab.manifest import news_vectorizer, save_model

    root = _root(data)
    texts = [a.text for a in allsides(root)]
    vectorizer = news_vectorizer().fit(texts)
    card = {
        "model": "news_tfidf",
        "what": "TF-IDF vectorizer whose IDF was learned on AllSides news articles (captions, filler, heading topics)",
        "trained_on": {"allsides_articles": len(texts)},
        "command": "quality build tfidf --data ../shared/datasets",
    }
    out = save_model(vectorizer, card, "news_tfidf", output)
    click.echo(f"fitted on {len(texts)} articles, {len(vectorizer.vocabulary_)} terms -> {out}")


@build.command("phrases")
@data_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default="quality/data/ai_phrases.candidates.tsv",
    show_default=True,
)
def build_phrases(data, output):
    """Rank machine-leaning phrases (human vs LLM news) for review into ai_phrases.txt."""

    from quality_lab.datasets import load_origin
    from quality_lab.mining import phrase_log_odds

    texts = load_origin(_root(data))
    rows = phrase_log_odds([t.text for t in texts], [t.machine for t in texts])
    with open(output, "w", encoding="utf-8") as fh:
        fh.write("phrase\tmachine_docs\thuman_docs\tlog_odds\n")
        fh.writelines("\t".join(map(str, r)) + "\n" for r in rows)
    click.echo(f"{len(texts)} texts ({sum(t.machine for t in texts)} machine) -> {len(rows)} candidates in {output}")


@build.command("ratings")
@data_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Default: quality/data/domain_ratings.csv.")
def build_ratings(data, output):
    """Merge the published domain ratings (idiap consensus, Hanley & Durumeric, MBFC via idiap,
    OpenSources, idiap graph scores) into the shipped table, and print its coverage of the
    outlets in the labelled article sets."""
    from collections import Counter
    from pathlib import Path

    from quality.assets.resources import data_file
    from quality.reliability.ratings import FILE
    from quality_lab.ratings_table import build_table, write_table

    root = _root(data)
    rows = build_table(root / "media_ratings")
    out = Path(output) if output else data_file(FILE)
    write_table(rows, out)
    by_set = ", ".join(f"{k} {n}" for k, n in Counter(r.source for r in rows).most_common())
    click.echo(f"{len(rows)} rated domains -> {out} (deciding set: {by_set})")
    from quality_lab.ratings_table import coverage_report

    for line in coverage_report(root, {r.domain: r for r in rows}):
        click.echo(line)


@click.command()
@data_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Default: models/reliability.skops.")
@click.option(
    "--classifier",
    type=click.Choice(["evidence", "best", "logistic", "boosting", "hybrid", "text", "text+defects"]),
    default="evidence",
    show_default=True,
    help="evidence (shipped): word TF-IDF + logistic regression, lowered by flagged defects. "
    "'best' cross-validates logistic, boosting and hybrid and keeps the highest ROC-AUC.",
)
@click.option("--cap", default=80, show_default=True, help="At most this many articles per outlet.")
@click.option("--bootstrap", "n_boot", default=300, show_default=True, help="Bootstrap resamples for the CIs.")
@click.option("--no-baselines", is_flag=True, help="Skip the majority and TF-IDF baselines.")
@click.option("-j", "--jobs", default=1, show_default=True, help="Processes for feature extraction.")
@click.option(
    "--honest/--no-honest",
    default=True,
    show_default=True,
    help="Also measure within AllSides, leave one data set out and data-set identity (about 10 min).",
)
def train(data, output, classifier, cap, n_boot, no_baselines, jobs, honest):
    """Train the source-reliability model and write it with its model card.

    \b
    Cross-validates with folds grouped by outlet, prints macro-F1, accuracy, ROC-AUC and
    calibration error (95% bootstrap intervals over outlets) next to the baselines, then fits
    the chosen classifier on all the data. Example:
      quality train --data ../shared/datasets -o models/reliability.skops
    """
    from pathlib import Path

    from quality.assets import persist
    from quality.assets.models import card_path
    from quality.assets.resources import model_file
    from quality.reliability.rater import MODEL_FILE
    from quality.reliability.ratings import load_table
    from quality_lab import reliability_training as training
    from quality_lab.reliability_training import CANDIDATES, feature_names

    root = _root(data)
    corpus = training.load_corpus(root, cap=cap)
    log = lambda msg: click.echo(msg, err=True)  # noqa: E731
    log(f"{len(corpus.articles)} articles from {len(set(corpus.groups))} outlets: {corpus.counts()}")
    names = feature_names()
    X = training.features(corpus, n_jobs=jobs)
    kinds = CANDIDATES if classifier == "best" else (classifier,)
    cv = training.compare(corpus, X, n_boot=n_boot, baselines=not no_baselines, log=log, kinds=kinds)
    click.echo(training.format_results(cv))
    # The score is used as a calibrated ranking, so the candidates compete on ROC-AUC.
    kind = max(kinds, key=lambda k: cv[k]["pooled"]["roc_auc"])
    measures = None
    if honest:
        from quality_lab.datasets import load_pc1

        measures = training.honest_measures(corpus, X, kind, load_pc1(root), log=log)
        click.echo(training.format_honest(measures))
    pipeline = training.fit_final(kind, X, corpus.labels, names, corpus.groups, corpus.datasets)
    from quality_lab.manifest import record

    out = Path(output) if output else model_file(MODEL_FILE)
    digest = persist.save(pipeline, out)
    data_card = training.card(corpus, kind, names, cv, digest, cap, len(load_table()))
    if measures is not None:
        data_card["honest_measures"] = measures
    if hasattr(pipeline, "penalties_"):
        data_card["defect_evidence"] = dict(zip(pipeline.defects, map(float, pipeline.penalties_), strict=True))
        a, b = pipeline.calibration_
        data_card["calibration"] = {"text_score": f"sigmoid({a:.4f} * logit(P) + {b:.4f})", "slope": a, "intercept": b}
    training.write_card(data_card, card_path(out))
    if not output:
        record("reliability", out)
    click.echo(f"kept {kind} -> {out} and {card_path(out)}")


@click.command("train-lines")
@data_option
@click.option(
    "-C", "c_value", type=float, help="Inverse regularisation strength (default 0.1, chosen on site-grouped folds)."
)
def train_lines(data, c_value):
    """Train the chrome-line model on real pages and write it to models/ with its card.

    \b
    Lines come from the ScrapingHub and readability test pages (needs the `bench` extra:
    jusText segments the pages, trafilatura extracts them), labelled by each page's gold body;
    measures are site-grouped cross-validation. Example:
      quality train-lines --data ../shared/datasets
    """
    import json

    from quality_lab import chrome_training

    root = _root(data)
    model, card = chrome_training.train(root, c_value or chrome_training.DEFAULT_C)
    from quality_lab.manifest import save_model

    out = save_model(model, card, "chrome_lines")
    click.echo(json.dumps(card["cross_validation"]["results"], indent=2))
    click.echo(f"threshold {card['threshold']} -> {out}")


@click.command("train-blocks")
@data_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Default: models/page_blocks.skops.")
@click.option("-C", "c_value", type=float, default=None, help="Inverse regularisation (default: the lab's).")
def train_blocks(data, output, c_value):
    """Train the page-block classifier (HTML input's chrome) and write it with its card.

    \b
    Blocks come from the news sets of pages_blocks, the ScrapingHub pages and the readability
    test pages, labelled by each page's gold text; the cut-off is where 1% of site-grouped
    out-of-fold article blocks lie. Held-out figures: benchmarks/page_blocks_heldout.py.
    Example:
      quality train-blocks --data ../shared/datasets
    """
    import json

    from quality_lab import block_training
    from quality_lab.manifest import save_model

    model, card = block_training.train(_root(data), C=c_value or block_training.DEFAULT_C)
    out = save_model(model, card, "page_blocks", output)
    click.echo(json.dumps(card["cross_validation"], indent=2))
    click.echo(f"threshold {card['threshold']} -> {out}")


@click.command()
@data_option
@click.option("--quick", is_flag=True, help="A small slice: seeds, cases, 100 corrupted and 200 articles per set.")
@click.option(
    "--bench-dir",
    type=click.Path(exists=True, file_okay=False),
    help="Gold and corruption code (default: ./benchmarks, else the checkout's).",
)
@click.option("--out", type=click.Path(dir_okay=False), help="Also write the full JSON report here.")
@click.option("--no-reliability", is_flag=True, help="Bench the detectors without the reliability model.")
def bench(data, quick, bench_dir, out, no_reliability):
    """Accuracy on labelled samples and speed, beside datatrove's filters.

    \b
    Span-level precision/recall on the seeds' gold, hand-made cases and a corruption set;
    article-level P/R/F1 and ROC-AUC on held-out good-vs-junk sets; docs/s, MB/s, peak RSS.
    Install the anchors with:  pip install '.[bench]'
    Example:
      quality bench --quick
    """
    import json
    from pathlib import Path

    from quality_lab import bench as runner
    from quality_lab.datasets import default_root

    bdir = Path(bench_dir) if bench_dir else _default_bench_dir()
    root = Path(data) if data else default_root()
    if not root.is_dir():
        click.echo(f"warning: no datasets at {root}: only the seeds and cases are benched", err=True)
    result = runner.run(bdir, root, quick=quick, scorer=make_scorer(reliability=not no_reliability))
    click.echo(runner.format_report(result))
    if out:
        Path(out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def _default_bench_dir():
    from pathlib import Path

    for candidate in (Path.cwd() / "benchmarks", Path(__file__).resolve().parents[2] / "benchmarks"):
        if (candidate / "gold").is_dir():
            return candidate
    raise click.UsageError("no benchmarks/ folder here; run from a checkout or pass --bench-dir")


@click.command("train-machine-prose")
@data_option
@click.option("--cap", default=3000, show_default=True, help="At most this many texts per set.")
def train_machine_prose(data, cap):
    """Train the machine-prose model on every human/machine set and write it to models/ with its card.

    \b
    Sets: llmfake, iu_human_ai_news, xsum, turing_game, structured_articles (never the seeds).
    The cut-off flags 1% of the out-of-fold human training texts. Example:
      quality train-machine-prose --data ../shared/datasets
    """
    import json

    from quality_lab import machine_prose
    from quality_lab.manifest import save_model

    root = _root(data)
    model, card = machine_prose.train(root, cap, log=lambda m: click.echo(m, err=True))
    out = save_model(model, card, "machine_prose")
    click.echo(json.dumps({k: card[k] for k in ("threshold", "cross_validation", "human_news_never_seen")}, indent=2))
    click.echo(f"-> {out}")
