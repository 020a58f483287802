"""Models: the models file, built-ins and the errors a user sees for bad input."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_pareval.generate.models import ModelError, load_models_file, resolve

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED_VRAM = {"Gemini Flash": None, "Gemini Pro": None, "Gemma3": 54, "Gemma3 4Bit Quantized": 19,
             "H2Loop v0.1": 16, "Kimi K2": 1024, "Llama3.3 8B": 16, "Llama4 Maverick": 1280,
             "Mistral Nemo": 24, "Qwen 2.5 Coder": 32}


def test_seed_models_file_has_the_ten_models_with_the_seed_vram():
    specs = load_models_file(EXAMPLES / "seed-models.toml")
    assert {s.name: s.vram_gb for s in specs.values()} == SEED_VRAM


def test_every_seed_model_string_is_known_to_litellm():
    from litellm import get_llm_provider
    for spec in load_models_file(EXAMPLES / "seed-models.toml").values():
        get_llm_provider(spec.model)  # raises for a provider litellm does not know


def test_extra_keys_go_to_litellm_and_ours_do_not(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('[models.x]\nname = "X"\nmodel = "openai/x"\nvram_gb = 8\napi_base = "http://127.0.0.1:1/v1"\n'
                    'temperature = 0.5\n')
    [spec] = resolve(["x"], path)
    assert spec.params == {"api_base": "http://127.0.0.1:1/v1", "temperature": 0.5}
    assert spec.name == "X" and spec.vram_gb == 8.0


@pytest.mark.parametrize("text, phrase", [
    ("[models.x\nmodel = 1", "not valid TOML"),
    ("[other]\na = 1", "no [models.NAME] tables"),
    ('[models.x]\nname = "X"', "needs a 'model' string"),
    ('[models.x]\nmodel = "openai/x"\nvram_gb = -3', "vram_gb must be a positive number"),
    ('[models.x]\nmodel = "openai/x"\nvram_gb = true', "vram_gb must be a positive number"),
    ("models = 3", "no [models.NAME] tables"),
    ("[models]", "no [models.NAME] tables"),
    ("[models]\nx = 3", "needs a 'model' string"),
    ('[models.x]\nmodel = "openai/x"\nname = 3', "name must be a string"),
    ('[models.reference]\nmodel = "openai/x"', "name of a built-in model"),
    ('[models.local]\nmodel = "openai/x"', "name of a built-in model"),
    ('[models.x]\nmodel = "openai/x"\ntimeout = 120', "sets timeout, which pytest-pareval sets itself"),
    ('[models.x]\nmodel = "openai/x"\nmessages = []\nstream = true', "sets messages, stream"),
    ('[models.x]\nmodel = "openai/x"\nnum_retries = 3', "sets num_retries"),
    ('[models.x]\nmodel = "openai/x"\nn = 4', "sets n,"),
])
def test_malformed_models_file_is_one_clear_line(tmp_path, text, phrase):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ModelError, match=re.escape(phrase)) as info:
        resolve(["x"], path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_unknown_model_missing_file_and_duplicates(tmp_path):
    with pytest.raises(ModelError, match="unknown model 'no-such-thing'"):
        resolve(["no-such-thing"])
    with pytest.raises(ModelError, match="does not exist"):
        resolve(["x"], tmp_path / "missing.toml")
    with pytest.raises(ModelError, match="listed twice"):
        resolve(["reference", "reference"])
    with pytest.raises(ModelError, match="replay directory"):
        resolve([f"replay:{tmp_path / 'nothing'}"])


def test_secret_parameters_are_registered_and_left_out_of_public_params(tmp_path):
    from pytest_pareval.generate.models import public_params
    from pytest_pareval.common.redact import clean

    path = tmp_path / "m.toml"
    path.write_text('[models.x]\nmodel = "openai/x"\napi_key = "sk-models-file-secret-1234"\ntemperature = 0.2\n')
    [spec] = resolve(["x"], path)
    assert spec.params["api_key"] == "sk-models-file-secret-1234"  # litellm still gets it
    assert public_params(spec) == {"temperature": 0.2}
    assert "sk-models-file-secret" not in clean("the program printed sk-models-file-secret-1234")


def test_replay_directories_with_the_same_base_name_are_two_models(tmp_path):
    (tmp_path / "run1" / "answers").mkdir(parents=True)
    (tmp_path / "run2" / "answers").mkdir(parents=True)
    first, second = resolve([f"replay:{tmp_path / 'run1' / 'answers'}", f"replay:{tmp_path / 'run2' / 'answers'}"])
    assert first.key == "replay-answers" and second.key == "replay-run2/answers"
    assert first.slug != second.slug and first.name != second.name
    with pytest.raises(ModelError, match="listed twice"):
        resolve([f"replay:{tmp_path / 'run1' / 'answers'}", f"replay:{tmp_path / 'run1' / 'answers' / '.'}"])


def test_an_unknown_model_prints_nothing_but_our_line(capfd):
    with pytest.raises(ModelError, match="unknown model 'nonexistent'"):
        resolve(["nonexistent"])
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # litellm's "Provider List" banner is not shown


def test_models_does_not_import_generate():
    import subprocess
    import sys

    code = "import sys, pytest_pareval.generate.models; print('pytest_pareval.generate.generator' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_builtins_and_raw_litellm_strings():
    reference, raw = resolve(["reference", "openai/gpt-4o-mini"])
    assert reference.kind == "reference" and raw.kind == "litellm" and raw.slug == "openai-gpt-4o-mini"
