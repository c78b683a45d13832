"""The policy object: one place for every number, reachable from Python, a config file and the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quality.cli import main
from quality.core.policy import DEFAULT, Policy, PolicyError, with_settings
from quality.pipeline.scorer import Scorer
from tests.conftest import SEEDS, seed


def test_a_changed_cut_off_changes_verdicts():
    text = seed("000")  # one mismatched caption: quality 0.56 with neither model
    muted = {"machine_prose": 0.0}  # this test is about cut-offs; the prose model is weighed elsewhere
    default = Scorer(Policy(weights=muted), reliability=False).score(text)
    assert default.verdict == "review"
    # the caption is a defect `clean` removes; with nothing cleanable, the cut-off alone decides
    nothing_cleanable = {"clean_remove": (), "clean_repair": ()}
    strict = Scorer(Policy(keep_at=0.9, drop_below=0.6, weights=muted, **nothing_cleanable), reliability=False)
    strict = strict.score(text)
    lenient = Scorer(Policy(keep_at=0.5, weights=muted), reliability=False).score(text)
    assert strict.quality == default.quality == lenient.quality
    assert (strict.verdict, lenient.verdict) == ("drop", "keep")


def test_weights_change_quality_and_zero_weight_ignores_a_detector():
    text = seed("003")
    base = Scorer(reliability=False).score(text)
    muted = Scorer(Policy(weights={**DEFAULT.weights, "missing_spaces": 0.0}), reliability=False).score(text)
    assert muted.detectors["missing_spaces"].score == base.detectors["missing_spaces"].score > 0.5
    assert muted.quality > base.quality


def test_config_file_reaches_a_detectors_parameter(tmp_path):
    config = tmp_path / "quality.toml"
    config.write_text("keep_at = 0.7\n[detectors.caption_mismatch]\nthreshold = 0.0\n[weights]\nfiller = 0.1\n")
    policy = Policy.from_toml(config)
    scorer = Scorer(policy, reliability=False)
    assert policy.keep_at == 0.7 and scorer.weights["filler"] == 0.1 and scorer.weights["page_chrome"] == 0.4
    (captions,) = [d for d in scorer.detectors if d.name == "caption_mismatch"]
    assert captions.threshold == 0.0
    # threshold 0: no caption can be "unrelated", so seed 000's Javelin caption is no longer flagged
    assert scorer.score(seed("000")).detectors["caption_mismatch"].findings == []


def test_cli_config_and_set_reach_the_scorer(tmp_path):
    config = tmp_path / "q.toml"
    config.write_text("[detectors.caption_mismatch]\nthreshold = 0.0\n")
    path = str([p for p in SEEDS if p.name.startswith("000")][0])
    run = CliRunner().invoke
    default = json.loads(run(main, ["score", "--no-reliability", "-f", "json", path]).output)[0]
    configured = json.loads(
        run(main, ["--config", str(config), "score", "--no-reliability", "-f", "json", path]).output
    )
    strict = json.loads(run(main, ["--set", "keep_at=0.99", "score", "--no-reliability", "-f", "json", path]).output)
    assert default["detectors"]["caption_mismatch"]["findings"]
    assert configured[0]["detectors"]["caption_mismatch"]["findings"] == []
    assert default["verdict"] in ("review", "drop") and strict[0]["verdict"] != "keep"


@pytest.mark.parametrize(
    "toml, message",
    [
        ("keep_at = 2\n", "keep_at must be a number in [0, 1]"),
        ("keep_at = 0.2\ndrop_below = 0.5\n", "must not exceed keep_at"),
        ("colour = 'red'\n", "unknown setting(s) colour"),
        ("keep_at = \n", "not valid TOML"),
        ("[detectors.nope]\nx = 1\n", "unknown detector(s): nope"),
        ("[detectors.filler]\nno_such_parameter = 1\n", "detectors.filler"),
    ],
)
def test_bad_config_is_one_line_not_a_traceback(tmp_path, toml, message):
    config = tmp_path / "bad.toml"
    config.write_text(toml)
    result = CliRunner().invoke(main, ["--config", str(config), "score", "--no-reliability", str(SEEDS[0])])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_set_parses_values_as_toml_and_rejects_garbage():
    p = with_settings(DEFAULT, ["weights.filler=0.25", "detectors.caption_mismatch.similarity=embeddings"])
    assert p.weight("filler") == 0.25 and p.params("caption_mismatch") == {"similarity": "embeddings"}
    with pytest.raises(PolicyError, match="expected KEY=VALUE"):
        with_settings(DEFAULT, ["keep_at"])
    with pytest.raises(PolicyError, match="time_budget"):
        with_settings(DEFAULT, ["time_budget=-1"])


def test_flag_at_is_the_one_rule_for_a_detector_flagging():
    from quality.pipeline.gate import Filter

    report = Scorer(reliability=False).score(seed("003"))
    loud = Filter(reliability=False, policy=Policy(flag_at=0.95), drop_verdicts=("drop", "review"))
    quiet = Filter(reliability=False, drop_verdicts=("drop", "review"))
    assert any(r.startswith("missing_spaces") for r in quiet.reasons(report))
    assert not any(r.startswith("missing_spaces") for r in loud.reasons(report))


def test_defects_cleaning_removes_never_drop_an_article_sound_without_them():
    muted = {"machine_prose": 0.0}
    text = seed("000")  # one mismatched caption, which `quality clean` removes
    policy = Policy(keep_at=0.9, drop_below=0.6, weights=muted)
    assert Scorer(policy, reliability=False).score(text).verdict == "review"  # not drop: sound without it
    assert policy.verdict_after_cleaning(0.2, 0.95) == "review"
    assert policy.verdict_after_cleaning(0.2, 0.3) == "drop"  # unsound without the cleanable defects too
    assert policy.verdict_after_cleaning(0.95, 0.95) == "keep"
