"""Settings: precedence, and every bad value as one usage line (unit level; the pytest runs that show
the user's ``ERROR:`` line and exit status are in test_plugin.py)."""
from __future__ import annotations

import pytest

from conftest import PROBLEMS, REPO
from pytest_pareval.plugin.session import names_suite, wanted
from pytest_pareval.plugin.settings import options_given, read_settings


def _settings(pytester: pytest.Pytester, *args: str):
    return read_settings(pytester.parseconfig(str(PROBLEMS), *args))


def test_command_line_beats_environment_beats_default(pytester, monkeypatch):
    assert _settings(pytester).seed == 0
    monkeypatch.setenv("PAREVAL_SEED", "7")
    monkeypatch.setenv("PAREVAL_TIMEOUT", "2.5")
    s = _settings(pytester, "--pareval-seed=3")
    assert s.seed == 3 and s.timeout == 2.5


@pytest.mark.parametrize("arg, phrase", [
    ("--pareval-timeout=inf", "'inf' is not a finite number"),
    ("--pareval-timeout=nan", "'nan' is not a finite number"),
    ("--pareval-build-timeout=-1", "must be positive"),
    ("--pareval-seed=-1", "--pareval-seed: -1 is negative"),
    ("--pareval-seed=abc", "'abc' is not a valid int"),
    ("--pareval-models=,", "name at least one model"),
    ("--pareval-ranks=0", "at least 1"),
    ("--pareval-modes=gpu", "unknown mode gpu"),
])
def test_bad_values_are_one_usage_line(pytester, arg, phrase):
    with pytest.raises(pytest.UsageError, match=phrase) as info:
        _settings(pytester, arg)
    assert "\n" not in str(info.value)


def test_a_bad_boolean_in_the_environment_is_refused(pytester, monkeypatch):
    monkeypatch.setenv("PAREVAL_REGENERATE", "maybe")
    with pytest.raises(pytest.UsageError, match="'maybe' is not a boolean"):
        _settings(pytester)
    monkeypatch.setenv("PAREVAL_REGENERATE", "yes")
    assert _settings(pytester).regenerate is True


def test_output_and_cache_paths_that_are_files_are_refused(pytester, tmp_path):
    afile = tmp_path / "plain-file"
    afile.write_text("")
    with pytest.raises(pytest.UsageError, match="is not a directory"):
        _settings(pytester, f"--pareval-output={afile}")
    with pytest.raises(pytest.UsageError, match=f"is inside {afile}, which is not a directory"):
        _settings(pytester, f"--pareval-output={afile / 'sub'}")
    with pytest.raises(pytest.UsageError, match="--pareval-cache-dir"):
        _settings(pytester, f"--pareval-cache-dir={afile}")
    assert _settings(pytester, f"--pareval-output={tmp_path / 'new' / 'dir'}").output == tmp_path / "new" / "dir"


def test_the_suite_is_wanted_only_when_named_or_asked_for(pytester, tmp_path):
    elsewhere = pytester.parseconfig(str(tmp_path))
    assert not options_given(elsewhere) and not names_suite(elsewhere) and not wanted(elsewhere)
    assert wanted(pytester.parseconfig(str(tmp_path), "--pareval-seed=1"))
    for args in ([str(PROBLEMS)], [str(PROBLEMS / "sort")], [f"{PROBLEMS / 'test_pareval.py'}::test_problem"],
                 [str(REPO)]):  # the suite itself, a part of it, or a directory it is collected from
        assert names_suite(pytester.parseconfig(*args)), args
    assert not names_suite(pytester.parseconfig(str(REPO / "tests")))
