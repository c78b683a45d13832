"""Model files: what is saved loads back the same, and a file asking for other types is refused."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from quality.assets import persist

TEXTS = [
    "Police in Lima said on Friday that twelve people were injured.",
    "The council voted on Tuesday to close the bridge for repairs.",
    "Share this now before they delete it, the truth is hidden!",
    "They do not want you to know the truth about the bridge!",
] * 3
LABELS = ["reliable", "reliable", "unreliable", "unreliable"] * 3


def test_saved_pipeline_loads_back_with_the_same_vocabulary_and_predictions(tmp_path):
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2)), LogisticRegression()).fit(TEXTS, LABELS)
    before = model.predict_proba(TEXTS)
    vocabulary = dict(model[0].vocabulary_)
    path = tmp_path / "m.skops"
    digest = persist.save(model, path)
    assert model[0].vocabulary_ == vocabulary  # saving packs a copy, never the caller's model
    loaded = persist.load(path, expected_sha256=digest)
    assert loaded[0].vocabulary_ == vocabulary
    assert not hasattr(loaded[0], "packed_terms_")
    np.testing.assert_allclose(loaded.predict_proba(TEXTS), before)


def test_vocabulary_with_a_newline_term_is_stored_as_it_is(tmp_path):
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 1)).fit(["a\nb", "ab c"])
    path = tmp_path / "v.skops"
    loaded = persist.load(path, expected_sha256=persist.save(vectorizer, path))
    assert loaded.vocabulary_ == vectorizer.vocabulary_ and "\n" in loaded.vocabulary_


def test_untrusted_type_is_refused_in_one_line(tmp_path):
    import skops.io as sio

    path = tmp_path / "bad.skops"
    sio.dump({"counts": Counter("abc")}, str(path))
    with pytest.raises(persist.ModelFileError, match="untrusted type") as caught:
        persist.load(path)
    assert "\n" not in str(caught.value) and "Counter" in str(caught.value)


def test_not_a_model_file_is_refused(tmp_path):
    path = tmp_path / "junk.skops"
    path.write_bytes(b"not a zip file")
    with pytest.raises(persist.ModelFileError, match="not a readable skops model file"):
        persist.load(path)


def test_a_file_that_unpacks_to_more_than_the_limit_is_refused_before_unpacking(tmp_path):
    """A small file can declare gigabytes of zeros (a crafted array): the declared sizes are
    read first, and nothing is unpacked past the limit."""
    import zipfile

    model = make_pipeline(TfidfVectorizer(), LogisticRegression()).fit(TEXTS, LABELS)
    path = tmp_path / "m.skops"
    persist.save(model, path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive, archive.open("zeros.npy", "w") as fh:
        for _ in range(8):
            fh.write(bytes(1 << 20))
    assert path.stat().st_size < 200_000
    with pytest.raises(persist.ModelFileError, match="over the 4,194,304-byte limit") as caught:
        persist.load(path, max_unpacked=4 << 20)
    assert "\n" not in str(caught.value)
    assert persist.load(tmp_path / "m.skops", max_unpacked=64 << 20) is not None  # under the limit it loads
