"""Handle satisfaction and the run/skip rule."""

from __future__ import annotations

import pytest

from thaiyyal.routing import handle_satisfied, should_run


@pytest.mark.parametrize(
    ("handle", "result", "expected"),
    [
        ("true", {"path": "true"}, True),
        ("x", {"path": "x"}, True),
        ("x", {"output_path": "x"}, True),
        ("x", {"path": 1, "output_path": "y"}, False),
        ("true", {"true_path": True, "condition_met": False}, True),
        ("true", {"true_path": False, "condition_met": True}, False),
        ("true", {"condition_met": True}, True),
        ("true", {"condition_met": False}, False),
        ("true", {"condition_met": "yes"}, False),
        ("true", {"condition_met": 1}, False),
        ("true", {"true_path": "yes", "condition_met": True}, True),
        ("false", {"false_path": True}, True),
        ("false", {"condition_met": False}, True),
        ("false", {"condition_met": True}, False),
        ("false", {"condition_met": None}, False),
        ("false", {"condition_met": 0}, False),
        ("false", {"path": "false", "false_path": False}, True),
        ("", {"path": ""}, True),
        ("", {}, False),
        ("true", [True], False),
        ("true", "true", False),
        ("true", None, False),
    ],
)
def test_handle_satisfied(handle: str, result: object, expected: bool) -> None:
    assert handle_satisfied(handle, result) is expected


def test_should_run() -> None:
    assert should_run((), {})
    assert not should_run((("a", None),), {})
    assert should_run((("a", None),), {"a": None})
    assert not should_run((("a", "x"),), {"a": {"path": "y"}})
    assert should_run((("a", "x"), ("b", None)), {"a": {"path": "y"}, "b": 1})
    assert should_run((("a", "x"), ("b", "y")), {"a": {}, "b": {"output_path": "y"}})


def test_should_run_answers_with_a_bool() -> None:
    # spec/engine.md §2.6: sources that did not run are not considered; with only
    # conditional edges the node runs iff some handle is satisfied.
    assert should_run((("a", "x"),), {"a": {"path": "y"}}) is False
    assert should_run((("a", None),), {}) is False
    assert should_run((("a", "x"), ("b", "y")), {"a": {}, "b": {}}) is False
    assert should_run((("a", "x"),), {"a": {"path": "x"}}) is True


def test_should_run_skips_missing_sources_and_keeps_looking() -> None:
    assert should_run((("gone", None), ("b", None)), {"b": None}) is True
    assert should_run((("gone", "x"), ("b", "x")), {"b": {"output_path": "x"}}) is True
    # an unconditional edge after a satisfied conditional one still makes the node run
    assert should_run((("a", "x"), ("b", None)), {"a": {"path": "x"}, "b": 1}) is True
