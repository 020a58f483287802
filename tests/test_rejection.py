"""Every problem must reject deliberately broken answers fed through the replay model."""
from __future__ import annotations

import pytest
from mutants import MUTANTS, write_replay_trees

from pytest_pareval.suite.problems import discover


@pytest.mark.parametrize("problem", discover(), ids=lambda p: p.id)
def test_broken_answers_are_rejected(problem, tmp_path, run_suite):
    trees = write_replay_trees([problem], tmp_path / "replay")
    models = ",".join(f"replay:{tree}" for tree in trees.values())
    result, records = run_suite(f"--pareval-models={models}", "-k", f"{problem.id}-")
    got = {(r["model_id"], r["mode"]): (r["outcome"], r["message"]) for r in records}
    for mutant, (modes, outcome) in MUTANTS.items():
        for mode in modes:
            seen = got.get((f"replay-{mutant}", mode), ("missing", ""))
            assert seen[0] == outcome, f"{mutant} ({mode}) ended as {seen[0]}: {seen[1]}"
