"""Locating the conformance corpus and running its cases in-process.

The corpus lives outside the repository (``../shared/conformance`` next to the checkout, or
wherever ``THAIYYAL_CONFORMANCE`` points); it is never copied in. Tests that need it skip,
saying so, when it is absent.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from thaiyyal import Engine, EngineConfig, InvalidWorkflow, PluginSet
from thaiyyal.results import execute_body, invalid_body

REPO = Path(__file__).resolve().parents[2]
CASE_TAGS = {"type-inference", "routing", "skip", "state", "error", "validation", "unknown-type"}


@lru_cache(maxsize=1)
def corpus_dir() -> Path | None:
    candidates = []
    if os.environ.get("THAIYYAL_CONFORMANCE"):
        candidates.append(Path(os.environ["THAIYYAL_CONFORMANCE"]))
    candidates += [REPO.parent / "shared" / "conformance", Path("/work/shared/conformance")]
    for candidate in candidates:
        if (candidate / "workflows").is_dir():
            return candidate
    return None


def require_corpus() -> Path:
    found = corpus_dir()
    if found is None:
        pytest.skip(
            "conformance corpus not found (set THAIYYAL_CONFORMANCE or place it at "
            "../shared/conformance); skipping corpus cases"
        )
    return found


def case_files(kind: str = "workflows") -> list[Path]:
    found = corpus_dir()
    if found is None:
        return []
    return sorted((found / kind).glob("*.json"))


@lru_cache(maxsize=1)
def checker() -> ModuleType:
    """The corpus's own ``check.py``, for its comparison rules."""
    path = require_corpus() / "check.py"
    spec = importlib.util.spec_from_file_location("thaiyyal_conformance_check", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_case(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        case: dict[str, Any] = json.load(fh)
    return case


def node_types(case: dict[str, Any]) -> set[str]:
    return {t for t in case.get("tags", []) if t not in CASE_TAGS}


def run_case(case: dict[str, Any], plugins: PluginSet) -> dict[str, Any]:
    """The execute-route body this engine produces for a case's payload (JSON-normalised)."""
    engine = Engine(EngineConfig.server(), plugins=plugins)
    try:
        plan = engine.load(case["workflow"])
    except InvalidWorkflow as exc:
        return invalid_body(exc)
    result = asyncio.run(engine.run(plan))
    body = execute_body(result, 0.0)
    normalised: dict[str, Any] = json.loads(json.dumps(body, default=str))
    return normalised
