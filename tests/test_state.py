"""Run state: variables, accumulator, counter, cache, context values, snapshots."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from thaiyyal import Engine, EngineConfig, LimitExceeded, ManualClock, MemoryRunState, RunState
from thaiyyal.state import SNAPSHOT_VERSION, decode_state_value, encode_state_value


def make(**limits: object) -> tuple[MemoryRunState, ManualClock]:
    clock = ManualClock()
    return MemoryRunState(EngineConfig(**limits), clock), clock  # type: ignore[arg-type]


def test_memory_state_satisfies_the_protocol_and_is_the_engine_default() -> None:
    state: RunState = MemoryRunState()
    assert state.counter == 0.0
    assert state.accumulator is None
    engine = Engine()
    assert isinstance(engine.state_factory(engine.config, engine.clock), MemoryRunState)


# ------------------------------------------------------------------ variables


def test_variables_set_and_read() -> None:
    state, _ = make()
    state.set_variable("x", 1.0)
    state.set_variable("x", {"a": [1.0]})
    assert state.variables == {"x": {"a": [1.0]}}


def test_variable_values_are_validated() -> None:
    state, _ = make(max_string_length=10, max_array_length=3, max_context_depth=3)
    with pytest.raises(LimitExceeded) as exc:
        state.set_variable("s", "x" * 11)
    assert exc.value.message == "variable validation failed: string too long: 11 bytes (limit: 10)"
    with pytest.raises(LimitExceeded, match=r"array too large: 4 elements \(limit: 3\)"):
        state.set_variable("a", [1.0] * 4)
    # checks descend into objects too
    with pytest.raises(LimitExceeded, match=r"map key k: array too large"):
        state.set_variable("o", {"k": [1.0] * 4})
    with pytest.raises(LimitExceeded, match=r"value too deeply nested: 4 levels \(limit: 3\)"):
        state.set_variable("d", [[[1.0]]])
    with pytest.raises(LimitExceeded, match="not a finite number"):
        state.set_variable("n", float("nan"))
    # multi-byte characters count in UTF-8 bytes
    with pytest.raises(LimitExceeded, match="string too long: 12 bytes"):
        state.set_variable("u", "日本語漢")
    assert state.variables == {}


def test_max_variables_counts_distinct_names() -> None:
    state, _ = make(max_variables=2)
    state.set_variable("a", 1.0)
    state.set_variable("b", 2.0)
    state.set_variable("a", 3.0)  # an existing name is fine
    with pytest.raises(LimitExceeded) as exc:
        state.set_variable("c", 4.0)
    assert exc.value.message == "maximum variables exceeded: 2 (limit: 2)"
    assert exc.value.limit == "max_variables"
    unlimited, _ = make(max_variables=0)
    for i in range(50):
        unlimited.set_variable(f"v{i}", float(i))
    assert len(unlimited.variables) == 50


# ------------------------------------------------------------------ cache


def test_cache_expiry_follows_the_clock() -> None:
    state, clock = make()
    state.cache_set("k", "v", 10.0)
    assert state.cache_get("k") == (True, "v")
    clock.advance(9.999)
    assert state.cache_get("k") == (True, "v")
    clock.advance(0.001)
    assert state.cache_get("k") == (False, None)


def test_cache_default_ttl_comes_from_the_config() -> None:
    state, clock = make(default_cache_ttl=60.0)
    state.cache_set("k", 1.0)
    clock.advance(59.0)
    assert state.cache_get("k")[0]
    clock.advance(1.0)
    assert not state.cache_get("k")[0]


def test_zero_or_negative_ttl_expires_at_once() -> None:
    state, _ = make()
    state.cache_set("a", 1.0, 0.0)
    state.cache_set("b", 1.0, -5.0)
    assert state.cache_get("a") == (False, None)
    assert state.cache_get("b") == (False, None)


def test_cache_delete_really_removes() -> None:
    state, clock = make()
    state.cache_set("k", 1.0, 5.0)
    assert state.cache_delete("k") is True
    assert state.cache_get("k") == (False, None)
    assert state.cache_delete("k") is False
    state.cache_set("old", 1.0, 1.0)
    clock.advance(2.0)
    assert state.cache_delete("old") is False  # expired: nothing live was removed


def test_max_cache_size_drops_expired_entries_first() -> None:
    state, clock = make(max_cache_size=2)
    state.cache_set("a", 1.0, 1.0)
    state.cache_set("b", 2.0, 100.0)
    state.cache_set("b", 3.0, 100.0)  # overwriting an existing key never trips the limit
    clock.advance(5.0)  # "a" has expired
    state.cache_set("c", 4.0, 100.0)
    assert state.cache_size == 2
    with pytest.raises(LimitExceeded) as exc:
        state.cache_set("d", 5.0, 100.0)
    assert exc.value.message == "maximum cache size exceeded: 3 (limit: 2)"
    assert exc.value.limit == "max_cache_size"
    assert state.cache_get("b") == (True, 3.0)
    assert state.cache_get("c") == (True, 4.0)
    state.cache_delete("b")
    state.cache_set("d", 5.0, 100.0)
    assert state.cache_get("d") == (True, 5.0)


def test_unlimited_cache() -> None:
    state, _ = make(max_cache_size=0)
    for i in range(2000):
        state.cache_set(str(i), float(i), 10.0)
    assert state.cache_size == 2000


# ------------------------------------------------------------------ context


def test_context_merge_constants_then_variables() -> None:
    state, _ = make()
    state.set_context_constant("limit", 10.0)
    state.set_context_constant("only_const", "c")
    state.set_context_variable("limit", 3.0)
    assert state.context == {"limit": 3.0, "only_const": "c"}
    # a later constant does not hide the variable of the same name ...
    state.set_context_constant("limit", 99.0)
    assert state.context["limit"] == 3.0
    assert state.context_constants["limit"] == 99.0
    # ... and a later variable overrides again
    state.set_context_variable("only_const", "v")
    assert state.context["only_const"] == "v"
    assert state.context_variables == {"limit": 3.0, "only_const": "v"}


def test_context_values_are_validated() -> None:
    state, _ = make(max_string_length=4)
    with pytest.raises(LimitExceeded) as exc:
        state.set_context_variable("x", "12345")
    assert exc.value.message == (
        "context variable validation failed: string too long: 5 bytes (limit: 4)"
    )
    with pytest.raises(LimitExceeded, match=r"^context constant validation failed: "):
        state.set_context_constant("x", ["12345"])
    assert state.context == {}


# ------------------------------------------------------------------ snapshot / restore


def test_snapshot_is_plain_json_and_restores_everything() -> None:
    state, clock = make()
    moment = datetime(2023, 11, 14, 22, 13, 20, 120000, tzinfo=timezone.utc)
    state.set_variable("v", {"n": 1.0, "list": [1, "a", None, True]})
    state.set_variable("when", moment)
    state.set_variable("tricky", {"$time": "not a time"})
    state.accumulator = ["a", 2.0]
    state.counter = 7.0
    state.cache_set("live", {"x": 1.0}, 30.0)
    state.cache_set("dead", 1.0, 1.0)
    state.set_context_constant("c", 1.0)
    state.set_context_variable("c", 2.0)
    state.set_context_variable("t", moment)
    clock.advance(10.0)
    snap = state.snapshot()
    text = json.dumps(snap)  # plain JSON, no default= needed
    assert snap["version"] == SNAPSHOT_VERSION
    assert set(snap["cache"]) == {"live"}
    assert snap["cache"]["live"]["ttl"] == pytest.approx(20.0)
    assert snap["variables"]["when"] == {"$time": "2023-11-14T22:13:20.12Z"}

    other_clock = ManualClock(start=50_000.0)
    restored = MemoryRunState(EngineConfig(), other_clock)
    restored.restore(json.loads(text))
    assert restored.variables == state.variables
    assert restored.variables["when"] == moment
    assert restored.variables["tricky"] == {"$time": "not a time"}
    assert restored.accumulator == ["a", 2.0]
    assert restored.counter == 7.0
    assert restored.context == {"c": 2.0, "t": moment}
    assert restored.context_constants == {"c": 1.0}
    assert restored.cache_get("live") == (True, {"x": 1.0})
    assert restored.cache_get("dead") == (False, None)
    other_clock.advance(20.0)
    assert restored.cache_get("live") == (False, None)


def test_snapshot_shares_nothing_with_the_state() -> None:
    state, _ = make()
    state.set_variable("v", {"a": [1.0]})
    snap = state.snapshot()
    snap["variables"]["v"]["a"].append(2.0)
    assert state.variables["v"] == {"a": [1.0]}


def test_restore_replaces_the_whole_state() -> None:
    state, _ = make()
    state.set_variable("old", 1.0)
    state.cache_set("old", 1.0, 10.0)
    state.restore({"version": SNAPSHOT_VERSION})
    assert state.variables == {}
    assert state.cache_get("old") == (False, None)
    assert state.counter == 0.0


@pytest.mark.parametrize(
    ("snapshot", "message"),
    [
        ([], "expected an object"),
        ({"version": 99}, "unsupported snapshot version"),
        ({"version": SNAPSHOT_VERSION, "counter": "x"}, "counter must be a number"),
        ({"version": SNAPSHOT_VERSION, "variables": []}, "variables must be an object"),
        ({"version": SNAPSHOT_VERSION, "cache": {"k": {"ttl": 1}}}, "has no value"),
        ({"version": SNAPSHOT_VERSION, "cache": {"k": {"value": 1}}}, "no numeric ttl"),
        (
            {"version": SNAPSHOT_VERSION, "variables": {"t": {"$time": "yesterday"}}},
            "bad time value",
        ),
    ],
)
def test_restore_rejects_malformed_snapshots(snapshot: object, message: str) -> None:
    state, _ = make()
    with pytest.raises(ValueError, match=message):
        state.restore(snapshot)  # type: ignore[arg-type]


def test_a_rejected_snapshot_leaves_the_state_unchanged() -> None:
    state, _ = make()
    state.set_variable("kept", 1.0)
    state.accumulator = "acc"
    bad = {"version": 1, "variables": {"new": 2.0}, "accumulator": {"$time": "2020-01-01"}}
    with pytest.raises(ValueError, match="bad time value"):
        state.restore(bad)
    assert state.variables == {"kept": 1.0}
    assert state.accumulator == "acc"


def test_value_encoding_round_trips_tag_like_objects() -> None:
    for value in [
        {"$object": {"x": 1}},
        {"$time": "2020-01-01T00:00:00Z"},
        {"$a": 1, "$b": 2},
        [{"$x": [datetime(2020, 1, 1, tzinfo=timezone.utc)]}],
    ]:
        assert decode_state_value(json.loads(json.dumps(encode_state_value(value)))) == value


def test_every_run_starts_with_fresh_state() -> None:
    payload = {
        "nodes": [
            {"id": "c", "type": "counter", "data": {"counter_op": "increment"}},
            {"id": "v", "type": "variable", "data": {"var_name": "x", "var_op": "set"}},
        ],
        "edges": [{"source": "c", "target": "v"}],
    }
    engine = Engine(EngineConfig())
    plan = engine.load(payload)
    first = engine.run_sync(plan)
    second = engine.run_sync(plan)
    assert (
        first.node_results["c"]
        == second.node_results["c"]
        == {
            "operation": "increment",
            "value": 1.0,
        }
    )


def test_a_custom_state_factory_is_used_per_run() -> None:
    made: list[MemoryRunState] = []

    def factory(config: EngineConfig, clock: object) -> RunState:
        state = MemoryRunState(config, clock)  # type: ignore[arg-type]
        made.append(state)
        return state

    engine = Engine(EngineConfig(), state_factory=factory)
    payload = {
        "nodes": [{"id": "c", "type": "counter", "data": {"counter_op": "increment", "delta": 2}}],
        "edges": [],
    }
    engine.run_sync(payload)
    engine.run_sync(payload)
    assert [s.counter for s in made] == [2.0, 2.0]


def test_copy_is_independent_and_cheap_to_make() -> None:
    from thaiyyal.state import MemoryRunState

    state = MemoryRunState()
    big = list(range(100))
    state.set_variable("big", big)
    state.set_context_variable("c", 1.0)
    state.cache_set("k", "v", 60)
    twin = state.copy()
    assert twin.variables["big"] is big  # values are shared, never copied
    twin.set_variable("other", 1.0)
    twin.cache_delete("k")
    assert "other" not in state.variables and state.cache_get("k") == (True, "v")
    assert twin.context["c"] == 1.0


def test_checked_values_are_not_walked_again() -> None:
    from thaiyyal import EngineConfig
    from thaiyyal.state import MemoryRunState

    state = MemoryRunState(EngineConfig(max_array_length=2))
    state.set_variable("items", [1, 2, 3], checked=True)  # already checked as a node result
    assert state.variables["items"] == [1, 2, 3]
    import pytest

    with pytest.raises(Exception, match="array too large"):
        state.set_variable("items", [1, 2, 3])


# ------------------------------------------------------------------ limits and boundaries


def test_limit_errors_name_the_limit_and_give_the_figures() -> None:
    state, _ = make(max_string_length=3, max_variables=1, max_cache_size=1)
    with pytest.raises(LimitExceeded) as too_big:
        state.set_variable("s", "long")
    assert too_big.value.limit == "value"
    with pytest.raises(LimitExceeded) as too_big_context:
        state.set_context_constant("s", "long")
    assert too_big_context.value.limit == "value"
    state.set_variable("a", 1.0)
    with pytest.raises(LimitExceeded) as too_many:
        state.set_variable("b", 2.0)
    assert (too_many.value.value, too_many.value.maximum) == (1, 1)
    state.cache_set("a", 1.0, 60.0)
    with pytest.raises(LimitExceeded) as too_full:
        state.cache_set("b", 2.0, 60.0)
    assert too_full.value.message == "maximum cache size exceeded: 2 (limit: 1)"
    assert (too_full.value.value, too_full.value.maximum) == (2, 1)


def test_a_cache_full_of_live_entries_refuses_one_more_key() -> None:
    state, _ = make(max_cache_size=2)
    state.cache_set("a", 1.0, 60.0)
    state.cache_set("b", 2.0, 60.0)
    with pytest.raises(LimitExceeded, match=r"^maximum cache size exceeded: 3 \(limit: 2\)$"):
        state.cache_set("c", 3.0, 60.0)
    assert state.cache_get("c") == (False, None)
    assert state.cache_size == 2


def test_an_entry_expiring_right_now_makes_room_in_a_full_cache() -> None:
    state, clock = make(max_cache_size=1)
    state.cache_set("old", 1.0, 5.0)
    clock.advance(5.0)  # expiry == now: expired, like cache_get sees it
    assert state.cache_size == 0
    state.cache_set("new", 2.0, 5.0)
    assert state.cache_get("new") == (True, 2.0)


def test_an_entry_expiring_right_now_is_neither_deleted_live_nor_snapshotted() -> None:
    state, clock = make()
    state.cache_set("gone", 1.0, 5.0)
    state.cache_set("kept", 2.0, 6.0)
    clock.advance(5.0)
    assert state.snapshot()["cache"] == {"kept": {"value": 2.0, "ttl": 1.0}}
    assert state.cache_delete("gone") is False
    assert state.cache_delete("kept") is True


# ------------------------------------------------------------------ copy / restore details


def test_copy_carries_every_part_of_the_state() -> None:
    state, _ = make()
    state.set_variable("v", 1.0)
    state.set_context_variable("cv", "x")
    state.set_context_constant("cc", "y")
    state.accumulator = [1.0, 2.0]
    state.counter = 4.0
    state.cache_set("k", "v", 60.0)
    twin = state.copy()
    assert twin.snapshot() == state.snapshot()
    assert twin.context_variables == {"cv": "x"}
    assert twin.context_constants == {"cc": "y"}
    assert (twin.accumulator, twin.counter) == ([1.0, 2.0], 4.0)
    twin.set_context_variable("cv2", "z")
    twin.set_context_constant("cc2", "w")
    assert "cv2" not in state.context_variables
    assert "cc2" not in state.context_constants


def test_restore_keeps_context_variables_and_short_cache_entries() -> None:
    state, clock = make()
    state.restore(
        {
            "version": SNAPSHOT_VERSION,
            "context_variables": {"cv": 1.0},
            "context_constants": {"cc": 2.0},
            "cache": {"short": {"value": "s", "ttl": 0.5}, "done": {"value": "d", "ttl": 0}},
        }
    )
    assert state.context_variables == {"cv": 1.0}
    assert state.context_constants == {"cc": 2.0}
    assert state.context == {"cc": 2.0, "cv": 1.0}
    assert state.cache_get("short") == (True, "s")
    assert state.cache_get("done") == (False, None)
    clock.advance(0.5)
    assert state.cache_get("short") == (False, None)


@pytest.mark.parametrize(
    ("snapshot", "message"),
    [
        ([], "invalid snapshot: expected an object"),
        ({"version": 2}, "unsupported snapshot version: 2 (expected 1)"),
        ({"version": 1, "counter": True}, "invalid snapshot: counter must be a number"),
        ({"version": 1, "cache": []}, "invalid snapshot: cache must be an object"),
        (
            {"version": 1, "context_constants": 1},
            "invalid snapshot: context_constants must be an object",
        ),
        ({"version": 1, "cache": {"k": 1}}, "invalid snapshot: cache entry 'k' has no value"),
        (
            {"version": 1, "cache": {"k": {"value": 1, "ttl": True}}},
            "invalid snapshot: cache entry 'k' has no numeric ttl",
        ),
        (
            {"version": 1, "accumulator": {"$time": "2020-01-01"}},
            "invalid snapshot: bad time value '2020-01-01'",
        ),
    ],
)
def test_restore_error_messages_are_exact(snapshot: object, message: str) -> None:
    state, _ = make()
    state.set_variable("kept", 1.0)
    with pytest.raises(ValueError) as raised:
        state.restore(snapshot)  # type: ignore[arg-type]
    assert str(raised.value) == message
    assert state.variables == {"kept": 1.0}  # a rejected snapshot changes nothing


# ------------------------------------------------------------------ value encoding details


def test_plain_objects_are_encoded_as_themselves() -> None:
    assert encode_state_value({}) == {}
    assert encode_state_value({"a": 1, "$b": 2}) == {"a": 1, "$b": 2}
    assert encode_state_value({"plain": "x"}) == {"plain": "x"}
    assert encode_state_value({"$one": "x"}) == {"$object": {"$one": "x"}}


def test_unknown_or_ill_typed_tags_decode_as_plain_objects() -> None:
    assert decode_state_value({"$other": "text"}) == {"$other": "text"}
    assert decode_state_value({"$other": {"a": 1}}) == {"$other": {"a": 1}}
    assert decode_state_value({"$time": 5}) == {"$time": 5}
    assert decode_state_value({"$object": "text"}) == {"$object": "text"}


def test_times_decode_with_their_offset_and_nanosecond_fractions() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert decode_state_value({"$time": "2024-01-02T03:04:05+02:00"}) == datetime(
        2024, 1, 2, 3, 4, 5, tzinfo=plus_two
    )
    decoded = decode_state_value({"$time": "2024-01-02T03:04:05-05:30"})
    assert decoded.utcoffset() == -timedelta(hours=5, minutes=30)
    utc = decode_state_value({"$time": "2024-01-02T03:04:05.123456789Z"})
    assert utc == datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=timezone.utc)
    assert utc.utcoffset() == timedelta(0)
    assert decode_state_value({"$time": "2024-01-02T03:04:05.5Z"}).microsecond == 500000
