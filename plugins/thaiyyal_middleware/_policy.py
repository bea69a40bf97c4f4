"""Reading a node's ``policy`` once per planned node, for the policy middlewares."""

from __future__ import annotations

from typing import Any

from thaiyyal.resilience import NodePolicy, read_policy


def policy_of(node: Any) -> NodePolicy | None:
    """The node's parsed policy (ConfigError for a bad one, reported at load time)."""
    return read_policy(node.data)
