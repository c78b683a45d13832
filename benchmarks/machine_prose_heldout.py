"""Machine-prose model on sources it never saw: ROC-AUC, TPR at 5% false positives, and what
its cut-off flags, per held-out set, site and generator group (see quality_lab.machine_prose).

    python benchmarks/machine_prose_heldout.py --data ../shared/datasets [--cap 3000]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from quality_lab.machine_prose import heldout

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("QUALITY_DATA", "../shared/datasets")))
    ap.add_argument("--cap", type=int, default=3000, help="at most this many texts per set")
    args = ap.parse_args()
    print(f"$ python benchmarks/machine_prose_heldout.py --cap {args.cap}")
    heldout(args.data, args.cap)
