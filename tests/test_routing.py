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
        ("true", {"true_path": "yes", "condition_met": True}, True),
        ("false", {"false_path": True}, True),
        ("false", {"condition_met": False}, True),
        ("false", {"condition_met": True}, False),
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
