"""HTTP for Thaiyyal nodes: SSRF checks, named clients and the pooled request machinery.

This package holds no node type and registers no hook; the ``http`` and ``paginator`` node
plugins use it, and an embedding application uses it to configure named clients::

    from thaiyyal_http import CLIENTS_SERVICE, HttpClientConfig, HttpClientRegistry

    registry = HttpClientRegistry([HttpClientConfig(uid="api", base_url="https://api.example.com")])
    engine = Engine(config, services={CLIENTS_SERVICE: registry})

It is a package of its own (not a private module of ``thaiyyal_nodes``) because more than
one plugin needs it (``http``, ``paginator``, and later the server's client-registration
routes), and because its SSRF checker is useful and testable on its own: every verdict can
be checked with a stubbed resolver, without a network.
"""

from .addresses import AddressClass, classify, parse_ip_host
from .clients import (
    CLIENTS_ENV,
    REDACTED,
    ApiKeyAuth,
    AuthConfig,
    BasicAuth,
    HttpClientConfig,
    HttpClientConfigError,
    HttpClientRegistry,
    KeyValue,
    NetworkConfig,
    Secret,
    SecurityConfig,
    TokenAuth,
)
from .dns import PinnedResolver, Resolver, StaticResolver, SystemResolver
from .exchange import CLIENTS_SERVICE, RESOLVER_SERVICE
from .guard import AddressPolicy, Target, UrlGuard, UrlPolicy, UrlRejected
from .patterns import DomainRule, PatternError, UrlPattern

__all__ = [
    "CLIENTS_ENV",
    "CLIENTS_SERVICE",
    "REDACTED",
    "RESOLVER_SERVICE",
    "AddressClass",
    "AddressPolicy",
    "ApiKeyAuth",
    "AuthConfig",
    "BasicAuth",
    "DomainRule",
    "HttpClientConfig",
    "HttpClientConfigError",
    "HttpClientRegistry",
    "KeyValue",
    "NetworkConfig",
    "PatternError",
    "PinnedResolver",
    "Resolver",
    "Secret",
    "SecurityConfig",
    "StaticResolver",
    "SystemResolver",
    "Target",
    "TokenAuth",
    "UrlGuard",
    "UrlPattern",
    "UrlPolicy",
    "UrlRejected",
    "classify",
    "parse_ip_host",
]
