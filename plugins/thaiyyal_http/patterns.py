"""Domain lists and URL patterns: the two ways an operator narrows where requests may go.

Domain entries (``allowed_domains``, ``blocked_domains``)
    ``example.com`` matches that host exactly (case-insensitive, a trailing dot ignored,
    international names compared in their ASCII form). ``*.example.com`` matches every
    sub-domain at any depth (``api.example.com``, ``a.b.example.com``) but not
    ``example.com`` itself; list both to allow both. Nothing else is special. An IP literal
    host matches only an entry written as that same address.

URL patterns (``allowed_url_patterns``)
    ``scheme://host[:port][/path]`` where

    * ``scheme`` is ``http``, ``https`` or ``*`` (either);
    * ``host`` follows the domain-entry rules above (``*.example.com`` for sub-domains), or
      is ``*`` for any host;
    * ``port`` is a number or ``*``; without it only the scheme's default port matches;
    * ``path`` is matched against the whole URL path, where ``*`` stands for any run of
      characters (``/`` included) and every other character stands for itself; without a
      path any path matches. ``https://api.example.com/v1/*`` allows everything below
      ``/v1/``; ``https://api.example.com/v1/users`` allows that one path.

    Query string and fragment are never part of the match. When the list is not empty, a
    URL must match at least one pattern.
"""

from __future__ import annotations

import re

import attrs

__all__ = ["DomainRule", "PatternError", "UrlPattern", "normalise_host"]


class PatternError(ValueError):
    """A domain entry or URL pattern that cannot be understood."""


def normalise_host(host: str) -> str:
    """Lower case, no trailing dot, international names in their ASCII (IDNA) form."""
    host = host.strip().lower().rstrip(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise PatternError(f"invalid host name {host!r}: {exc}") from None


@attrs.frozen
class DomainRule:
    """One domain entry: an exact host, or (``*.`` prefix) any sub-domain of ``domain``."""

    domain: str
    subdomains: bool

    @classmethod
    def parse(cls, text: str) -> DomainRule:
        raw = text.strip()
        subdomains = raw.startswith("*.")
        host = normalise_host(raw[2:] if subdomains else raw)
        if not host or "*" in host or "/" in host:
            raise PatternError(f"invalid domain entry {text!r}")
        return cls(host, subdomains)

    def matches(self, host: str) -> bool:
        """``host`` must already be normalised (see :func:`normalise_host`)."""
        if self.subdomains:
            return host.endswith("." + self.domain)
        return host == self.domain

    def __str__(self) -> str:
        return f"*.{self.domain}" if self.subdomains else self.domain


_PATTERN = re.compile(
    r"^(?P<scheme>\*|https?)://(?P<host>\[[^\]]+\]|[^/:\[\]]+)(?::(?P<port>\*|\d{1,5}))?(?P<path>/.*)?$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


@attrs.frozen
class UrlPattern:
    """One ``allowed_url_patterns`` entry (syntax in the module docstring)."""

    text: str
    scheme: str | None  # None: any
    host: DomainRule | None  # None: any
    port: int | None  # None: the scheme's default; -1: any
    path: re.Pattern[str] | None  # None: any

    @classmethod
    def parse(cls, text: str) -> UrlPattern:
        found = _PATTERN.match(text.strip())
        if found is None:
            raise PatternError(
                f"invalid URL pattern {text!r} (expected scheme://host[:port][/path], "
                "e.g. https://api.example.com/v1/*)"
            )
        scheme = found["scheme"].lower()
        host_text = found["host"]
        host = None if host_text == "*" else DomainRule.parse(host_text)
        port_text = found["port"]
        port = None if port_text is None else (-1 if port_text == "*" else int(port_text))
        if port is not None and port > 65535:
            raise PatternError(f"invalid URL pattern {text!r}: port out of range")
        path_text = found["path"]
        path = None
        if path_text is not None and path_text != "/*":
            path = re.compile("".join(".*" if c == "*" else re.escape(c) for c in path_text))
        return cls(text, None if scheme == "*" else scheme, host, port, path)

    def matches(self, scheme: str, host: str, port: int | None, path: str) -> bool:
        """``host`` normalised; ``port`` the URL's effective port; ``path`` as sent."""
        if self.scheme is not None and scheme != self.scheme:
            return False
        if self.host is not None and not self.host.matches(host):
            return False
        if self.port != -1:
            wanted = self.port if self.port is not None else _DEFAULT_PORTS.get(scheme)
            if port != wanted:
                return False
        return self.path is None or self.path.fullmatch(path or "/") is not None
