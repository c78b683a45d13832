"""The lab: data sets, training, evaluation, model cards and the bench for ``quality``.

It imports the runtime package ``quality`` and is never imported by it (enforced by ruff's
banned-API rule and by ``tests/test_layers.py``). Install from a checkout with
``pip install -e . -e lab``; its commands then appear under ``quality``.
"""
