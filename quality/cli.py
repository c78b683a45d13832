"""The ``quality`` command line. Heavy imports (scikit-learn) happen inside commands.

Exit codes: 0 every input was scored; 1 some inputs could not be read or scored (each
named on stderr, and present in the output with ``error`` set); 2 usage error (bad option,
config or policy); 3 the run itself failed (a dead worker, a refused model); 4 the output
could not be written (full disk, closed pipe); 130 interrupted.
"""

from __future__ import annotations

import sys

import click

from quality.writers import FORMATS

EXIT_INPUT_ERRORS = 1
EXIT_RUN_FAILED = 3
EXIT_OUTPUT_FAILED = 4
EXIT_INTERRUPTED = 130


class RunFailed(click.ClickException):
    """The run cannot start or go on (a refused model file): exit 3, one line."""

    exit_code = EXIT_RUN_FAILED


def run() -> None:
    """The console entry point: ``main`` with one line, never a traceback, for the failures a
    command cannot own (an interrupt, an output that cannot be written)."""
    try:
        main.main(standalone_mode=False)
    except click.exceptions.Abort:  # Ctrl-C / SIGINT
        click.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`| head`): nothing more to say
        sys.exit(EXIT_OUTPUT_FAILED)
    except OSError as exc:
        click.echo(f"error: cannot write output: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_OUTPUT_FAILED)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="quality")
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    envvar="QUALITY_CONFIG",
    help="Policy file (TOML): weights, cut-offs, time budget, detector parameters. Env: QUALITY_CONFIG.",
)
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="One policy setting, after --config: keep_at=0.7, weights.filler=0.3, "
    "detectors.caption_mismatch.similarity=embeddings. Repeatable.",
)
@click.pass_context
def main(ctx: click.Context, config, settings) -> None:
    """Tell good news articles from junk.

    \b
    Examples:
      quality score seeds/*.txt                 # a table per article
      quality score --jsonl crawl.jsonl -o reports.jsonl
      cat in.jsonl | quality filter - > kept.jsonl
      quality --set keep_at=0.8 score seeds/    # a stricter verdict
    """
    ctx.obj = {"config": config, "settings": settings}


def _policy():
    """The policy from --config and --set (read when a command needs it, so --help stays fast)."""
    from quality.policy import Policy, PolicyError, with_settings

    obj = click.get_current_context().find_root().obj or {}
    try:
        policy = Policy.from_toml(obj["config"]) if obj.get("config") else Policy()
        return with_settings(policy, obj.get("settings", ()))
    except PolicyError as exc:
        raise click.BadParameter(str(exc), param_hint="--config/--set") from None


def _default_format(output) -> str:
    stream = output or sys.stdout
    return "table" if getattr(stream, "isatty", lambda: False)() else "jsonl"


def _article_inputs(fn):
    """PATHS, --jsonl, --text-field and --max-bytes: how every scoring command reads articles."""
    for option in reversed(
        [
            click.argument("paths", nargs=-1, type=click.Path(allow_dash=True)),
            click.option(
                "--jsonl",
                "jsonl_files",
                multiple=True,
                type=click.Path(allow_dash=True),
                help='JSON Lines input: one {"id", "text", "url"?, "source"?} per line (.gz/.zst too). Repeatable.',
            ),
            click.option("--text-field", default="text", show_default=True, help="JSONL field holding the text."),
            click.option(
                "--max-bytes",
                default=10_000_000,
                show_default=True,
                type=click.IntRange(1),
                help="Largest article or record accepted.",
            ),
        ]
    ):
        fn = option(fn)
    return fn


@main.command()
@_article_inputs
@click.option("--source", help="URL or domain the PATHS come from (used for the domain rating).")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format. Default: table on a terminal, jsonl otherwise.",
)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), help="Write here instead of stdout.")
@click.option("--no-reliability", is_flag=True, help="Skip the source-reliability model.")
@click.option(
    "--model", type=click.Path(exists=True, dir_okay=False), help="Reliability model file (default: shipped)."
)
def score(paths, jsonl_files, text_field, max_bytes, source, fmt, output, no_reliability, model):
    """Score articles and report their defects, reliability and verdict.

    PATHS are .txt files, directories (searched for *.txt) or - for stdin.

    \b
    Examples:
      quality score seeds/*.txt
      quality score --format json -o reports.json seeds/
      quality score --jsonl articles.jsonl --format jsonl
    """
    from quality.writers import make_writer

    _require_inputs(paths, jsonl_files)
    scorer = _scorer(reliability=False if no_reliability else (model or True))
    writer = make_writer(fmt or _default_format(output), output or sys.stdout)
    failed = 0
    for _, report in _scored(scorer, paths, jsonl_files, source, text_field, max_bytes, to_terminal=not output):
        failed += report.error is not None
        writer.write(report)
    writer.close()
    _exit_if_failed(failed)


def _require_inputs(paths, jsonl_files) -> None:
    if not paths and not jsonl_files:
        raise click.UsageError("give PATHS, - for stdin, or --jsonl FILE")


def _scored(scorer, paths, jsonl_files, source, text_field, max_bytes, batch: int = 64, to_terminal: bool = True):
    """``(text, report)`` for every input, in order; unreadable inputs become error reports.
    Articles are scored in batches (one reliability-model call each), still streaming; a
    counter shows on a terminal's stderr while the results go elsewhere."""
    from quality.document import Document
    from quality.progress import for_run, stdout_is_terminal
    from quality.scorer import batched

    items = _read_items(paths, jsonl_files, source, text_field, max_bytes)
    progress = for_run("scored", output_on_terminal=to_terminal and stdout_is_terminal())
    try:
        for chunk in batched(items, batch):
            reports = scorer.score_many(chunk)
            progress.update(len(chunk))
            for item, report in zip(chunk, reports, strict=True):
                if report.error:
                    progress.close()
                    click.echo(f"error: {report.error}", err=True)
                yield (item.text if isinstance(item, Document) else ""), report
    finally:
        progress.close()


def _read_items(paths, jsonl_files, source, text_field, max_bytes):
    """Every input as a Document or a named InputError, files first, then JSONL records."""
    from itertools import chain

    from quality.inputs import read_jsonl, read_paths

    return chain(
        read_paths(list(paths), source=source, max_bytes=max_bytes),
        *(read_jsonl(f, text_field=text_field, max_bytes=max_bytes) for f in jsonl_files),
    )


def _exit_if_failed(failed: int) -> None:
    if failed:
        click.echo(f"{failed} input(s) failed", err=True)
        sys.exit(EXIT_INPUT_ERRORS)


def _scorer(**kwargs):
    """A Scorer, or a one-line error (exit 1) when the model file is missing or refused."""
    from quality.persist import ModelFileError
    from quality.policy import PolicyError
    from quality.scorer import Scorer

    try:
        return Scorer(_policy(), **kwargs)
    except PolicyError as exc:
        raise click.BadParameter(str(exc), param_hint="--config/--set") from None
    except ModelFileError as exc:
        raise RunFailed(str(exc)) from None


@main.group()
def build() -> None:
    """Rebuild the small shipped artefacts (vectorizer, phrase lists) from labelled data."""


def _data_option(fn):
    return click.option(
        "--data",
        type=click.Path(exists=True, file_okay=False),
        help="Datasets folder (default: $QUALITY_DATA or ../shared/datasets).",
    )(fn)


@build.command("tfidf")
@_data_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Default: models/news_tfidf.skops.")
def build_tfidf(data, output):
    """Fit the news IDF vectorizer (captions, filler) on AllSides articles."""
    from pathlib import Path

    from quality import news_tfidf, persist
    from quality.datasets import allsides, default_root
    from quality.resources import model_file

    root = Path(data) if data else default_root()
    texts = [a.text for a in allsides(root)]
    vectorizer = news_tfidf.fit(texts)
    out = output or model_file(news_tfidf.FILE)
    digest = persist.save(vectorizer, out)
    click.echo(f"fitted on {len(texts)} articles, {len(vectorizer.vocabulary_)} terms -> {out}")
    click.echo(f"sha256 {digest}: set quality.news_tfidf.SHA256 to it")


@build.command("phrases")
@_data_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default="quality/data/ai_phrases.candidates.tsv",
    show_default=True,
)
def build_phrases(data, output):
    """Rank machine-leaning phrases (human vs LLM news) for review into ai_phrases.txt."""
    from pathlib import Path

    from quality.datasets import default_root, load_origin
    from quality.mining import phrase_log_odds

    texts = load_origin(Path(data) if data else None or default_root())
    rows = phrase_log_odds([t.text for t in texts], [t.machine for t in texts])
    with open(output, "w", encoding="utf-8") as fh:
        fh.write("phrase\tmachine_docs\thuman_docs\tlog_odds\n")
        fh.writelines("\t".join(map(str, r)) + "\n" for r in rows)
    click.echo(f"{len(texts)} texts ({sum(t.machine for t in texts)} machine) -> {len(rows)} candidates in {output}")


@build.command("ratings")
@_data_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Default: quality/data/domain_ratings.csv.")
def build_ratings(data, output):
    """Merge the published domain ratings (idiap consensus, Hanley & Durumeric, MBFC via idiap,
    OpenSources, idiap graph scores) into the shipped table, and print its coverage of the
    outlets in the labelled article sets."""
    from collections import Counter
    from pathlib import Path

    from quality.datasets import RELIABILITY_LOADERS, default_root
    from quality.reliability.ratings import FILE, build_table, lookup, write_table
    from quality.resources import data_file

    root = Path(data) if data else default_root()
    rows = build_table(root / "media_ratings")
    out = Path(output) if output else data_file(FILE)
    write_table(rows, out)
    by_set = ", ".join(f"{k} {n}" for k, n in Counter(r.source for r in rows).most_common())
    click.echo(f"{len(rows)} rated domains -> {out} (deciding set: {by_set})")
    table = {r.domain: r for r in rows}
    click.echo("coverage of the outlets in the labelled article sets (articles; distinct outlets):")
    for name, loader in RELIABILITY_LOADERS.items():
        domains = [a.domain for a in loader(root)]
        hits = {d: lookup(d, table) is not None for d in set(domains) if d}
        articles = sum(hits.get(d, False) for d in domains)
        click.echo(
            f"  {name:<16} {articles / max(len(domains), 1):6.1%} of {len(domains):,} articles; "
            f"{sum(hits.values())}/{len(hits)} outlets"
        )


@main.command()
@_data_option
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

    from quality import persist
    from quality.datasets import default_root
    from quality.reliability import training
    from quality.reliability.rater import MODEL_FILE, card_path
    from quality.reliability.ratings import load_table
    from quality.reliability.training import CANDIDATES, feature_names
    from quality.resources import model_file

    root = Path(data) if data else default_root()
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
        from quality.datasets import load_pc1

        measures = training.honest_measures(corpus, X, kind, load_pc1(root), log=log)
        click.echo(training.format_honest(measures))
    pipeline = training.fit_final(kind, X, corpus.labels, names, corpus.groups, corpus.datasets)
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
    click.echo(f"kept {kind} -> {out} and {card_path(out)}")


@main.command("train-lines")
@_data_option
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
    from pathlib import Path

    from quality import chrome_training, persist
    from quality.chrome_model import CARD_FILE, MODEL_FILE
    from quality.datasets import default_root
    from quality.resources import model_file

    root = Path(data) if data else default_root()
    model, card = chrome_training.train(root, c_value or chrome_training.DEFAULT_C)
    out = model_file(MODEL_FILE)
    card["sha256"] = persist.save(model, out)
    model_file(CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    click.echo(json.dumps(card["cross_validation"]["results"], indent=2))
    click.echo(f"threshold {card['threshold']} -> {out}")


@main.group()
def model() -> None:
    """Inspect the shipped model."""


@model.command("info")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="Default: the shipped model.")
def model_info(model_path):
    """Print the model card: data, labels, features, versions and cross-validated metrics."""
    import json
    from pathlib import Path

    from quality.reliability.rater import MODEL_FILE, card_path
    from quality.resources import model_file

    path = card_path(Path(model_path) if model_path else model_file(MODEL_FILE))
    if not path.is_file():
        raise click.ClickException(f"{path}: no model card")
    click.echo(json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=2))


@main.command()
@_data_option
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

    from quality import bench as runner
    from quality.datasets import default_root

    bdir = Path(bench_dir) if bench_dir else _default_bench_dir()
    root = Path(data) if data else default_root()
    if not root.is_dir():
        click.echo(f"warning: no datasets at {root}: only the seeds and cases are benched", err=True)
    result = runner.run(bdir, root, quick=quick, scorer=_scorer(reliability=not no_reliability))
    click.echo(runner.format_report(result))
    if out:
        Path(out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def _default_bench_dir():
    from pathlib import Path

    for candidate in (Path.cwd() / "benchmarks", Path(__file__).resolve().parents[1] / "benchmarks"):
        if (candidate / "gold").is_dir():
            return candidate
    raise click.UsageError("no benchmarks/ folder here; run from a checkout or pass --bench-dir")


@main.command()
@_article_inputs
@click.option("--source", help="URL or domain the PATHS come from (used for the domain rating).")
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
    "Default: text for files, jsonl for --jsonl input.",
)
@click.option("-o", "--output", type=click.Path(allow_dash=True), help="A file, or a directory for several text files.")
@click.option("--no-reliability", is_flag=True, help="Skip the source-reliability model.")
def clean(paths, jsonl_files, text_field, max_bytes, source, remove, repair, fmt, output, no_reliability):
    """Keep the article, take out the junk: write each input cleaned, with an audit trail.

    Page-chrome lines and mismatched captions are deleted, glued sentences get their space
    back; AI-boilerplate or filler go too with --remove. An edit only ever deletes a span or
    inserts a space. With --format jsonl each output record carries the cleaned "text", its
    "edits" (input offsets: start, end, replacement, reason) and the cleaned text's "report".

    \b
    Examples:
      quality clean seeds/003_826d4c05cf4bb9c3.txt
      quality clean seeds/ -o cleaned/
      quality clean --jsonl crawl.jsonl.gz -o cleaned.jsonl
      quality clean --jsonl crawl.jsonl --remove page_chrome,caption_mismatch,ai_boilerplate
    """
    from quality.clean import Cleaner
    from quality.policy import PolicyError
    from quality.scorer import batched

    _require_inputs(paths, jsonl_files)
    fmt = fmt or ("jsonl" if jsonl_files else "text")
    scorer = _scorer(reliability=not no_reliability)
    try:
        cleaner = Cleaner(scorer=scorer, remove=_names(remove), repair=_names(repair))
    except PolicyError as exc:
        raise click.BadParameter(str(exc), param_hint="--remove/--repair") from None
    sink = _CleanSink(fmt, output, several=len(paths) + len(jsonl_files) > 1 or any(_is_dir(p) for p in paths))
    failed = 0
    with sink:
        for chunk in batched(_read_items(paths, jsonl_files, source, text_field, max_bytes)):
            for item, cleaned in zip(chunk, cleaner.clean_many(chunk), strict=True):
                if cleaned.report is not None and cleaned.report.error:
                    failed += 1
                    click.echo(f"error: {cleaned.report.error}", err=True)
                sink.write(item, cleaned, text_field)
    _exit_if_failed(failed)


def _names(value: str | None):
    return None if value is None else tuple(n.strip() for n in value.split(",") if n.strip())


def _is_dir(path: str) -> bool:
    from pathlib import Path

    return path != "-" and Path(path).is_dir()


class _CleanSink:
    """Where ``quality clean`` writes: one text to stdout or a file, several texts into a
    directory (same file names), or JSON Lines to stdout or a file."""

    def __init__(self, fmt: str, output: str | None, several: bool):
        from pathlib import Path

        self.fmt, self.output = fmt, output
        self.directory = Path(output) if fmt == "text" and output and (several or Path(output).is_dir()) else None
        if fmt == "text" and several and self.directory is None:
            raise click.UsageError("several text inputs: give -o DIRECTORY, or --format jsonl")
        self.out = None

    def __enter__(self):
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
        else:
            self.out = click.open_file(self.output or "-", "w", encoding="utf-8")
        return self

    def __exit__(self, *exc) -> None:
        if self.out is not None and self.output not in (None, "-"):
            self.out.close()

    def write(self, item, cleaned, text_field: str) -> None:
        import re
        from pathlib import Path

        from quality.document import Document
        from quality.report import json_line

        if self.fmt == "jsonl":
            self.out.write(json_line(_clean_record(item, cleaned, text_field)) + "\n")
        elif not isinstance(item, Document) or (cleaned.report and cleaned.report.error):
            return  # named on stderr; a text output has no place for it
        elif self.directory is not None:
            # a WARC record's id ("<urn:uuid:...>") is not a file name: keep only safe characters
            name = re.sub(r"[^\w.-]+", "_", Path(item.id).name).strip("_") or "article.txt"
            (self.directory / name).write_text(cleaned.text, encoding="utf-8")
        else:
            self.out.write(cleaned.text)


def _clean_record(item, cleaned, text_field: str) -> dict:
    from quality.document import Document

    report = cleaned.report
    if not isinstance(item, Document) or (report and report.error and not cleaned.edits):
        body = {"id": item.id, "error": report.error if report else item.message}
        return body | ({"record": item.record} if item.record is not None else {})
    record = dict(item.record) if item.record is not None else {"id": item.id}
    record[text_field if item.record is not None else "text"] = cleaned.text
    record["edits"] = [e.to_dict() for e in cleaned.edits]
    record["report"] = report.to_dict() if report else None
    return record


@main.command("filter")
@click.argument("input_path", metavar="INPUT", type=click.Path(allow_dash=True))
@click.option(
    "--keep",
    "keep_path",
    default="-",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Where kept records go (- = stdout).",
)
@click.option(
    "--reject",
    "reject_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Where rejected and erroneous records go, with reasons. Without it they are only counted.",
)
@click.option("--min-quality", type=click.FloatRange(0, 1), help="Also reject below this quality.")
@click.option(
    "--drop-verdict",
    type=click.Choice(["drop", "review"]),
    default="drop",
    show_default=True,
    help="'review' rejects review and drop verdicts.",
)
@click.option("--field", "text_field", default="text", show_default=True, help="Record field holding the text.")
@click.option("--id-field", default="id", show_default=True, help="Record field holding the id.")
@click.option("--annotate", is_flag=True, help="Add the compact report to kept records under 'quality'.")
@click.option(
    "--clean",
    "clean_kept",
    is_flag=True,
    help="Write kept records cleaned (as `quality clean` does), with their 'edits'.",
)
@click.option("-w", "--workers", default=1, show_default=True, type=click.IntRange(1), help="Scoring processes.")
@click.option("--strict", is_flag=True, help="Exit 1 if any record had an error.")
@click.option("--no-reliability", is_flag=True, help="Skip the source-reliability model.")
@click.option(
    "--max-bytes", default=10_000_000, show_default=True, type=click.IntRange(1), help="Largest record accepted."
)
@click.option(
    "--skip",
    default=0,
    type=click.IntRange(0),
    help="Resume: skip the first N records (the count an interrupted run printed) and append to the outputs.",
)
@click.option(
    "--checkpoint",
    "checkpoint_path",
    type=click.Path(dir_okay=False),
    help="Save progress here after every batch; rerun with the same file to resume exactly where a killed run "
    "stopped (outputs are cut back to their last complete batch).",
)
@click.option("--stats", "stats_path", type=click.Path(dir_okay=False), help="Also write the summary as JSON here.")
def filter_cmd(
    input_path,
    keep_path,
    reject_path,
    min_quality,
    drop_verdict,
    text_field,
    id_field,
    annotate,
    clean_kept,
    workers,
    strict,
    no_reliability,
    max_bytes,
    skip,
    checkpoint_path,
    stats_path,
):
    """Gate a stream of JSONL records: keep the good, set junk aside with reasons.

    INPUT is JSONL (.jsonl, .gz, .zst or - for stdin) or Parquet. Every record comes out
    once: in --keep, or in --reject with reasons or an error; order is kept. Outputs are
    written a batch at a time in whole lines, so a killed run never leaves half a line. A
    summary with counts per reason goes to stderr (and to --stats as JSON).

    Exit 0 even when records are rejected; 1 with --strict and record errors; 3 when the run
    itself failed (a dead worker); 4 when an output cannot be written; 130/143 on SIGINT/SIGTERM,
    after the last complete batch, with the count to --skip on a rerun.

    \b
    Examples:
      cat in.jsonl | quality filter - > kept.jsonl
      quality filter crawl.jsonl.gz --keep kept.jsonl --reject junk.jsonl --workers 4
      quality filter crawl.jsonl.gz --keep kept.jsonl --reject junk.jsonl --checkpoint run.ckpt
    """
    import itertools

    from quality import filter as gate
    from quality.inputs import read_records
    from quality.outputs import LineSink, SignalGuard, Stopped
    from quality.progress import for_run, stdout_is_terminal

    kwargs = {
        "min_quality": min_quality,
        "drop_verdicts": ("drop",) if drop_verdict == "drop" else ("drop", "review"),
        "reliability": not no_reliability,
        "annotate": annotate,
        "clean": clean_kept,
        "text_field": text_field,
        "policy": _policy(),
    }
    resume = _load_checkpoint(checkpoint_path, input_path, keep_path, reject_path, skip)
    summary = gate.Summary.resumed(resume) if resume else gate.Summary()
    summary.skipped = skip
    start_at = resume.records if resume else skip
    items = read_records(input_path, text_field=text_field, id_field=id_field, max_bytes=max_bytes)
    items = itertools.islice(items, start_at, None)
    progress = for_run("filtered", output_on_terminal=keep_path == "-" and stdout_is_terminal())
    keep = reject = None
    try:
        keep = LineSink.open(keep_path, resume_at=resume and resume.keep_bytes, append=bool(skip))
        if reject_path:
            reject = LineSink.open(reject_path, resume_at=resume and resume.reject_bytes, append=bool(skip))
        with SignalGuard().installed() as guard:
            checkpoint = (checkpoint_path, input_path) if checkpoint_path else None
            gate.run(
                items,
                keep,
                reject,
                kwargs,
                workers=workers,
                summary=summary,
                guard=guard,
                checkpoint=checkpoint,
                progress=progress.update,
            )
    except Stopped as stop:
        _filter_summary(summary, reject_path, stats_path, progress)
        click.echo(f"interrupted by {stop}: {_resume_hint(summary, checkpoint_path)}", err=True)
        sys.exit(128 + stop.signum)
    except OSError as exc:  # a full disk, an unwritable output
        _filter_summary(summary, reject_path, stats_path, progress)
        click.echo(
            f"error: cannot write output: {exc.strerror or exc}; {_resume_hint(summary, checkpoint_path)}", err=True
        )
        sys.exit(EXIT_OUTPUT_FAILED)
    except Exception as exc:  # a dead worker: the run failed, say so in one line
        _filter_summary(summary, reject_path, stats_path, progress)
        click.echo(
            f"error: filter run failed: {type(exc).__name__}: {exc}; {_resume_hint(summary, checkpoint_path)}", err=True
        )
        sys.exit(EXIT_RUN_FAILED)
    finally:
        for sink in (keep, reject):
            if sink is not None:
                sink.close()
    if checkpoint_path:
        done = summary.checkpoint(input_path, keep, reject)
        done.complete = True
        done.save(checkpoint_path)
    _filter_summary(summary, reject_path, stats_path, progress)
    if strict and summary.errors:
        sys.exit(EXIT_INPUT_ERRORS)


def _load_checkpoint(path, input_path, keep_path, reject_path, skip):
    """The checkpoint to resume from, or ``None`` for a fresh run; usage errors say why not."""
    from quality.outputs import Checkpoint

    if not path:
        return None
    if keep_path == "-":
        raise click.UsageError("--checkpoint needs --keep FILE: standard output cannot be cut back on resume")
    if skip:
        raise click.UsageError("--checkpoint and --skip: the checkpoint already knows where to resume")
    try:
        cp = Checkpoint.load(path)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if cp is None:
        return None
    if cp.input != input_path:
        raise click.UsageError(f"{path} is the checkpoint of {cp.input}, not {input_path}")
    if cp.complete:
        raise click.UsageError(f"{path}: the run over {input_path} is already complete")
    if cp.reject_bytes and not reject_path:
        raise click.UsageError(f"{path}: the run wrote rejected records; pass the same --reject FILE")
    return cp


def _resume_hint(summary, checkpoint_path) -> str:
    done = summary.skipped + summary.written
    if checkpoint_path:
        return f"{done} records written completely; rerun with the same --checkpoint to resume"
    return f"{done} records written completely; to resume, rerun with --skip {done}"


def _filter_summary(summary, reject_path, stats_path, progress) -> None:
    """The run's counts on stderr (and as JSON with --stats)."""
    import json

    progress.close()
    where = "" if reject_path else " (rejected and errors not written: pass --reject FILE)"
    click.echo(f"quality filter: {summary.line()}{where}", err=True)
    for line in summary.details():
        click.echo(f"  {line}", err=True)
    if stats_path:
        try:
            with open(stats_path, "w", encoding="utf-8") as fh:
                json.dump(summary.to_dict(), fh, indent=2)
                fh.write("\n")
        except OSError as exc:
            click.echo(f"error: cannot write --stats {stats_path}: {exc.strerror or exc}", err=True)


@main.command()
@_article_inputs
@click.option("--domain", help="The outlet the PATHS come from (JSONL records carry their own url/source).")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(FORMATS), help="Default: table on a terminal, jsonl otherwise."
)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), help="Write here instead of stdout.")
def source(paths, jsonl_files, text_field, max_bytes, domain, fmt, output):
    """Rate outlets from samples of their articles.

    \b
    Groups articles by domain (www., m. and known shorteners normalised) and prints per outlet:
    articles, rating with a 90% interval that narrows with more articles, the published rating
    and whether it agrees, the share of articles with each defect, drivers, the worst articles.
    Examples:
      quality source --jsonl crawl.jsonl
      quality source --domain example.com articles/*.txt
    """
    import json

    from quality.source import group_by_domain, rate_reports

    _require_inputs(paths, jsonl_files)
    if paths and not domain:
        raise click.UsageError("PATHS need --domain (JSONL records carry their own url/source)")
    scorer = _scorer()
    scored = [
        (report.source, report)
        for _, report in _scored(scorer, paths, jsonl_files, domain, text_field, max_bytes)
        if report.error is None
    ]
    ratings = [rate_reports(d, reports) for d, reports in sorted(group_by_domain(scored).items())]
    out = output or sys.stdout
    fmt = fmt or _default_format(output)
    if fmt == "table":
        for r in ratings:
            lo, hi = r.interval
            pub = (
                f"published {r.published['rating']} ({'agrees' if r.agrees else 'disagrees'})"
                if r.published
                else "no published rating"
            )
            note = " — few articles, wide interval" if r.uncertain else ""
            out.write(
                f"{r.domain}: {r.label} {r.score:.2f} [{lo:.2f}, {hi:.2f}] from {r.articles} articles{note}; {pub}\n"
            )
            shares = ", ".join(f"{k} {v:.0%}" for k, v in r.defect_shares.items())
            out.write(f"  defects: {shares}\n  drivers: {', '.join(f'{k} {v:+.2f}' for k, v in r.drivers)}\n")
            for w in r.worst:
                out.write(f"  worst: {w['id']} quality {w['quality']:.2f} {'; '.join(w['findings'])}\n")
    elif fmt == "json":
        out.write(json.dumps([r.to_dict() for r in ratings], indent=2, ensure_ascii=False) + "\n")
    else:
        out.writelines(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in ratings)


@main.command("report")
@_article_inputs
@click.option("--source", help="URL or domain the PATHS come from.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="report.html", show_default=True)
@click.option("--no-reliability", is_flag=True, help="Skip the source-reliability model.")
def report_cmd(paths, jsonl_files, text_field, max_bytes, source, output, no_reliability):
    """Write one self-contained HTML page with every finding highlighted, for reviewers.

    \b
    Example:
      quality report seeds/*.txt -o report.html
    """
    from quality.html import render

    _require_inputs(paths, jsonl_files)
    scorer = _scorer(reliability=not no_reliability)
    items = list(_scored(scorer, paths, jsonl_files, source, text_field, max_bytes, to_terminal=False))
    output.write(render(items))
    click.echo(f"{len(items)} article(s) -> {output.name}", err=True)
    _exit_if_failed(sum(r.error is not None for _, r in items))
