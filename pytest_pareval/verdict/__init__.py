"""Stage 5, verdict: outputs against the oracle (judge.py), correctness at every checked count
(correctness.py), timed runs (timed.py), and the whole verdict of one answer (engine.py)."""
