"""The machine-prose model: training, held-out evaluation and its card.

A word 1-2-gram TF-IDF beside a character 3-5-gram TF-IDF (within words), one balanced logistic
regression over both: plain, fast, explainable (each term's push is its weight times its
TF-IDF value), and, measured on text from generators and sites it never saw, far better than
heading lists. Trained on every human/machine set in ``../shared/datasets``: ``llmfake``,
``iu_human_ai_news``, ``xsum``, ``turing_game`` and ``structured_articles``; never the seeds.

The cut-off is chosen on out-of-fold scores of the training sets' human texts (1% flagged), and
reported on human news the model never saw (AllSides articles).

    quality train-machine-prose --data ../shared/datasets          # writes models/machine_prose.*
    python benchmarks/machine_prose_heldout.py --data ../shared/datasets
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np

from quality_lab.datasets import ORIGIN_LOADERS, OriginText, allsides

MAX_CHARS = 6000  # a text's first 6,000 characters: enough for style, bounded cost per text
FLAG_RATE = 0.005  # the cut-off flags this share of out-of-fold human training texts
C = 4.0


def make_model(c: float = C):
    """The estimator: word and character TF-IDF side by side, balanced logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    words = TfidfVectorizer(ngram_range=(1, 2), min_df=3, max_df=0.9, sublinear_tf=True, max_features=60_000)
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), min_df=5, sublinear_tf=True, max_features=60_000, lowercase=False
    )
    return Pipeline(
        [
            ("features", FeatureUnion([("word", words), ("char", chars)])),
            ("clf", LogisticRegression(C=c, class_weight="balanced", max_iter=2000)),
        ]
    )


def clip(text: str) -> str:
    return text[:MAX_CHARS]


def load_sets(root: Path, cap: int = 3000, seed: int = 0) -> dict[str, list[OriginText]]:
    """Each human/machine set, shuffled and capped (llmfake alone has 4,000+ texts)."""
    rng = random.Random(seed)
    out = {}
    for name, loader in ORIGIN_LOADERS.items():
        texts = list(loader(root))
        rng.shuffle(texts)
        out[name] = texts[:cap]
    return out


def fit(texts: list[OriginText], c: float = C):
    model = make_model(c)
    model.fit([clip(t.text) for t in texts], np.array([t.machine for t in texts], dtype=int))
    return model


def proba(model, texts: list[str]) -> np.ndarray:
    return model.predict_proba([clip(t) for t in texts])[:, 1]


def roc_auc(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p)) if len(set(y.tolist())) == 2 else float("nan")


def tpr_at_fpr(y: np.ndarray, p: np.ndarray, fpr: float = 0.05) -> float:
    """True-positive rate at the cut-off that flags ``fpr`` of this set's human texts (RAID)."""
    human = np.sort(p[y == 0])
    if not len(human) or not (y == 1).any():
        return float("nan")
    cut = human[min(len(human) - 1, int(np.ceil((1 - fpr) * len(human))) - 1)]
    return float((p[y == 1] > cut).mean())


def measure(y: np.ndarray, p: np.ndarray, threshold: float) -> dict[str, float]:
    return {
        "texts": int(len(y)),
        "machine": int(y.sum()),
        "roc_auc": round(roc_auc(y, p), 3),
        "tpr_at_5pct_fpr": round(tpr_at_fpr(y, p), 3),
        "flagged_machine": round(float((p[y == 1] >= threshold).mean()), 3) if (y == 1).any() else None,
        "flagged_human": round(float((p[y == 0] >= threshold).mean()), 3) if (y == 0).any() else None,
    }


def out_of_fold(texts: list[OriginText], folds: int = 5, c: float = C) -> np.ndarray:
    """Out-of-fold P(machine), folds grouped by each text's group (a story pair, a site)."""
    from sklearn.model_selection import GroupKFold

    y = np.array([t.machine for t in texts], dtype=int)
    groups = [f"{t.dataset}/{t.group}" for t in texts]
    p = np.zeros(len(texts))
    for train, test in GroupKFold(n_splits=folds).split(texts, y, groups):
        model = fit([texts[i] for i in train], c)
        p[test] = proba(model, [texts[i].text for i in test])
    return p


def threshold_for(p_human: np.ndarray, rate: float = FLAG_RATE) -> float:
    """The score above which ``rate`` of the human texts lie."""
    return float(np.quantile(p_human, 1 - rate))


def heldout(root: Path, cap: int = 3000, log: Callable[[str], None] = print) -> dict:
    """Every figure on a source used in neither training nor the cut-off:

    - ``structured_articles`` held out whole (trained on the four news sets);
    - each ``structured_articles`` source repository held out (trained on everything else);
    - each news set held out (trained on the others, ``structured_articles`` included);
    - human news never trained on (AllSides articles): the share flagged.
    The cut-off in each row is chosen on the training side only: the score above which 0.5% of its
    human training texts lie (in-sample, where the shipped model's cut-off is out of fold, which
    costs five more fits a row)."""
    sets = load_sets(root, cap)
    news = [n for n in sets if n != "structured_articles"]
    result: dict = {"rows": []}

    def row(name: str, train: list[OriginText], test: list[OriginText]) -> None:
        model = fit(train)
        p_train_h = proba(model, [t.text for t in train if not t.machine])
        cut = threshold_for(p_train_h, FLAG_RATE)
        y = np.array([t.machine for t in test], dtype=int)
        m = {"held_out": name, **measure(y, proba(model, [t.text for t in test]), cut)}
        m.update(_with_scorer(model, cut, test, y))
        result["rows"].append(m)
        log(_format_row(m))

    log(
        f"{'held out':<46} {'texts':>6} {'mach':>5} {'AUC':>6} {'TPR@5%':>7} {'flag M':>7} {'flag H':>7}"
        f"  {'ai_boilerplate AUC':>18} {'1-quality AUC':>13} {'review+drop M/H':>15}"
    )
    row("structured_articles (train: 4 news sets)", [t for n in news for t in sets[n]], sets["structured_articles"])
    by_source = defaultdict(list)
    for t in sets["structured_articles"]:
        by_source[t.group].append(t)
    humans = [t for t in sets["structured_articles"] if not t.machine]
    rng = random.Random(1)
    for source, texts in sorted(by_source.items()):
        if not texts[0].machine:
            continue
        # the held-out machine source beside 3 held-out human sources, so AUC has both classes
        human_sources = sorted({t.group for t in humans})
        rng.shuffle(human_sources)
        held_h = set(human_sources[:3])
        test = texts + [t for t in humans if t.group in held_h]
        train = [t for n in news for t in sets[n]] + [
            t for t in sets["structured_articles"] if t.group != source and t.group not in held_h
        ]
        row(f"structured: {source.split('/')[-1][:32]} (+3 human sites)", train, test)
    for name in news:
        train = [t for n in sets if n != name for t in sets[n]]
        row(f"{name} (train: all other sets)", train, sets[name])
    return result


def _with_scorer(model, cut: float, test: list[OriginText], y: np.ndarray) -> dict[str, float]:
    """The held-out model inside the scorer (detectors only, no reliability model): ROC-AUC of the
    ``ai_boilerplate`` score and of ``1 − quality``, and the share of machine and human texts that
    get ``review`` or ``drop``."""
    from quality.detectors import machine_prose as detector
    from quality.pipeline.scorer import Scorer

    loaded = detector.MachineProseModel(model, {"threshold": cut, "max_chars": MAX_CHARS})
    original = detector.shipped
    detector.shipped = lambda: loaded  # the held-out model, for this row only
    try:
        reports = Scorer(reliability=False, explain=False).score_many([t.text for t in test])
    finally:
        detector.shipped = original
    ok = [i for i, r in enumerate(reports) if r.error is None]
    yy = y[ok]
    boiler = np.array([reports[i].detectors["ai_boilerplate"].score for i in ok])
    bad = np.array([1 - reports[i].quality for i in ok])
    flagged = np.array([reports[i].verdict in ("review", "drop") for i in ok])
    return {
        "ai_boilerplate_auc": round(roc_auc(yy, boiler), 3),
        "one_minus_quality_auc": round(roc_auc(yy, bad), 3),
        "review_or_drop_machine": round(float(flagged[yy == 1].mean()), 3) if (yy == 1).any() else None,
        "review_or_drop_human": round(float(flagged[yy == 0].mean()), 3) if (yy == 0).any() else None,
    }


def _format_row(m: dict) -> str:
    def f(x):
        return "     -" if x is None or x != x else f"{x:6.3f}"

    return (
        f"{m['held_out'][:46]:<46} {m['texts']:>6} {m['machine']:>5} {f(m['roc_auc'])} {f(m['tpr_at_5pct_fpr']):>7}"
        f" {f(m['flagged_machine']):>7} {f(m['flagged_human']):>7}  {f(m['ai_boilerplate_auc']):>18}"
        f" {f(m['one_minus_quality_auc']):>13} {f(m['review_or_drop_machine']):>7}/{f(m['review_or_drop_human'])}"
    )


def train(root: Path, cap: int = 3000, log: Callable[[str], None] = print) -> tuple[object, dict]:
    """The shipped model and its card: fitted on every set; cut-off from out-of-fold human scores;
    the share of never-seen human news (AllSides) it flags."""
    sets = load_sets(root, cap)
    texts = [t for name in sets for t in sets[name]]
    y = np.array([t.machine for t in texts], dtype=int)
    log(f"{len(texts)} texts ({int(y.sum())} machine) from {', '.join(f'{n} {len(v)}' for n, v in sets.items())}")
    p_oof = out_of_fold(texts)
    cut = threshold_for(p_oof[y == 0])
    cv = {
        name: measure(
            np.array([t.machine for t in sets[name]], dtype=int),
            p_oof[[i for i, t in enumerate(texts) if t.dataset == name]],
            cut,
        )
        for name in sets
    }
    model = fit(texts)
    never_seen = {}
    for name, human in human_news(root).items():
        p_h = proba(model, human)
        never_seen[name] = {"texts": len(human), "flagged": round(float((p_h >= cut).mean()), 4)}
        log(f"human news never trained on, {name}: {never_seen[name]['flagged']:.2%} of {len(human)} flagged")
    card = {
        "model": "machine_prose",
        "what": "P(machine-written) of a text: word 1-2-gram and char 3-5-gram TF-IDF, balanced logistic regression",
        "trained_on": {name: {"texts": len(v), "machine": sum(t.machine for t in v)} for name, v in sets.items()},
        "max_chars": MAX_CHARS,
        "threshold": round(cut, 4),
        "threshold_rule": f"P(machine) above which {FLAG_RATE:.0%} of the out-of-fold human training texts lie",
        "cross_validation": {"folds": 5, "grouped_by": "story pair or source site", "by_set": cv},
        "human_news_never_seen": never_seen,
        "command": "quality train-machine-prose --data ../shared/datasets",
        "held_out_figures": "python benchmarks/machine_prose_heldout.py --data ../shared/datasets",
        "versions": _versions(),
    }
    return model, card


def human_news(root: Path, n: int = 2000) -> dict[str, list[str]]:
    """Human-written news in no training set: AllSides articles (a seeded sample), the real
    articles of FakeNewsNet and of Pérez-Rosas et al., and the ScrapingHub pages' gold bodies."""
    from quality_lab.datasets import HELDOUT_LOADERS, RELIABILITY_LOADERS

    news = [a.text for a in allsides(root)]
    random.Random(2).shuffle(news)
    out = {"allsides": news[:n]}
    real = RELIABILITY_LOADERS["fakenewsnet2017"](root)
    out["fakenewsnet2017 real"] = [a.text for a in real if a.label == "reliable"]
    out["perezrosas2018 legit"] = [a.text for a in HELDOUT_LOADERS["perezrosas2018"](root) if a.label == "reliable"]
    try:
        from quality_lab.datasets import scrapinghub_pages

        out["scrapinghub gold bodies"] = [gold.get("articleBody", "") for _, _, gold in scrapinghub_pages(root)]
        out["scrapinghub gold bodies"] = [t for t in out["scrapinghub gold bodies"] if t.strip()]
    except Exception:  # the pages need the html extra; the other sets still count
        pass
    return out


def _versions() -> dict[str, str]:
    import sklearn

    return {"scikit-learn": sklearn.__version__, "numpy": np.__version__}
