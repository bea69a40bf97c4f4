"""Engine configuration: limits and switches, with the reference's defaults.

Field names follow the reference's settings in snake case (``MaxExecutionTime`` →
``max_execution_time``); durations are float seconds. Every limit here is enforced.
A value of 0 means "unlimited" for the counters (node executions, HTTP calls) and for the
value checks (string length, array length, depth, variables), as in the reference.
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["MIB", "EngineConfig"]

MIB = 1024 * 1024


def _non_negative(instance: Any, attribute: Any, value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be non-negative, got {value}")


@attrs.frozen(kw_only=True)
class EngineConfig:
    """Limits and switches of one engine; immutable, shared by every run of that engine."""

    # time
    max_execution_time: float = attrs.field(default=300.0, validator=_non_negative)
    max_node_execution_time: float = attrs.field(default=30.0, validator=_non_negative)
    # graph size (checked at load)
    max_nodes: int = attrs.field(default=1000, validator=_non_negative)
    max_edges: int = attrs.field(default=10000, validator=_non_negative)
    max_payload_size: int = attrs.field(default=MIB, validator=_non_negative)
    # run counters
    max_node_executions: int = attrs.field(default=10000, validator=_non_negative)
    max_iterations: int = attrs.field(default=1000, validator=_non_negative)
    # values
    max_string_length: int = attrs.field(default=MIB, validator=_non_negative)
    max_array_length: int = attrs.field(default=10000, validator=_non_negative)
    max_context_depth: int = attrs.field(default=32, validator=_non_negative)
    max_variables: int = attrs.field(default=1000, validator=_non_negative)
    max_input_size: int = attrs.field(default=10 * MIB, validator=_non_negative)
    # state
    default_cache_ttl: float = attrs.field(default=3600.0, validator=_non_negative)
    max_cache_size: int = attrs.field(default=1000, validator=_non_negative)
    default_max_attempts: int = attrs.field(default=3, validator=_non_negative)
    default_backoff: float = attrs.field(default=1.0, validator=_non_negative)
    # HTTP
    allow_http: bool = False
    http_timeout: float = attrs.field(default=30.0, validator=_non_negative)
    max_http_redirects: int = attrs.field(default=10, validator=_non_negative)
    max_response_size: int = attrs.field(default=10 * MIB, validator=_non_negative)
    max_http_calls_per_exec: int = attrs.field(default=100, validator=_non_negative)
    allowed_url_patterns: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    block_internal_ips: bool = True
    allow_private_ips: bool = False
    allow_localhost: bool = False
    allow_link_local: bool = False
    allow_cloud_metadata: bool = False
    # scheduling (thaiyyal)
    max_concurrency: int = attrs.field(default=32, validator=_non_negative)
    #: how deeply sub-workflows (and loop bodies) may nest
    max_subworkflow_depth: int = attrs.field(default=8, validator=_non_negative)
    # storage
    #: where saved workflows live, by URL scheme of a storage plugin (``memory:``, ...)
    workflow_store: str = "memory:"

    @classmethod
    def server(cls, **overrides: object) -> EngineConfig:
        """The profile the HTTP server (and ``thaiyyal run``) starts from.

        The reference server enables HTTP and limits a run to one minute; its 10 MiB body cap
        becomes the payload limit so every payload it accepted is accepted here too.
        """
        base: dict[str, object] = {
            "allow_http": True,
            "max_execution_time": 60.0,
            "max_payload_size": 10 * MIB,
        }
        base.update(overrides)
        return cls(**base)  # type: ignore[arg-type]

    def evolve(self, **changes: object) -> EngineConfig:
        return attrs.evolve(self, **changes)  # type: ignore[arg-type]
