"""Models: the models file, built-ins and the errors a user sees for bad input."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_pareval.models import ModelError, load_models_file, resolve

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


def test_builtins_and_raw_litellm_strings():
    reference, raw = resolve(["reference", "openai/gpt-4o-mini"])
    assert reference.kind == "reference" and raw.kind == "litellm" and raw.slug == "openai-gpt-4o-mini"
