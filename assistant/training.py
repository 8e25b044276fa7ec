"""Train the Rasa model only when its inputs changed, keyed by a hash of those inputs."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from assistant.kernel.settings import PROJECT_ROOT

RASA_VENV = PROJECT_ROOT / ".venv-rasa"
MODELS_DIR = PROJECT_ROOT / "models"
# Everything that changes what `rasa train` produces (the Rasa version included).
TRAINING_INPUTS = (
    "config.yml",
    "domain.yml",
    "data",
    "assistant/nlu",
    "requirements/rasa.lock",
)


def model_cache_dir() -> Path:
    """Trained models shared by every clone on this machine (CI clones afresh each run)."""
    default = Path.home() / ".cache" / "chat-commerce-assistant" / "models"
    return Path(os.environ.get("ASSISTANT_MODEL_CACHE", default))


class TrainingError(RuntimeError):
    pass


def rasa_executable() -> Path:
    rasa = Path(os.environ.get("ASSISTANT_RASA_BIN", RASA_VENV / "bin" / "rasa"))
    if not rasa.exists():
        raise TrainingError(f"{rasa} not found: run `make venvs` to build the Rasa environment")
    return rasa


def training_hash(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = root / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in {".yml", ".yaml", ".py", ".lock"}:
                digest.update(str(file.relative_to(root)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path(root: Path = PROJECT_ROOT) -> Path:
    return MODELS_DIR / f"model-{training_hash(root)}.tar.gz"


def ensure_model(root: Path = PROJECT_ROOT, *, force: bool = False) -> tuple[Path, bool]:
    """The model for the current inputs, training it if needed; returns (path, trained_now)."""
    target = model_path(root)
    cached = model_cache_dir() / target.name
    if not force:
        if target.exists():
            return target, False
        if cached.exists():
            MODELS_DIR.mkdir(exist_ok=True)
            shutil.copyfile(cached, target)
            return target, False
    MODELS_DIR.mkdir(exist_ok=True)
    command = [
        str(rasa_executable()),
        "train",
        "--config",
        "config.yml",
        "--domain",
        "domain.yml",
        "--data",
        "data",
        "--out",
        str(MODELS_DIR),
        "--fixed-model-name",
        target.name.removesuffix(".tar.gz"),
    ]
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    # bandit B603: our argv, no shell
    result = subprocess.run(command, cwd=root, env=env, check=False)  # nosec B603
    if result.returncode != 0 or not target.exists():
        raise TrainingError(f"rasa train failed with exit code {result.returncode}")
    cached.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(target, cached.with_suffix(".part"))
    cached.with_suffix(".part").replace(cached)  # atomic: a half-copied model is never used
    return target, True
