"""Invariants of the hook specifications: documented, rendered, and tested."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from thaiyyal import hookspecs
from thaiyyal.docgen import hook_names, render_hooks_page

ROOT = Path(__file__).resolve().parents[1]


def test_every_hook_documents_itself_and_each_argument() -> None:
    assert hook_names()
    for name in hook_names():
        fn = getattr(hookspecs, name)
        doc = inspect.getdoc(fn) or ""
        assert doc, f"hook {name} has no docstring"
        for param in inspect.signature(fn).parameters:
            assert f":param {param}:" in doc, f"hook {name} does not document {param}"


def test_hooks_page_is_up_to_date() -> None:
    page = (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8")
    assert page == render_hooks_page(), "docs/hooks.md is stale: run python -m thaiyyal.docgen"


def test_every_hook_is_exercised_by_a_test() -> None:
    sources = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "tests").rglob("*.py")
        if p.name != "test_hookspecs.py"
    )
    for name in hook_names():
        assert re.search(rf"def {name}\(", sources), f"no test implements hook {name}"
