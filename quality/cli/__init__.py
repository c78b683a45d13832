"""The ``quality`` command line: thin commands over the library, one module each.

Each command reads its options, makes one library call and hands the result to a writer.
The lab's commands (``train``, ``train-lines``, ``build``, ``bench``) come from the
``quality.commands`` entry point, when the lab is installed (``pip install -e lab``).
"""

from quality.cli.main import main, run

__all__ = ["main", "run"]
