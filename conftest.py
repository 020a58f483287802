"""Repository root: keep pytest out of the C++ references and the benchmark scripts."""

collect_ignore = ["references", "benchmarks", "examples", "scripts"]
