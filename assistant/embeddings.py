"""The embedding model: all-MiniLM-L6-v2 loaded from an installed package or a local folder, never a hub.

Loading by hub id would try the network at run time, which this product must never do.
"""

from __future__ import annotations

import importlib
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import cast

import numpy as np

# Belt and braces: even a mistaken hub id must fail fast instead of trying the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# OpenMP's default busy-waiting makes small model calls ~25x slower when other processes share the
# two cores (measured in tests/test_crash.py); large batches are no slower without it.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
# No download happens, and a progress bar for loading local weights is noise in --json runs.
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


class ModelNotFound(RuntimeError):
    pass


def resolve_model_path(name_or_path: str) -> Path:
    """A local model folder, or the model folder shipped inside an installed Python package."""
    candidate = Path(name_or_path).expanduser()
    if candidate.is_dir() and (candidate / "config.json").exists():
        return candidate.resolve()
    module_name = name_or_path.replace("-", "_")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ModelNotFound(
            f"embedding model {name_or_path!r} is neither a local model folder nor an installed package "
            f"(pip install {name_or_path}); hub ids are not downloaded"
        ) from exc
    get_path = getattr(module, "get_model_path", None)
    path = Path(get_path()) if get_path else Path(cast(str, module.__file__)).parent / "model"
    if not (path / "config.json").exists():
        raise ModelNotFound(f"package {name_or_path!r} carries no model files at {path}")
    return path


class Embedder:
    """Normalised sentence embeddings as float32 numpy arrays, plus the LangChain interface."""

    def __init__(self, name_or_path: str, batch_size: int = 64):
        from langchain_huggingface import HuggingFaceEmbeddings

        self.name = name_or_path
        self.path = resolve_model_path(name_or_path)
        self.batch_size = batch_size
        self.langchain = HuggingFaceEmbeddings(
            model_name=str(self.path),
            model_kwargs={"device": "cpu", "local_files_only": True},
            encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
        )
        self._model = self.langchain._client  # the SentenceTransformer, for numpy output without list copies
        self.dimension = int(cast(int, self._model.get_embedding_dimension()))
        # SentenceTransformer.encode is not documented as thread-safe; the web app calls it from a pool.
        self._lock = threading.Lock()

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=show_progress,
            )
        return np.asarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


@lru_cache(maxsize=4)
def get_embedder(name_or_path: str, batch_size: int = 64) -> Embedder:
    """One model per process: loading takes seconds, encoding is what should be paid per request."""
    return Embedder(name_or_path, batch_size)
