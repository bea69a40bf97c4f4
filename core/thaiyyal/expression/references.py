"""What an expression reads, found in its parse tree (spec/expressions.md section 11).

The engine uses it to schedule (``nodes``: results the expression needs) and to decide
whether an evaluation depends on run state (``reads_state``). Unlike the reference's text
scan, names inside strings or inside other names (``variables.mynode.x``) are not counted.
"""

from __future__ import annotations

import attrs

from thaiyyal.expression.tree import ContextRef, Name, Node, NodeRef, VariableRef, walk

__all__ = ["References", "find_references"]

# Bare names that stand for the input (the binding rule of spec/expressions.md section 2).
_INPUT_ROOTS = frozenset({"item", "input"})


@attrs.frozen
class References:
    """Names an expression reads, each in first-occurrence order without repeats.

    * ``nodes`` - ids read as ``node.<id>``.
    * ``variables`` - names read as ``variables.<name>``.
    * ``context`` - keys read as ``context.<key>`` (dotted keys as written: ``cfg.max``).
    * ``bare_names`` - bare names (``item``, ``input``, ``index``, ``age``...).
    * ``reads_state`` - the expression may read workflow variables or context values:
      any ``variables.``/``context.`` reference, or a bare name other than ``item``/``input``
      (a bare name can fall through to a workflow variable). Conservative: when it is
      false, the result depends only on the input, node-bound names and node results.
    """

    nodes: tuple[str, ...] = ()
    variables: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    bare_names: tuple[str, ...] = ()
    reads_state: bool = False


def find_references(tree: Node) -> References:
    """Collect the :class:`References` of a parse tree."""
    nodes: dict[str, None] = {}
    variables: dict[str, None] = {}
    context: dict[str, None] = {}
    bare_names: dict[str, None] = {}
    for node in walk(tree):
        if isinstance(node, NodeRef):
            nodes.setdefault(node.node_id)
        elif isinstance(node, VariableRef):
            variables.setdefault(node.name)
        elif isinstance(node, ContextRef):
            context.setdefault(".".join(node.keys))
        elif isinstance(node, Name):
            bare_names.setdefault(node.name)
    reads_state = bool(variables or context) or any(name not in _INPUT_ROOTS for name in bare_names)
    return References(
        nodes=tuple(nodes),
        variables=tuple(variables),
        context=tuple(context),
        bare_names=tuple(bare_names),
        reads_state=reads_state,
    )
