"""Small contracts of the stages that a user reads: compiler messages, the prompt, the glue's header."""
from __future__ import annotations

import re

from pytest_pareval.build.compile import HEADER, BuildResult
from pytest_pareval.suite.problems import PROBLEMS_DIR, load
from pytest_pareval.suite.prompt import messages


def test_first_errors_skip_blank_lines_and_keep_the_compilers_reason():
    log = "\nIn file included from answer.cpp:1:\ncc1plus: out of memory allocating 65536 bytes\n"
    assert BuildResult(ok=False, program=None, log=log, seconds=1.0).first_errors() == \
        "cc1plus: out of memory allocating 65536 bytes"
    assert BuildResult(ok=False, program=None, log="\n\nsomething odd\n", seconds=1.0).first_errors() == "something odd"


def test_the_prompt_names_exactly_the_headers_the_glue_includes():
    included = set(re.findall(r"#include <([\w.]+)>", HEADER.read_text()))
    problem = load(PROBLEMS_DIR / "reduce" / "sum_of_squares.py")
    text = messages(problem, "mpi")[1]["content"]
    named = text[text.index("The headers"):text.index("are already included")]
    assert set(re.findall(r"<([\w.]+)>", named)) == included
    assert "MPI_Init" in text and "rank 0" in text and problem.signature.text in text
