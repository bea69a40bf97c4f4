"""What one evaluation sees: the input, node-bound names, variables, context, node results.

A :class:`Scope` is deliberately *mutable*: array nodes evaluate one compiled expression per
element, and rebinding the element in place (:meth:`Scope.set_element`) costs a few
attribute stores where building a new scope per element would cost an allocation and a
dictionary copy. A scope therefore belongs to one evaluation loop at a time; never share
one between concurrently running evaluations.

Binding rule (spec/expressions.md section 2): names the caller binds (``item``, ``index``,
``items``, ``accumulator``, ``input``, ...) win; otherwise, when the input is not null,
``item`` and ``input`` stand for the input unless a workflow variable of that name exists
(the reference keeps node-bound names and workflow variables in one map, so a workflow
variable named ``item`` shadows the auto-bound input).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from thaiyyal.values import Value

__all__ = ["Scope"]

_EMPTY: Mapping[str, Value] = MappingProxyType({})
_MISSING = object()


class Scope:
    """The names an expression can read.

    * ``input`` - the value under evaluation (a node's first input, or the current array
      element); bare field names and the shorthand comparison read it.
    * ``names`` - names bound by the calling node (``item``, ``index``, ``items``,
      ``accumulator``, ``input``...); reachable bare and as ``variables.<name>``.
    * ``variables`` - workflow variables (``variables.<name>``, and bare names last).
    * ``context`` - context values (``context.<key>``).
    * ``nodes`` - results of nodes that already ran (``node.<id>``).

    The mappings are read, never copied or modified (except ``names``, which the scope owns).

    A filter-like loop builds one scope and rebinds it per element::

        scope = Scope(variables=variables, context=context, nodes=results)
        scope.bind("items", array)
        for position, element in enumerate(array):
            scope.set_element(element, float(position))
            if condition.test(scope):
                kept.append(element)
    """

    __slots__ = (
        "_input_is_bound",
        "_input_root",
        "_item",
        "_item_is_bound",
        "context",
        "input",
        "names",
        "nodes",
        "variables",
    )

    def __init__(
        self,
        input: Value = None,
        *,
        names: Mapping[str, Value] | None = None,
        variables: Mapping[str, Value] | None = None,
        context: Mapping[str, Value] | None = None,
        nodes: Mapping[str, Value] | None = None,
    ) -> None:
        self.input: Value = input
        self.names: dict[str, Value] = dict(names) if names else {}
        self.variables: Mapping[str, Value] = variables if variables is not None else _EMPTY
        self.context: Mapping[str, Value] = context if context is not None else _EMPTY
        self.nodes: Mapping[str, Value] = nodes if nodes is not None else _EMPTY
        self._item: Value = None
        self._input_root: Value = None
        self._item_is_bound = False
        self._input_is_bound = False
        self._resolve_roots()

    def _resolve_roots(self) -> None:
        """Work out what the roots ``item`` and ``input`` stand for."""
        self._item_is_bound, self._item = self._bound("item")
        self._input_is_bound, self._input_root = self._bound("input")

    def _bound(self, name: str) -> tuple[bool, Value]:
        value = self.names.get(name, _MISSING)
        if value is not _MISSING:
            return True, value
        value = self.variables.get(name, _MISSING)
        if value is not _MISSING:
            return True, value
        return False, self.input

    # ------------------------------------------------------------------ rebinding

    def set_input(self, value: Value) -> None:
        """Evaluate against another input; auto-bound ``item``/``input`` follow it."""
        self.input = value
        if not self._item_is_bound:
            self._item = value
        if not self._input_is_bound:
            self._input_root = value

    def set_element(self, item: Value, index: Value = None) -> None:
        """Hot-loop rebinding for array nodes: ``item`` and the input become ``item``.

        Binds the node-bound name ``item`` (and ``index`` unless it is None); ``input``
        follows unless the caller bound it. Equivalent to ``set_input(item)`` plus
        ``bind("item", item)`` and ``bind("index", index)``, at a fraction of the cost.
        """
        self.input = item
        names = self.names
        names["item"] = item
        self._item = item
        self._item_is_bound = True
        if index is not None:
            names["index"] = index
        if not self._input_is_bound:
            self._input_root = item

    def bind(self, name: str, value: Value) -> None:
        """Bind a node-bound name (``items``, ``accumulator``, ``index``, ``item``...)."""
        self.names[name] = value
        if name == "item":
            self._item = value
            self._item_is_bound = True
        elif name == "input":
            self._input_root = value
            self._input_is_bound = True

    def unbind(self, name: str) -> None:
        """Remove a node-bound name (no error when it is not bound)."""
        self.names.pop(name, None)
        if name in ("item", "input"):
            self._resolve_roots()

    def element_scope(self, element: Value) -> Scope:
        """A copy in which ``item``, ``input`` and the input are ``element``.

        Used by ``map(array, expression)``: inside the expression both roots are the
        element, for the whole expression. The copy shares variables, context and node
        results; rebind it per element with :meth:`set_element_both`.
        """
        child = Scope.__new__(Scope)
        child.names = dict(self.names)
        child.variables = self.variables
        child.context = self.context
        child.nodes = self.nodes
        child.set_element_both(element)
        return child

    def set_element_both(self, element: Value) -> None:
        """Bind ``item``, ``input`` and the input to ``element`` (see :meth:`element_scope`)."""
        self.input = element
        self.names["item"] = element
        self.names["input"] = element
        self._item = element
        self._input_root = element
        self._item_is_bound = True
        self._input_is_bound = True

    # ------------------------------------------------------------------ reading

    @property
    def item(self) -> Value:
        """What the root ``item`` evaluates to."""
        return self._item

    @property
    def input_root(self) -> Value:
        """What the root ``input`` evaluates to."""
        return self._input_root

    def __repr__(self) -> str:
        return (
            f"Scope(input={self.input!r}, names={self.names!r}, "
            f"variables={dict(self.variables)!r}, context={dict(self.context)!r}, "
            f"nodes={list(self.nodes)!r})"
        )
