"""Command-line entry for :mod:`quality_lab.page_chrome_lines` (needs the lab: `pip install -e lab`).

python benchmarks/page_chrome_lines.py --help
"""

from quality_lab.page_chrome_lines import main

if __name__ == "__main__":
    main()
