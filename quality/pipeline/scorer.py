"""The scorer: documents in, reports out, a batch at a time.

Reads top to bottom: each input becomes a :class:`~quality.core.document.Document` (or a named
error) -> :func:`~quality.core.article.parse` -> each detector, in registry order, under the
policy's time budget -> one reliability-model call for the whole batch -> the policy turns
scores into quality and verdict -> :class:`~quality.core.report.Report`. One-by-one ``score`` is a
batch of one. Build a ``Scorer`` once and reuse it: it loads the models once.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice

from quality.core.article import Article
from quality.core.deadline import OutOfTime, deadline
from quality.core.document import Document, InputError, Item, text_problem
from quality.core.policy import DEFAULT, Policy, PolicyError
from quality.core.report import DetectorResult, Report
from quality.detectors import REGISTRY, Detector
from quality.io.records import coerce

BATCH = 64  # documents per reliability-model call: the one batching unit of CLI, Filter, Dask, datatrove

Input = Document | InputError | Mapping | str


OUT_OF_TIME = object()  # a rating that ran out of time


class BudgetExceeded(Exception):
    """A document took longer than the policy's time budget."""


def batched(items: Iterable, size: int = BATCH) -> Iterator[list]:
    """Lists of up to ``size`` items, streaming: the one batching helper every entry point uses."""
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def build_detectors(policy: Policy, names: Iterable[str] | None = None) -> list[Detector]:
    """The policy's detectors, in registry order, each built with its configured parameters."""
    names = list(names) if names is not None else list(REGISTRY)
    unknown = sorted(set(names) - set(REGISTRY)) + sorted((set(policy.detectors) | set(policy.weights)) - set(REGISTRY))
    if unknown:
        raise PolicyError(f"unknown detector(s): {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
    out = []
    for name in [n for n in REGISTRY if n in names]:
        try:
            out.append(REGISTRY[name](**policy.params(name)))
        except (TypeError, ValueError) as exc:
            raise PolicyError(f"detectors.{name}: {exc}") from None
    return out


class Scorer:
    """Scores documents; reusable and cheap per call once built.

    ``policy``: weights, cut-offs, time budget and detector parameters (:mod:`quality.core.policy`).
    ``detectors``: names to run (default: every registered detector).
    ``reliability``: ``True`` for the shipped model, ``False`` for none, or a model path.
    ``explain``: compute the reliability drivers (off in pipelines, which never read them).
    """

    def __init__(
        self,
        policy: Policy = DEFAULT,
        *,
        detectors: Iterable[str] | None = None,
        reliability: bool | str = True,
        explain: bool = True,
    ):
        self.policy = policy
        self.detectors = build_detectors(policy, detectors)
        self.weights = {d.name: policy.weight(d.name, d.weight) for d in self.detectors}
        # What `quality clean` takes out weighs nothing in the "sound without it" quality.
        self._cleanable = {n: 0.0 for n in (*policy.clean_remove, *policy.clean_repair) if n in self.weights}
        self.rater = _load_rater(reliability, policy)
        self.explain = explain
        warm = Article(Document("Warm-up. Loads what detectors load lazily (Image: example.com)\nSo it is not timed."))
        for detector in self.detectors:  # lazy model loads must not count against a document's budget
            detector.detect(warm)
        if "page_chrome" in self.weights:  # web pages' block model: a damaged file is refused now, not mid-run
            from quality.io.block_model import shipped

            shipped()

    def score(
        self, text: str | Document, *, id: str = "", source: str | None = None, title: str | None = None
    ) -> Report:
        """One article's report; bad input or an internal failure becomes ``Report.error``, never a raise."""
        if isinstance(text, Document):
            return self.score_many([text])[0]
        return self.score_many([{"text": text, "id": id, "source": source, "title": title}])[0]

    def score_many(self, docs: Iterable[Input]) -> list[Report]:
        """Reports for a batch of Documents, records (``{"text", "id"?, "url"|"source"?, "title"?}``)
        or strings, in order; every input gets exactly one report."""
        budget = self.policy.time_budget
        items: list[Item] = [coerce(d, _name(d, i), budget) for i, d in enumerate(docs)]
        with _collector_paused():
            detected: list[tuple[Article, dict[str, DetectorResult]] | Report] = [self._detect(i) for i in items]
            scored = [d for d in detected if not isinstance(d, Report)]
            ratings = iter(self._rate(scored))
            return [d if isinstance(d, Report) else self._report(d[0], d[1], next(ratings)) for d in detected]

    def _out_of_time(self, article: Article) -> Report:
        doc = article.doc
        message = (f"{doc.id or 'document'}: the reliability model took over the {self.policy.time_budget:g} s "
                   "time budget (policy time_budget)")  # fmt: skip
        return Report.failed(doc.id, message, doc.source, "time_budget")

    def score_stream(self, docs: Iterable[Input], batch: int = BATCH) -> Iterator[Report]:
        """Reports for an endless stream, a batch at a time (constant memory)."""
        for chunk in batched(docs, batch):
            yield from self.score_many(chunk)

    def _detect(self, item: Item) -> tuple[Article, dict[str, DetectorResult]] | Report:
        """Parse and run every detector on one document; a failure or a blown budget is that
        document's error report and never touches the rest of the batch."""
        if isinstance(item, InputError):
            return Report.failed(item.id, item.message, item.source, item.kind)
        problem = text_problem(item.text)  # a Document built by hand gets the same rule as a record
        if problem:
            name = item.id or "document"
            return Report.failed(item.id, f"{name}: {problem[1]}", item.source, problem[0])
        start = time.perf_counter()
        budget = self.policy.time_budget
        at = "parsing"
        try:
            with deadline(budget):  # stops a step that runs away; the check below covers threads
                article = Article(item)
                results = {}
                for detector in self.detectors:
                    at = f"detector {detector.name}"
                    results[detector.name] = detector.detect(article)
                    if budget and time.perf_counter() - start > budget:
                        raise BudgetExceeded(at)
            return article, results
        except (BudgetExceeded, OutOfTime):
            message = (f"{item.id or 'document'}: scoring took over the {budget:g} s time budget (policy "
                       f"time_budget), at {at}; {len(item.text):,} characters")  # fmt: skip
            return Report.failed(item.id, message, item.source, "time_budget")
        except Exception as exc:  # a bug on one odd text must not stop a batch
            detail = f"internal error while scoring: {type(exc).__name__}: {exc}"
            return Report.failed(item.id, detail[:500], item.source, "scoring_failed")

    def _rate(self, scored: list[tuple[Article, dict[str, DetectorResult]]]) -> list:
        """One rating per scored article: the batch in one model call, inside the time budget
        of all its articles; if that runs out, one call per article, each inside its own budget,
        so a text that hangs the model (a user's model with a hostile setting) costs only its
        own report (:data:`OUT_OF_TIME` in its place)."""
        if not self.rater or not scored:
            return [None] * len(scored)
        budget = self.policy.time_budget
        try:
            with deadline(budget * len(scored)):
                return self.rater.rate_many(scored, self.explain)
        except OutOfTime:
            pass
        out = []
        for one in scored:
            try:
                with deadline(budget):
                    out.extend(self.rater.rate_many([one], self.explain))
            except OutOfTime:
                out.append(OUT_OF_TIME)
        return out

    def _report(self, article: Article, results: dict[str, DetectorResult], reliability) -> Report:
        if reliability is OUT_OF_TIME:
            return self._out_of_time(article)
        doc = article.doc
        scores = {name: r.score for name, r in results.items()}
        rating = reliability.score if reliability else None
        quality = self.policy.quality(scores, rating, self.weights)
        sound = self.policy.quality(scores, rating, {**self.weights, **self._cleanable})
        return Report(
            id=doc.id,
            quality=quality,
            verdict=self.policy.verdict_after_cleaning(quality, sound),
            detectors=results,
            reliability=reliability,
            source=doc.source,
            warnings=[*doc.warnings, *(self.rater.warnings(article, reliability) if reliability else [])],
        )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a batch is scored. A parse allocates one
    tuple per line and sentence, none in reference cycles; with the collector on, each
    collection walks every live tuple, so 200,000 short lines cost super-linear time (2x at
    2 MB). Reference counting still frees everything; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _name(doc: Input, i: int) -> str:
    """How an error names an input: its id when it has one, else its position in the batch."""
    rid = doc.get("id") if isinstance(doc, Mapping) else None
    return str(rid)[:200] if rid not in (None, "") else f"input {i + 1}"


def _load_rater(reliability: bool | str, policy: Policy):
    if reliability is False:
        return None
    from quality.reliability.rater import Rater

    return Rater.load(None if reliability is True else reliability, policy=policy)


_DEFAULT: Scorer | None = None


def score(text: str, *, source: str | None = None, id: str = "", title: str | None = None) -> Report:
    """Score one text with a shared default :class:`Scorer` (built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Scorer()
    return _DEFAULT.score(text, id=id, source=source, title=title)
