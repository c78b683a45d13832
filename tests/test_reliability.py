"""The reliability model: label mapping, features, a tiny train/predict, safe loading, the shipped model."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quality.assets import persist
from quality.assets.models import card_path
from quality.core.article import parse
from quality.reliability.features import stylometry
from quality.reliability.model import ScoredText
from quality.reliability.rater import Rater, decide
from quality.reliability.ratings import DomainRating, lookup
from tests.conftest import SEEDS, require_lab, require_shared, seed

# ---- label mapping -----------------------------------------------------------------------------


def test_label_mapping_table():
    require_lab()
    from quality_lab.datasets import ARTICLE_LABELS, OPENSOURCES_LABELS, pc1_label
    from quality_lab.ratings_table import MBFC_LABELS

    assert pc1_label(1.0) == pc1_label(0.7) == "reliable"
    assert pc1_label(0.69) == pc1_label(0.4) == "mixed"
    assert pc1_label(0.39) == "unreliable"
    assert {OPENSOURCES_LABELS[t] for t in ("fake", "conspiracy", "junksci", "hate", "satire")} == {"unreliable"}
    assert {OPENSOURCES_LABELS[t] for t in ("bias", "clickbait", "political")} == {"mixed"}
    assert OPENSOURCES_LABELS["reliable"] == "reliable"
    assert ARTICLE_LABELS == {"real": "reliable", "fake": "unreliable", "satire": "unreliable"}
    assert MBFC_LABELS["high"] == "reliable" and MBFC_LABELS["mixed"] == "mixed" and MBFC_LABELS["low"] == "unreliable"


def test_domain_lookup_and_decision():
    table = {"example.com": DomainRating("example.com", "unreliable", "mbfc:low", "t")}
    assert lookup("https://news.example.com/a/b?c=1", table).label == "unreliable"
    assert lookup("https://www.example.com", table).domain == "example.com"
    assert lookup("notexample.com", table) is None and lookup(None, table) is None
    # text alone: never "reliable", only "unreliable" on strong evidence, and it can only lower quality
    assert decide(0.95, None) == ("unknown", 0.5, "text")
    assert decide(0.3, None) == ("unknown", 0.3, "text")
    assert decide(0.05, None) == ("unreliable", 0.05, "text")
    # a published rating decides, whatever the text says
    assert decide(0.95, table["example.com"]) == ("unreliable", 0.1, "domain")
    graph = DomainRating("g.example", "reliable", "idiap_graph:0.91", "idiap_graph", "", "0.8400")
    assert decide(0.05, graph) == ("reliable", 0.84, "domain")
    # the shipped table knows the big outlets
    assert lookup("https://www.reuters.com/world/").label == "reliable"
    assert lookup("breitbart.com").label == "unreliable"


# ---- features ----------------------------------------------------------------------------------


def test_stylometry_counts_what_it_says():
    calm = stylometry(parse('The ministry said on Tuesday that 14 people died. "We are investigating," it said.'))
    loud = stylometry(parse("You won't BELIEVE this! We find it SHOCKING! Our leaders lied to you! Share now!"))
    assert loud["exclamations_per_100w"] > 20 and calm["exclamations_per_100w"] == 0
    assert loud["first_person_share"] > calm["first_person_share"] > 0  # "We" inside the quote counts too
    assert loud["second_person_share"] > 0 and loud["all_caps_share"] > calm["all_caps_share"]
    assert calm["digits_per_100w"] > 0 and calm["quote_marks_per_100w"] > 0
    assert loud["emotion_share"] > 0
    for value in calm.values():
        assert np.isfinite(value)


def test_empty_and_odd_texts_give_finite_features():
    require_lab()
    from quality_lab.reliability_training import score_texts

    for text in ("", "!!!", "a", "\n\n\n", "x" * 5000):
        (item,) = score_texts([(text, None)])
        assert all(np.isfinite(v) for v in item.features.values())


def test_cap_per_group_is_seeded_and_capped():
    require_lab()
    from quality_lab.reliability_training import cap_per_group

    groups = ["a"] * 10 + ["b"] * 3
    keep = cap_per_group(groups, 4, seed=1)
    assert sum(groups[i] == "a" for i in keep) == 4 and sum(groups[i] == "b" for i in keep) == 3
    assert keep == cap_per_group(groups, 4, seed=1)


# ---- a tiny end-to-end train / predict on hand-made data --------------------------------------

CALM = [
    "Officials in {c} said on Monday that {n} people were injured, according to police spokesman John Smith.",
    "The central bank of {c} raised its rate to {n} percent on Thursday, Reuters reported, citing a statement.",
    '"We will publish the figures in March," finance minister Ana Ruiz told reporters in {c} on {n} May.',
]
LOUD = [
    "You won't BELIEVE what they are hiding in {c}!!! Share this before it gets DELETED! Wake up!!!",
    "SHOCKING: the elites in {c} lied to YOU again! We KNOW the truth and they are TERRIFIED!!!",
    "Our readers are OUTRAGED! {c} is a total disaster and you must act NOW before it is too late!!!",
]


def tiny_data():
    texts, labels = [], []
    countries = "Peru Chile Kenya Ghana Nepal Laos Oman Fiji Chad Mali Togo Iran Iraq Cuba Haiti Japan".split()
    for i, c in enumerate(countries * 2):  # enough rows for boosting's leaves under 3-fold calibration
        for t in CALM:
            texts.append(t.format(c=c, n=10 + i))
            labels.append("reliable")
        for t in LOUD:
            texts.append(t.format(c=c))
            labels.append("unreliable")
    return texts, np.asarray(labels)


@pytest.mark.parametrize("kind", ["logistic", "hybrid", "boosting", "evidence"])
def test_tiny_train_predict(kind):
    require_lab()
    from quality_lab.reliability_training import as_scored, make_classifier

    texts, labels = tiny_data()
    est = make_classifier(kind).fit(as_scored(texts), labels)
    calm = "Police in Lima said on Friday that 12 people were injured, spokesman Carlos Vega told Reuters."
    loud = "They are LYING to you about Lima!!! Share this NOW before it is DELETED!!!"
    col = list(est.classes_).index("reliable")
    p = est.predict_proba(as_scored([calm, loud]))[:, col]
    assert p[0] > p[1]


def test_save_load_and_refuse_tampered_model(tmp_path):
    require_lab()
    from quality_lab.reliability_training import as_scored, make_classifier, score_texts

    texts, labels = tiny_data()
    est = make_classifier("logistic").fit(as_scored(texts), labels)
    model = tmp_path / "reliability.skops"
    digest = persist.save(est, model)
    import sklearn

    card_path(model).write_text(json.dumps({"sha256": digest, "versions": {"scikit-learn": sklearn.__version__}}))
    rater = Rater.load(model)
    article = parse("Police in Lima said on Friday that 12 people were injured.")
    (item,) = score_texts([(article.text, None)])
    from quality.pipeline.scorer import Scorer

    results = {d.name: d.detect(article) for d in Scorer(reliability=False).detectors}
    rating = rater.rate(article, results)
    assert 0 <= rating.score <= 1 and rating.decided_by == "text" and len(rating.drivers) == 5
    assert isinstance(item, ScoredText)
    # one flipped byte: the hash no longer matches the card
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model.write_bytes(bytes(data))
    with pytest.raises(persist.ModelFileError, match="sha256 does not match"):
        Rater.load(model)
    # no card: refused
    card_path(model).unlink()
    with pytest.raises(persist.ModelFileError, match="no model card"):
        Rater.load(model)


def test_other_sklearn_version_warns(tmp_path):
    require_lab()
    from quality_lab.reliability_training import as_scored, make_classifier

    texts, labels = tiny_data()
    model = tmp_path / "m.skops"
    digest = persist.save(make_classifier("logistic").fit(as_scored(texts), labels), model)
    card_path(model).write_text(json.dumps({"sha256": digest, "versions": {"scikit-learn": "0.24.2"}}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Rater.load(model)
    assert any("trained with scikit-learn 0.24.2" in str(w.message) for w in caught)


# ---- defect evidence: counted within data sets, never towards reliable ---------------------------


def test_evidence_weights_count_within_each_data_set_and_never_favour_reliable():
    from quality.reliability.model import evidence_weights

    y = np.asarray(["unreliable"] * 10 + ["reliable"] * 10 + ["unreliable"] * 10 + ["reliable"] * 10)
    strata = np.asarray(["a"] * 20 + ["b"] * 20)
    flags = np.zeros((40, 3))
    flags[:6, 0] = 1  # defect 0: 6/10 unreliable flagged in set a, 1/10 reliable
    flags[10, 0] = 1
    flags[20:30, 1] = 1  # defect 1: flagged on every article of set b's unreliable half ...
    flags[30:40, 1] = 1  # ... and its reliable half: says nothing within b
    flags[10:20, 2] = 1  # defect 2: flags reliable articles only
    w = evidence_weights(flags, y, strata)
    assert w[0] > 1.0  # odds ratio (6*9)/(4*1) within a, set b adds no flags either way
    assert w[1] == 0.0 and w[2] == 0.0
    # pooled over sets, a defect that only marks *which set* an article is from is not evidence
    identity = np.asarray([["a"] * 20 + ["b"] * 20]).T == "b"
    y_sets = np.asarray(["unreliable"] * 5 + ["reliable"] * 15 + ["unreliable"] * 15 + ["reliable"] * 5)
    assert evidence_weights(identity.astype(float), y_sets, strata)[0] == 0.0
    assert evidence_weights(identity.astype(float), y_sets, np.zeros(40))[0] > 0  # what pooling would learn


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(0.001, 1.0), min_size=3, max_size=3),
    st.floats(0.0, 20.0),
)
def test_a_flagged_defect_never_raises_p_reliable(weights, penalty):
    from quality.reliability.model import DefectEvidence

    model = DefectEvidence()
    model.classes_ = np.asarray(["mixed", "reliable", "unreliable"])
    proba = np.asarray([weights]) / sum(weights)
    lowered = model._lowered(proba, np.asarray([penalty]))
    assert lowered[0, 1] <= proba[0, 1] + 1e-12
    assert lowered.sum() == pytest.approx(1.0)
    assert np.all(lowered >= 0)
    # the other classes keep their proportions
    assert lowered[0, 0] * proba[0, 2] == pytest.approx(lowered[0, 2] * proba[0, 0], abs=1e-9)


def test_evidence_model_lowers_flagged_articles_and_says_so_in_its_drivers():
    require_lab()
    from quality_lab.reliability_training import as_scored, make_classifier

    texts, labels = tiny_data()
    items = as_scored(texts)
    model = make_classifier("evidence").fit(items, labels, strata=np.zeros(len(labels)))
    model.penalties_ = np.asarray([1.5, 0.0, 0.0, 0.0, 0.0])  # as if training had found ai_boilerplate evidence
    (clean,) = as_scored(["Police in Lima said on Friday that 12 people were injured, spokesman Carlos Vega said."])
    flagged = ScoredText(clean.text, clean.features | {"ai_boilerplate.score": 0.9}, clean.tokens)
    p_clean, p_flagged = model.predict_proba([clean, flagged])[:, list(model.classes_).index("reliable")]
    assert p_flagged < p_clean
    (pushes,) = model.explained([flagged], top=50)[1]
    assert ("ai_boilerplate.flagged", 1.0, -1.5) in pushes
    assert all(c <= 0 for name, _, c in pushes if not name.startswith("ngram:"))


# ---- the shipped model -------------------------------------------------------------------------


def test_shipped_model_orders_the_seeds(seed_reports):
    scores = {k: r.reliability.text_score for k, r in seed_reports.items()}
    assert max(scores, key=scores.get) == "002", scores
    assert min(scores, key=scores.get) == "003", scores
    for r in seed_reports.values():
        assert r.reliability.label in ("unknown", "unreliable")  # no URL: the text alone never says reliable
        assert len(r.reliability.drivers) == 5
        # no defect pushes a seed towards reliable
        assert all(d.contribution <= 0 for d in r.reliability.drivers if not d.feature.startswith("ngram:"))


def test_shipped_card_describes_the_model():
    from quality.assets.resources import model_file

    card = json.loads(card_path(model_file("reliability.skops")).read_text())
    assert card["sha256"] == persist.sha256(model_file("reliability.skops"))
    assert set(card["cross_validation"]["results"]) >= {card["classifier"], "baseline_majority", "baseline_tfidf_lr"}
    assert card["classifier"] in ("logistic", "boosting", "hybrid", "evidence")
    assert "allsides" in card["trained_on"] and card["features"]
    require_lab()
    from quality_lab.datasets import RELIABILITY_LOADERS

    assert set(card["label_mapping"]) == set(RELIABILITY_LOADERS) == set(card["trained_on"])
    if card["classifier"] == "evidence":  # the honest measures sit beside the baseline's, weights never favour
        honest = card["honest_measures"]
        for name in ("evidence", "baseline_tfidf_lr"):
            assert 0.5 < honest[name]["allsides_roc_auc"] <= 1
            assert set(honest[name]["leave_one_dataset_out_roc_auc"]) <= set(RELIABILITY_LOADERS)
        assert 0 < honest["dataset_identity_only_roc_auc"] < 1
        assert all(w >= 0 for w in card["defect_evidence"].values())


def test_domain_in_record_decides(scorer):
    seed3 = SEEDS[3].read_text(encoding="utf-8")
    report = scorer.score(seed3, source="https://www.reuters.com/world/africa/x")
    assert report.reliability.domain_rating["domain"] == "reuters.com"
    assert report.reliability.decided_by in ("domain", "text+domain")


def test_training_loaders_read_the_shared_data():
    require_lab()
    from quality_lab.reliability_training import load_corpus

    corpus = load_corpus(require_shared(), cap=5)
    counts = corpus.counts()
    assert {"allsides", "fakenewscorpus", "fakenewsnet2017", "horne2017", "llm_news"} <= set(counts)
    assert set(corpus.labels) == {"reliable", "mixed", "unreliable"}


def test_disagreeing_rating_sets_the_first_in_precedence_decides_and_the_rest_are_kept():
    require_lab()
    from quality_lab.ratings_table import SETS, merge

    by_set = {
        "idiap_graph": ("unreliable", "-0.82"),
        "opensources": ("unreliable", "conspiracy"),
        "idiap_consensus": ("mixed", "0 (mbfc)"),
        "hanley2024": ("unreliable", "unreliable"),
    }
    rating = merge("21stcenturywire.com", by_set)
    assert SETS.index("idiap_consensus") == 0
    assert (rating.label, rating.source, rating.rating) == ("mixed", "idiap_consensus", "idiap_consensus:0 (mbfc)")
    assert rating.to_dict()["also"] == [
        "hanley2024:unreliable=unreliable",
        "opensources:conspiracy=unreliable",
        "idiap_graph:-0.82=unreliable",
    ]
    only_graph = merge("example.net", {"idiap_graph": ("reliable", "0.93")})
    assert only_graph.source == "idiap_graph" and only_graph.also == ""


@pytest.mark.parametrize(
    "source, expected",
    [
        ("https://www.reuters.com/world/x", "reuters.com"),
        ("http://m.bbc.co.uk/news", "bbc.co.uk"),
        ("https://amp.cnn.com/cnn/2024/x.html", "cnn.com"),
        ("https://edition.cnn.com/politics", "cnn.com"),
        ("https://nyti.ms/3abc", "nytimes.com"),
        ("https://user@www2.example.com:8080/a?b#c", "example.com"),
        ("NEWS.Example.COM", "news.example.com"),
        ("not a url at all", "not a url at all"),
        ("", ""),
    ],
)
def test_domain_normalisation(source, expected):
    from quality.core.domains import normalise_domain

    assert normalise_domain(source) == expected


def test_lookup_walks_up_to_the_rated_parent_domain_and_reports_provenance():
    table = {
        "example.com": DomainRating(
            "example.com", "reliable", "hanley2024:reliable", "hanley2024", "idiap_graph:0.9=reliable"
        )
    }
    hit = lookup("https://news.sub.example.com/a", table)
    assert hit is not None and hit.domain == "example.com"
    assert hit.to_dict()["also"] == ["idiap_graph:0.9=reliable"]
    assert lookup("https://example.community/a", table) is None  # a different domain, not a parent
    assert lookup("https://bit.ly/xyz", table) is None


def test_shipped_rating_table_covers_the_allsides_outlets():
    require_lab()
    from quality.reliability.ratings import load_table
    from quality_lab.ratings_table import SETS

    require_lab()
    from quality_lab.datasets import allsides
    from tests.conftest import require_shared

    root = require_shared()
    table = load_table()
    assert len(table) > 7000
    assert {r.label for r in table.values()} == {"reliable", "mixed", "unreliable"}
    assert {r.source for r in table.values()} <= set(SETS)
    domains = [a.domain for a in allsides(root)]
    covered = sum(lookup(d) is not None for d in domains) / len(domains)
    assert covered >= 0.95


def test_evidence_score_calibration_is_monotone_so_it_never_reorders_articles():
    require_lab()
    from quality_lab.reliability_training import as_scored, make_classifier

    texts, labels = tiny_data()
    items = as_scored(texts)
    groups = np.asarray([f"outlet{i % 6}" for i in range(len(labels))])
    model = make_classifier("evidence").fit(items, labels, strata=np.zeros(len(labels)), groups=groups)
    a, b = model.calibration_
    assert a > 0
    p = np.linspace(0.001, 0.999, 50)
    q = model.calibrated(p)
    assert np.all(np.diff(q) > 0) and np.all((q > 0) & (q < 1))
    uncalibrated = make_classifier("evidence").fit(items, labels)
    assert uncalibrated.calibration_ is None and np.array_equal(uncalibrated.calibrated(p), p)


SHORT_NEWS = (
    "The city council voted 7-2 on Tuesday to fund 12 km of bus lanes, Mayor Ana Ruiz said. "
    "Construction starts on March 3 on Elm Street, the transit agency said in a statement."
)


def test_a_short_text_rated_by_its_text_says_the_label_is_weak(scorer, seed_reports):
    """The model learned from articles of a few hundred words, the short ones mostly unreliable;
    below the card's 10th percentile the report says so (and nothing else changes)."""
    p10 = scorer.rater.card["training_words"]["p10"]
    assert len(SHORT_NEWS.split()) < p10 < min(len(p.read_text(encoding="utf-8").split()) for p in SEEDS)
    short = scorer.score(SHORT_NEWS)
    assert short.reliability.decided_by == "text"
    assert [w for w in short.warnings if w.startswith("reliability:")] == [
        f"reliability: {len(SHORT_NEWS.split())} words, shorter than 90% of the model's training articles "
        f"({p10}+ words); its label is weak on short texts"
    ]
    assert all(not any(w.startswith("reliability:") for w in r.warnings) for r in seed_reports.values())
    rated = scorer.score(SHORT_NEWS, source="https://www.reuters.com/world/x")
    assert rated.reliability.decided_by != "text" and rated.warnings == []


def test_a_card_without_training_lengths_gives_no_length_warning(scorer):
    rater = Rater(scorer.rater.estimator, {k: v for k, v in scorer.rater.card.items() if k != "training_words"})
    article = parse(SHORT_NEWS)
    assert scorer.rater.warnings(article, scorer.score(SHORT_NEWS).reliability) != []
    assert rater.warnings(article, scorer.score(SHORT_NEWS).reliability) == []


def _same_rows(a, b) -> bool:
    a, b = a.tocsr(), b.tocsr()
    return a.shape == b.shape and all(
        np.array_equal(getattr(a, k), getattr(b, k)) for k in ("indptr", "indices", "data")
    )


def test_fast_tfidf_rows_equal_scikit_learns_on_the_seeds():
    """The Counter-based term counting gives scikit-learn's own matrix, bit for bit."""
    from quality.reliability.model import tfidf_rows

    tfidf = Rater.load().estimator.text_model_.named_steps["tfidf"]
    docs = [ScoredText(p.read_text(encoding="utf-8"), {}) for p in SEEDS]
    docs += [ScoredText("", {}), ScoredText("one", {}), ScoredText("the the the said said", {})]
    assert _same_rows(tfidf_rows(tfidf, docs), tfidf.transform(docs))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="ab é.\n'-_1", max_size=60), min_size=1, max_size=4))
def test_fast_tfidf_rows_equal_scikit_learns_on_any_text(texts):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from quality.reliability.model import lower_text, tfidf_rows

    corpus = [ScoredText(t, {}) for t in ("ab ab é a_b", "b1 ab b1", "é é ab", *texts)]
    tfidf = TfidfVectorizer(preprocessor=lower_text, ngram_range=(1, 2), sublinear_tf=True).fit(corpus)
    docs = [ScoredText(t, {}) for t in texts]
    assert _same_rows(tfidf_rows(tfidf, docs), tfidf.transform(docs))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("video.foxnews.com", "foxnews.com", True),
        ("foxnews.com", "foxnews.com", True),
        ("alice.blogspot.com", "bob.blogspot.com", False),
        ("box.com", "x.com", False),
        ("", "", False),
    ],
)
def test_same_site_is_equal_hosts_or_a_subdomain(a, b, same):
    from quality.core.domains import same_site

    assert same_site(a, b) is same and same_site(b, a) is same


@pytest.mark.parametrize(
    "url, rated_as",
    [
        ("https://alice.blogspot.com/2020/01/post.html", None),  # not blogspot.com's rating
        ("https://medium.com/@alice/a-post", None),  # not medium.com's rating
        ("https://sites.google.com/view/alice/home", None),
        ("https://bob.wordpress.com/x", None),
        ("https://news.bbc.co.uk/a", "bbc.co.uk"),  # a subdomain of an outlet is that outlet
        ("https://edition.cnn.com/x", "cnn.com"),
    ],
)
def test_platform_users_are_their_own_outlets(url, rated_as):
    from quality.core.domains import outlet

    hit = lookup(url)
    assert (hit.domain if hit else None) == rated_as
    assert outlet(url) != "blogspot.com" and outlet("https://alice.blogspot.com/x") == "alice.blogspot.com"


def test_the_abstain_band_and_the_cap_come_from_the_policy():
    from quality.core.policy import Policy

    strict = Policy(text_unreliable_below=0.0)  # the text never labels
    assert strict.reliability(0.01, None) == ("unknown", 0.01, "text")
    loose = Policy(text_unreliable_below=0.4, text_score_cap=1.0)
    assert loose.reliability(0.3, None)[0] == "unreliable" and loose.reliability(0.9, None)[1] == 0.9


def test_a_defect_never_moves_an_article_towards_reliable(scorer):
    clean = seed("002")
    glued = clean.replace(". ", ".", 12)  # glued sentences: a defect
    a, b = scorer.score(clean), scorer.score(glued)
    assert b.reliability.text_score <= a.reliability.text_score
    assert b.reliability.label in ("unknown", "unreliable")


def test_source_applies_the_policy_from_set(tmp_path):
    from click.testing import CliRunner

    from quality.cli import main

    src = tmp_path / "in.jsonl"
    rows = [{"id": str(i), "text": seed("002"), "url": f"https://unrated-outlet.example/{i}"} for i in range(3)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    default = CliRunner().invoke(main, ["source", str(src), "--format", "jsonl"])
    assert default.exit_code == 0, default.output
    (outlet,) = [json.loads(x) for x in default.stdout.splitlines()]
    assert outlet["decided_by"] == "text" and outlet["label"] == "unknown"
    labelled = CliRunner().invoke(main, ["source", str(src), "-f", "jsonl", "--set", "text_unreliable_below=0.99"])
    assert json.loads(labelled.stdout.splitlines()[0])["label"] == "unreliable"  # the policy decides
