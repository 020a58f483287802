"""The suite: one item per problem x model x mode. The fixtures (pytest_pareval.plugin) walk the
pipeline — prompt, generate, build, run, judge — and this test states what counts as success."""
import pytest


def test_problem(pareval_verdict):
    if pareval_verdict.outcome != "pass":
        pytest.fail(f"{pareval_verdict.outcome}: {pareval_verdict.message}", pytrace=False)
