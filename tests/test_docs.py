"""The README is the user's manual: every option the plugin registers must be in it."""
from pathlib import Path

from pytest_pareval.plugin.settings import OPTIONS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_readme_documents_every_option():
    missing = [f"--pareval-{name.replace('_', '-')}" for name, *_ in OPTIONS
               if f"`--pareval-{name.replace('_', '-')}`" not in README]
    assert not missing
