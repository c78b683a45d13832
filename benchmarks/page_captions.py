"""Command-line entry for :mod:`quality_lab.page_captions` (needs the lab: `pip install -e lab`).

python benchmarks/page_captions.py --help
"""

from quality_lab.page_captions import main

if __name__ == "__main__":
    main()
