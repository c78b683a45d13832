"""How often the reliability label is right, and how often it is given, under the policy's rule.

Text alone (no URL): the share of articles the text labels (not ``unknown``) and the share of
those labels that are right, against always answering the majority label, on Pérez-Rosas et al.
(2018; fake vs legit news, in no training set) and on AllSides articles from outlets rated
reliable or unreliable by Lin et al. (2023) (in training: a reference, not a held-out figure);
and how often text alone says ``reliable`` for an outlet rated unreliable (never, by the rule).

    python benchmarks/reliability_labels.py --data ../shared/datasets [--write-card]

``--write-card`` records the figures in the reliability model's card (and the package manifest).
"""

from __future__ import annotations

import argparse
import json
import os
import random
from pathlib import Path

from quality import Scorer
from quality.assets.models import card_path
from quality.assets.resources import model_file
from quality_lab.datasets import HELDOUT_LOADERS, allsides


def measure(scorer: Scorer, texts: list[str], truth: list[str]) -> dict:
    reports = scorer.score_many(texts)
    labels = [r.reliability.label for r in reports]
    given = [(lab, t) for lab, t in zip(labels, truth, strict=True) if lab != "unknown"]
    majority = max(set(truth), key=truth.count)
    return {
        "articles": len(texts),
        "labelled": round(len(given) / max(len(texts), 1), 4),
        "selective_accuracy": round(sum(a == b for a, b in given) / len(given), 4) if given else None,
        "majority_label_accuracy": round(truth.count(majority) / max(len(truth), 1), 4),
        "reliable_on_unreliable": sum(
            lab == "reliable" and t == "unreliable" for lab, t in zip(labels, truth, strict=True)
        ),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("QUALITY_DATA", "../shared/datasets")))
    ap.add_argument("--write-card", action="store_true")
    args = ap.parse_args()
    scorer = Scorer(explain=False)
    pr = list(HELDOUT_LOADERS["perezrosas2018"](args.data))
    al = [a for a in allsides(args.data) if a.label != "mixed"]
    random.Random(0).shuffle(al)
    al = al[:3000]
    policy = scorer.policy
    result = {
        "rule": f"text alone: unreliable below {policy.text_unreliable_below}, else unknown; never reliable",
        "perezrosas2018 (held out)": measure(scorer, [a.text for a in pr], [a.label for a in pr]),
        "allsides, outlets rated reliable/unreliable (in training)": measure(
            scorer, [a.text for a in al], [a.label for a in al]
        ),
    }
    print("$ python benchmarks/reliability_labels.py")
    print(json.dumps(result, indent=2))
    if args.write_card:
        from quality_lab.manifest import record

        path = model_file("reliability.skops")
        card = json.loads(card_path(path).read_text(encoding="utf-8"))
        card["labels_from_text"] = result
        card_path(path).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
        record("reliability", path)
        print(f"-> {card_path(path)}")


if __name__ == "__main__":
    main()
