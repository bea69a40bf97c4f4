"""Evaluation semantics: name resolution, paths, operators, comparisons, logic, scope."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

import pytest

from thaiyyal.expression import ExpressionEvaluationError, Scope, parse


def value(source: str, scope: Scope | None = None) -> Any:
    return parse(source).evaluate(scope or Scope())


def check(source: str, scope: Scope | None = None) -> bool:
    return parse(source).test(scope or Scope())


# ----------------------------------------------------------------------------- names


class TestBinding:
    def test_input_binds_item_and_input(self) -> None:
        scope = Scope({"a": 1.0})
        assert value("item.a", scope) == 1.0
        assert value("input.a", scope) == 1.0
        assert value("variables.item.a", scope) == 1.0
        assert value("variables.input", scope) == {"a": 1.0}

    def test_names_bound_by_the_caller_win(self) -> None:
        scope = Scope(5.0, names={"item": 7.0})
        assert value("item", scope) == 7.0
        assert value("input", scope) == 5.0

    def test_a_workflow_variable_shadows_the_auto_bound_input(self) -> None:
        scope = Scope(5.0, variables={"item": "var"})
        assert value("item", scope) == "var"
        assert value("input", scope) == 5.0

    def test_null_input_binds_nothing(self) -> None:
        assert value("item") is None
        assert value("isNull(input)") is True

    def test_set_input_follows_auto_binding_only(self) -> None:
        scope = Scope(1.0, names={"input": "fixed"})
        scope.set_input(2.0)
        assert value("item", scope) == 2.0
        assert value("input", scope) == "fixed"
        assert value("> 1.5", scope) is True  # the shorthand reads the input itself

    def test_set_element(self) -> None:
        scope = Scope(variables={"limit": 2.0})
        scope.bind("items", [10.0, 20.0])
        scope.set_element({"v": 10.0}, 0)
        assert value("item.v + index + input.v + items[1]", scope) == 40.0
        scope.set_element({"v": 11.0}, 1)
        assert value("item.v * index", scope) == 11.0
        assert value("index > variables.limit", scope) is False
        scope.set_element({"v": 12.0})  # index unchanged when not given
        assert value("index", scope) == 1

    def test_set_element_keeps_an_input_the_caller_bound(self) -> None:
        scope = Scope(names={"input": "node input"})
        scope.set_element(3.0, 0)
        assert value("input", scope) == "node input"
        assert value("item", scope) == 3.0

    def test_bind_and_unbind(self) -> None:
        scope = Scope(1.0)
        scope.bind("item", 2.0)
        scope.bind("input", 3.0)
        scope.bind("accumulator", 4.0)
        assert value("item + input + accumulator", scope) == 9.0
        scope.unbind("item")
        scope.unbind("input")
        scope.unbind("missing")
        assert value("item + input", scope) == 2.0
        assert scope.item == 1.0 and scope.input_root == 1.0

    def test_element_scope_binds_both_roots(self) -> None:
        outer = Scope(names={"input": "outer", "accumulator": 1.0})
        inner = outer.element_scope({"x": 5.0})
        assert value("input.x + item.x + x + accumulator", inner) == 16.0
        assert value("input", outer) == "outer"

    def test_repr_mentions_the_parts(self) -> None:
        text = repr(Scope(1.0, variables={"v": 2}, nodes={"n": 3}))
        assert "input=1.0" in text and "'v': 2" in text and "['n']" in text


class TestBareNames:
    def test_resolution_order(self) -> None:
        scope = Scope(
            {"age": 1.0},
            names={"age": 2.0, "index": 3.0},
            variables={"age": 4.0, "index": 5.0, "limit": 6.0},
        )
        assert value("age", scope) == 1.0  # field of the input first
        assert value("index", scope) == 3.0  # then a node-bound name
        assert value("limit", scope) == 6.0  # then a workflow variable
        assert value("missing", scope) is None  # then null

    def test_a_present_null_field_wins(self) -> None:
        assert value("x", Scope({"x": None}, variables={"x": 1.0})) is None

    def test_non_object_input_has_no_fields(self) -> None:
        assert value("index", Scope([1, 2], names={"index": 0})) == 0

    def test_names_work_everywhere(self) -> None:
        scope = Scope(3.0, names={"accumulator": 1.0})
        assert value("item > accumulator ? item : accumulator", scope) == 3.0
        assert value("accumulator + item", scope) == 4.0

    def test_inf_and_nan_are_names(self) -> None:
        assert value("inf") is None
        assert value("nan", Scope(variables={"nan": 1.0})) == 1.0


class TestReferences:
    def test_variables_read_node_bound_names_first(self) -> None:
        scope = Scope(names={"x": 1.0}, variables={"x": 2.0, "y": 3.0})
        assert value("variables.x", scope) == 1.0
        assert value("variables.y", scope) == 3.0
        assert value("variables.z", scope) is None

    def test_node_results(self) -> None:
        scope = Scope(nodes={"n1": {"value": 5.0, "out": [1.0, 2.0]}, "a-b": 7.0})
        assert value("node.n1", scope) == {"value": 5.0, "out": [1.0, 2.0]}
        assert value("node.n1.out[1]", scope) == 2.0
        assert value("node.a-b", scope) == 7.0
        assert value("node.missing.value", scope) is None

    def test_context_flat_key_then_path(self) -> None:
        assert value("context.cfg.max", Scope(context={"cfg.max": 1.0})) == 1.0
        assert value("context.cfg.max", Scope(context={"cfg": {"max": 2.0}})) == 2.0
        both = Scope(context={"cfg.max": 1.0, "cfg": {"max": 2.0}})
        assert value("context.cfg.max", both) == 1.0
        longest = Scope(context={"a.b": {"c": 3.0}})
        assert value("context.a.b.c", longest) == 3.0
        assert value("context.nope.x", longest) is None
        assert value("context.items.length", Scope(context={"items": [1, 2]})) == 2.0
        assert value("context.name.toUpperCase()", Scope(context={"name": "x"})) == "X"


# ----------------------------------------------------------------------------- paths


class TestPaths:
    DATA: ClassVar[dict[str, Any]] = {
        "user": {"name": "héllo", "tags": ["a", "b"], "obj": {"length": 3.0}},
        "m": [[1.0, 2.0], [3.0]],
        "n": 5.0,
    }

    @pytest.mark.parametrize(
        ("source", "expected"),
        [
            ("item.user.name", "héllo"),
            ("item.user.missing", None),
            ("item.missing.deeper.still", None),
            ("item.user.tags[0]", "a"),
            ("item.user.tags[1.0]", "b"),
            ("item.user.tags[-1]", None),
            ("item.user.tags[2]", None),
            ("item.user.tags[0.5]", None),
            ("item.user.tags['0']", None),
            ("item.user.tags[true]", None),
            ("item.m[0][1]", 2.0),
            ("item.m[1][5]", None),
            ("item['user']['name']", "héllo"),
            ("item[0]", None),
            ("item.user.name.length", 6.0),
            ("item.user.tags.length", 2.0),
            ("item.user.tags.length.foo", None),
            ("item.user.obj.length", 3.0),
            ("item.user.length", None),
            ("item.n.length", None),
            ("item.n.x", None),
            ("item.user.name.split('l')[1]", ""),
            ("item.user.tags.reverse()[0]", "b"),
            ("'abc'.length", 3.0),
            ("null.x", None),
        ],
    )
    def test_walks(self, source: str, expected: Any) -> None:
        assert value(source, Scope(self.DATA)) == expected

    def test_index_on_a_root(self) -> None:
        assert value("item[0]", Scope([5.0, 6.0])) == 5.0
        assert value("input[1] * 2", Scope([5.0, 6.0])) == 12.0

    def test_integer_index_value(self) -> None:
        assert value("item[index]", Scope([5.0, 6.0], names={"index": 1})) == 6.0

    def test_looked_up_values_keep_their_type(self) -> None:
        scope = Scope({"count": 42, "text": "42"})
        assert type(value("item.count", scope)) is int
        assert value("item.text", scope) == "42"
        assert type(value("item.count + 0", scope)) is float

    def test_methods_on_null_yield_null(self) -> None:
        assert value("item.missing.toUpperCase()", Scope({})) is None
        assert value("item.missing.split(',')[0]", Scope({})) is None

    def test_tuples_and_mappings_count_as_arrays_and_objects(self) -> None:
        from types import MappingProxyType

        scope = Scope(MappingProxyType({"t": (1.0, 2.0)}))
        assert value("item.t[1] + item.t.length", scope) == 4.0
        assert value("t.length", scope) == 2.0


# ------------------------------------------------------------------------- arithmetic


class TestArithmetic:
    @pytest.mark.parametrize(
        ("source", "expected"),
        [
            ("5 + 3", 8.0),
            ("10 - 3 - 2", 5.0),
            ("2 * 3 + 4", 10.0),
            ("2 * (3 + 4)", 14.0),
            ("20 / 4 / 5", 1.0),
            ("10 % 3", 1.0),
            ("-7 % 3", -1.0),
            ("7 % -3", 1.0),
            ("7.5 % 2", 1.0),
            ("-7.9 % 2.9", -1.0),
            ("- -5", 5.0),
            ("+'3'", 3.0),
            ("-'3'", -3.0),
            ("0.1 + 0.2", 0.30000000000000004),
            ("1e3 + .5", 1000.5),
            ("'21' * 2", 42.0),
            ("1e308 * 10", float("inf")),
        ],
    )
    def test_results(self, source: str, expected: float) -> None:
        result = value(source)
        assert result == expected
        assert type(result) is float

    def test_ints_become_floats(self) -> None:
        scope = Scope({"n": 3})
        assert type(value("item.n * 1", scope)) is float
        assert type(value("-item.n", scope)) is float
        assert type(value("+item.n", scope)) is float

    @pytest.mark.parametrize(
        ("source", "message"),
        [
            ("1 / 0", "division by zero"),
            ("1 / -0.0", "division by zero"),
            ("10 % 0", "modulo by zero"),
            ("10 % 0.5", "modulo by zero"),
            ("10 % -0.9", "modulo by zero"),
            ("'a' + 'b'", "value 'a' cannot be converted to number"),
            ("variables.b * 2", "value 'true' at 'variables.b' cannot be converted to number"),
            ("item.missing + 1", "value '<nil>' at 'item.missing' cannot be converted to number"),
            ("2 * item.list", "value '[1 2]' at 'item.list' cannot be converted to number"),
            ("-item.obj", "value 'map[a:1]' at 'item.obj' cannot be converted to number"),
            ("1 + (2 * item.s)", "value 'x' at 'item.s' cannot be converted to number"),
            ("+null", "value '<nil>' cannot be converted to number"),
            ("item.inf % 2", "modulo requires finite numbers"),
        ],
    )
    def test_errors(self, source: str, message: str) -> None:
        scope = Scope(
            {"list": [1.0, 2.0], "obj": {"a": 1.0}, "s": "x", "inf": float("inf")},
            variables={"b": True},
        )
        with pytest.raises(ExpressionEvaluationError) as raised:
            value(source, scope)
        assert str(raised.value) == message

    def test_no_string_concatenation(self) -> None:
        with pytest.raises(ExpressionEvaluationError):
            value("'a' + 1")

    def test_longer_chains_convert_every_operand(self) -> None:
        assert value("1 + '2' + 3 - 1") == 5.0
        with pytest.raises(ExpressionEvaluationError, match="at 'x'"):
            value("1 + 2 + x")


# ------------------------------------------------------------------------ comparisons


class TestComparisons:
    @pytest.mark.parametrize(
        ("source", "expected"),
        [
            ("null == null", True),
            ("null == 0", False),
            ("0 != null", True),
            ("'10' == 10", True),
            ("'10' == '10.0'", True),
            ("'1e1' == 10", True),
            ("1 == 1.0", True),
            ("'abc' == 'abc'", True),
            ("'abc' == 'abd'", False),
            ("'NaN' == 'NaN'", False),
            ("'+nan' == '+nan'", True),
            ("true == 1", False),
            ("true == 'true'", False),
            ("true == true", True),
            ("false != true", True),
            ("'' == 0", False),
            ("'b' > 'a'", True),
            ("'B' < 'a'", True),
            ("'10' > '9'", True),
            ("'abc' < 'abd'", True),
            ("'10' < 'abc'", True),
            ("5 > 'a'", False),
            ("5 < 'a'", False),
            ("true > false", False),
            ("null < 1", False),
            ("null >= null", False),
            ("2 >= 2", True),
            ("'15' >= 10", True),
            ("variables.nan == variables.nan", False),
            ("variables.nan > 1", False),
            ("variables.nan < 1", False),
            ("variables.nan != 1", True),
            ("variables.a == variables.b", True),
            ("variables.a == variables.c", False),
            ("variables.o == variables.p", True),
            ("variables.o == variables.q", False),
            ("variables.o != variables.a", True),
            ("variables.a < variables.b", False),
            ("variables.nested == variables.nested2", True),
            ("variables.int == 1", True),
        ],
    )
    def test_table(self, source: str, expected: bool) -> None:
        scope = Scope(
            variables={
                "nan": float("nan"),
                "a": [1.0, "2", None],
                "b": [1, 2.0, None],
                "c": [1.0, 2.0],
                "o": {"k": [1.0], "j": "x"},
                "p": {"j": "x", "k": [1]},
                "q": {"k": [1.0]},
                "nested": [[[{"a": [1.0]}]]],
                "nested2": [[[{"a": ["1"]}]]],
                "int": 1,
            }
        )
        assert value(source, scope) is expected

    def test_date_times_compare_by_instant(self) -> None:
        early = datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc)
        same = datetime(2024, 1, 15, 16, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))
        later = early + timedelta(days=1)
        naive_same = datetime(2024, 1, 15, 10, 30)
        scope = Scope(variables={"a": early, "b": same, "c": later, "d": naive_same})
        assert value("variables.a == variables.b", scope) is True
        assert value("variables.a < variables.c", scope) is True
        assert value("variables.c >= variables.b", scope) is True
        assert value("variables.a == variables.d", scope) is True
        assert value("variables.a == '2024-01-15T10:30:00Z'", scope) is False
        assert value("variables.a < 5", scope) is False

    def test_shorthand_unwraps_nested_value_keys(self) -> None:
        assert check(">100", Scope({"value": {"value": 150.0}}))
        assert check("== 'x'", Scope({"value": "x"}))
        assert not check("input > 5", Scope({"value": 10.0}))
        assert check("<= variables.max", Scope(3.0, variables={"max": 3.0}))
        assert check("== null", Scope({"value": None}))
        assert check("> 5", Scope("15"))

    def test_shorthand_stops_on_cycles(self) -> None:
        cyclic: dict[str, Any] = {}
        cyclic["value"] = cyclic
        assert check("== 1", Scope(cyclic)) is False


# ------------------------------------------------------------------------------ logic


class TestLogic:
    @pytest.mark.parametrize(
        ("source", "expected"),
        [
            ("true && false || true", True),
            ("false || true && false", False),
            ("!true && false", False),
            ("!false", True),
            ("!null", True),
            ("!'true'", True),
            ("!1", True),
            ("1 && true", False),
            ("true && 'yes'", False),
            ("'yes' || true", True),
            ("true && true && true", True),
            ("true && true && 1", False),
            ("false || false || true", True),
            ("false || false || 'x'", False),
        ],
    )
    def test_results_are_booleans(self, source: str, expected: bool) -> None:
        assert value(source) is expected

    def test_short_circuit(self) -> None:
        assert value("true || 1 / 0 > 1") is True
        assert value("false && 1 / 0 > 1") is False
        assert value("false && (1 / 0 > 1) && (1 % 0 > 1)") is False
        assert value("true || (1 / 0 > 1) || (1 % 0 > 1)") is True
        assert value("1 && 1 / 0") is False
        with pytest.raises(ExpressionEvaluationError):
            value("true && 1 / 0 > 1")

    def test_ternary_test_must_be_true(self) -> None:
        assert value("1 ? 'a' : 'b'") == "b"
        assert value("true ? 'a' : 1 / 0") == "a"
        assert value("null ? 1 / 0 : 'b'") == "b"
        assert value("true ? false ? 1 : 2 : 3") == 2.0

    def test_truthiness_in_conditions(self) -> None:
        for source, scope in [
            ("item.name", Scope({"name": "Alice"})),
            ("variables.count", Scope(variables={"count": 150.0})),
            ("item.active", Scope({"active": "true"})),
            ("5", Scope(1.0)),
            ("item.list", Scope({"list": [1]})),
        ]:
            assert check(source, scope) is False
        assert check("item.flag", Scope({"flag": True}))
        assert check("!item.deleted", Scope({"x": 1.0}))


# ------------------------------------------------------------------------------- map


class TestMap:
    def test_element_is_item_and_input_for_the_whole_expression(self) -> None:
        scope = Scope({"users": [{"age": 30.0}, {"age": 25.0}]})
        assert value("map(item.users, item.age * 2)", scope) == [60.0, 50.0]
        assert value("map(item.users, input.age + age)", scope) == [60.0, 50.0]

    def test_outer_names_stay_visible(self) -> None:
        scope = Scope({"xs": [1.0, 2.0]}, names={"accumulator": 10.0}, variables={"k": 2.0})
        assert value("map(item.xs, item * variables.k + accumulator)", scope) == [12.0, 14.0]

    def test_nested_map(self) -> None:
        scope = Scope({"rows": [[1.0, 2.0], [3.0]]})
        assert value("map(item.rows, map(item, item * 10))", scope) == [[10.0, 20.0], [30.0]]

    def test_shorthand_inside_map_reads_the_element(self) -> None:
        assert value("map(input, > 1)", Scope([1.0, 2.0])) == [False, True]

    def test_empty_and_errors(self) -> None:
        assert value("map(input, item * 2)", Scope([])) == []
        with pytest.raises(ExpressionEvaluationError) as raised:
            value("map(input, item * 2)", Scope(["x"]))
        assert str(raised.value) == (
            "map() item expression failed: value 'x' at 'item' cannot be converted to number"
        )
        with pytest.raises(
            ExpressionEvaluationError,
            match=r"map\(\) first argument must be an "
            r"array, got map\[string\]interface \{\}",
        ):
            value("map(input, item)", Scope({"a": 1}))
        with pytest.raises(ExpressionEvaluationError, match="got <nil>"):
            value("map(input.missing, item)", Scope({}))

    def test_the_outer_scope_is_untouched(self) -> None:
        scope = Scope([1.0, 2.0])
        assert value("map(input, item)", scope) == [1.0, 2.0]
        assert value("input", scope) == [1.0, 2.0]
        assert "item" not in scope.names


def test_error_messages_quote_long_values_briefly() -> None:
    scope = Scope({"big": ["x" * 50] * 1_000, "s": "y" * 10_000})
    for source in ("item.big * 2", "item.s * 2"):
        with pytest.raises(ExpressionEvaluationError) as raised:
            value(source, scope)
        assert len(str(raised.value)) < 200
        assert "..." in str(raised.value)
