"""Any input into any node fails cleanly.

Every node config found in the conformance corpus (hundreds of them, across every node type
that runs without a network or a clock) is fed random JSON values as inputs. A node may
reject its inputs, but only with the project's own errors: an unexpected Python exception
escaping node code is a bug, however the engine reports it.
"""

from __future__ import annotations

import asyncio
import json
from functools import lru_cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thaiyyal import Engine, EngineConfig, InvalidWorkflow, NodeFailed, ThaiyyalError

from ..conformance.corpus import case_files, load_case, require_corpus
from ..helpers import edge, node, payload, plugin_set
from ..nodes_for_tests import Const

#: Node types that wait on the network, a clock or a nested run: other tests cover them.
WAITING = {"http", "paginator", "delay", "rate_limiter", "throttle", "sub_workflow"}

ENGINE = Engine(EngineConfig(max_execution_time=5.0), plugins=plugin_set(Const, builtin=None))


@lru_cache(maxsize=1)
def corpus_configs() -> list[tuple[str, dict[str, Any]]]:
    """Distinct ``(type, data)`` pairs of corpus nodes that load behind one input."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for path in case_files():
        for raw in load_case(path)["workflow"].get("nodes") or []:
            if not isinstance(raw, dict) or not isinstance(raw.get("data"), dict):
                continue
            type_name = raw.get("type")
            if isinstance(type_name, str) and type_name and type_name not in WAITING:
                seen.setdefault((type_name, json.dumps(raw["data"], sort_keys=True)), raw["data"])
    usable = []
    for (type_name, _), data in seen.items():
        body = payload(
            [node("s", "const", value=1), node("x", type_name, **data)], [edge("s", "x")]
        )
        try:
            ENGINE.load(body)
        except InvalidWorkflow:
            continue  # a config the corpus uses to show a load error, or one needing no input
        usable.append((type_name, data))
    return usable


KEYS = ["a", "b", "age", "name", "value", "items", "result", "filtered", "key", "error", "x"]
leaves = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.sampled_from(["a,b\n1,2", "1", "2024-01-31", "<a x='1'><b>t</b></a>", '{"k": 1}', "age"])
)
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.sampled_from(KEYS), inner),
    max_leaves=15,
)


def configs_by_type() -> dict[str, list[dict[str, Any]]]:
    by_type: dict[str, list[dict[str, Any]]] = {}
    for type_name, config in corpus_configs():
        by_type.setdefault(type_name, []).append(config)
    return by_type


#: One test per node type, so that each gets its share of examples (an absent corpus
#: leaves one placeholder that skips, saying so).
TYPES = sorted(configs_by_type()) or ["(corpus absent)"]


def test_the_corpus_gives_configs_of_many_node_types() -> None:
    require_corpus()
    assert len(configs_by_type()) >= 35


@pytest.mark.parametrize("type_name", TYPES)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), inputs=st.lists(values, max_size=3))
def test_random_inputs_fail_only_with_the_projects_errors(
    type_name: str, data: Any, inputs: list[Any]
) -> None:
    require_corpus()
    config = data.draw(st.sampled_from(configs_by_type()[type_name]), label="config")
    sources = [node(f"s{i}", "const", value=value) for i, value in enumerate(inputs)]
    body = payload(
        [*sources, node("x", type_name, **config)],
        [edge(f"s{i}", "x") for i in range(len(inputs))],
    )
    try:
        plan = ENGINE.load(body)
    except InvalidWorkflow:
        return  # resilience nodes need exactly one input: a load-time rule, tested elsewhere
    result = asyncio.run(ENGINE.run(plan))
    if result.error is None:
        json.dumps(result.node_results["x"])  # a result is plain JSON
        return
    assert isinstance(result.error, ThaiyyalError)
    if isinstance(result.error, NodeFailed):
        cause = result.error.cause
        assert isinstance(cause, ThaiyyalError), (
            f"{type_name} {config} raised {type(cause).__name__}: {cause} on {inputs!r}"
        )
