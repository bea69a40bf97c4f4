"""The SSRF check: may this URL be requested, and which addresses may the connection use?

One checker serves every request, whether it goes through the default client or a named
one, and every redirect hop. The checks run in the reference's order and keep its messages:

1. the URL parses and its host is a well-formed name or address → ``invalid URL: ...``
2. the scheme is allowed (http, https) → ``URL scheme not allowed: ...``
3. there is a host → ``URL missing hostname``
4. blocked domains → ``domain is blocked: <host>``
5. allowed domains, when any are set → ``domain not in allowlist: <host>``
6. allowed URL patterns, when any are set → ``URL not allowed by allowed_url_patterns: <url>``
7. an address host (in any spelling) is checked as it is → ``IP validation failed for ...``
8. names for localhost and cloud metadata are refused without a lookup
9. the name is resolved and **every** address checked; a failed lookup fails the request
   (the reference let it through).

Steps 1–6 need no network (:meth:`UrlGuard.check_static`, used at load time too). The full
check returns a :class:`Target`: the URL to request (a numeric host in a legacy spelling is
rewritten to its canonical form) and the addresses the connection may use.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Sequence

import attrs
from yarl import URL

from .addresses import AddressClass, IPAddress, parse_ip_host, refusal
from .dns import Resolver, SystemResolver
from .patterns import DomainRule, PatternError, UrlPattern, normalise_host

__all__ = ["AddressPolicy", "Target", "UrlGuard", "UrlPolicy", "UrlRejected"]

ALLOWED_SCHEMES = ("http", "https")

_LOCALHOST_NAMES = frozenset(
    {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
)
_METADATA_NAMES = frozenset(
    {
        "metadata.google.internal",
        "metadata.goog",
        "metadata",
        "metadata.azure.com",
        "instance-data",
        "instance-data.ec2.internal",
    }
)
_NAME = re.compile(r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?")


class UrlRejected(Exception):
    """The URL may not be requested; ``str()`` is the reason (without the node's prefix)."""


@attrs.frozen
class AddressPolicy:
    """Which refusable address classes are allowed (all refused by default)."""

    allow_localhost: bool = False
    allow_private_ips: bool = False
    allow_link_local: bool = False
    allow_cloud_metadata: bool = False

    @property
    def allowed(self) -> frozenset[AddressClass]:
        out = set()
        for cls in AddressClass:
            if cls.switch is not None and getattr(self, cls.switch):
                out.add(cls)
        return frozenset(out)


def _rules(entries: Iterable[str]) -> tuple[DomainRule, ...]:
    return tuple(DomainRule.parse(e) for e in entries)


@attrs.frozen
class UrlPolicy:
    """Everything the checker needs to judge a URL.

    ``allowed_domains`` is a tuple of lists: a host must pass every non-empty list (the
    engine's list and a named client's list both apply).
    """

    addresses: AddressPolicy = AddressPolicy()
    allowed_domains: tuple[tuple[DomainRule, ...], ...] = ()
    blocked_domains: tuple[DomainRule, ...] = ()
    url_patterns: tuple[UrlPattern, ...] = ()
    schemes: tuple[str, ...] = ALLOWED_SCHEMES

    @classmethod
    def build(
        cls,
        addresses: AddressPolicy,
        allowed_domains: Sequence[Sequence[str]] = (),
        blocked_domains: Sequence[str] = (),
        url_patterns: Sequence[str] = (),
    ) -> UrlPolicy:
        """Parse the textual lists; raises :class:`PatternError` naming a bad entry."""
        return cls(
            addresses=addresses,
            allowed_domains=tuple(_rules(lst) for lst in allowed_domains if lst),
            blocked_domains=_rules(blocked_domains),
            url_patterns=tuple(UrlPattern.parse(p) for p in url_patterns),
        )


@attrs.frozen
class Target:
    """A URL that passed the checks, and the only addresses its connection may use."""

    url: URL
    host: str  # the host as the connector will see it (``URL.raw_host``)
    addresses: tuple[str, ...]


def parse_url(text: str | URL) -> URL:
    """Parse a URL; raises :class:`UrlRejected` with ``invalid URL: ...``."""
    if isinstance(text, URL):
        return text
    try:
        return URL(text)
    except (ValueError, TypeError) as exc:
        raise UrlRejected(f"invalid URL: {exc}") from None


def _check_host_syntax(host: str) -> None:
    if parse_ip_host(host) is not None:
        return
    labels = host.split(".")
    if len(host) > 253 or not all(_NAME.fullmatch(label) for label in labels):
        raise UrlRejected(f'invalid URL: invalid host "{host}"')


class UrlGuard:
    """Judges URLs against a :class:`UrlPolicy`, resolving names with ``resolver``."""

    def __init__(
        self,
        policy: UrlPolicy,
        resolver: Resolver | None = None,
        dns_timeout: float | None = None,
    ) -> None:
        self.policy = policy
        self.resolver: Resolver = resolver or SystemResolver()
        self.dns_timeout = dns_timeout or None
        self._allowed = policy.addresses.allowed
        # Verdicts on address hosts depend only on the policy: remember them (bounded).
        self._literals: dict[str, tuple[str | None, str]] = {}

    # ---------------------------------------------------------------- static checks

    def check_static(self, url: str | URL) -> URL:
        """Steps 1–6 (no network). Returns the parsed URL; raises :class:`UrlRejected`."""
        parsed = parse_url(url)
        scheme = parsed.scheme.lower()
        if scheme not in self.policy.schemes:
            raise UrlRejected(
                f"URL scheme not allowed: {parsed.scheme} "
                f"(allowed: [{' '.join(self.policy.schemes)}])"
            )
        raw_host = parsed.raw_host
        if not raw_host:
            raise UrlRejected("URL missing hostname")
        host = self._host_key(raw_host)
        _check_host_syntax(host)
        for rule in self.policy.blocked_domains:
            if rule.matches(host):
                raise UrlRejected(f"domain is blocked: {host}")
        for rules in self.policy.allowed_domains:
            if not any(rule.matches(host) for rule in rules):
                raise UrlRejected(f"domain not in allowlist: {host}")
        if self.policy.url_patterns:
            path = parsed.raw_path or "/"
            if not any(
                p.matches(scheme, host, parsed.port, path) for p in self.policy.url_patterns
            ):
                raise UrlRejected(
                    f"URL not allowed by allowed_url_patterns: {_without_secrets(parsed)}"
                )
        return parsed

    @staticmethod
    def _host_key(raw_host: str) -> str:
        try:
            return normalise_host(raw_host)
        except PatternError as exc:
            raise UrlRejected(f"invalid URL: {exc}") from None

    # ------------------------------------------------------------------ full check

    async def check(self, url: str | URL) -> Target:
        """All checks; returns where the request may go, or raises :class:`UrlRejected`."""
        parsed = self.check_static(url)
        raw_host = parsed.raw_host or ""
        host = self._host_key(raw_host)
        known = self._literals.get(host)
        if known is None and (address := parse_ip_host(host)) is not None:
            try:
                self._check_literal(host, address)
                known = (None, str(address))
            except UrlRejected as exc:
                known = (str(exc), "")
            if len(self._literals) >= 4096:
                self._literals.clear()
            self._literals[host] = known
        if known is not None:
            refused, canonical = known
            if refused is not None:
                raise UrlRejected(refused)
            if canonical != raw_host:
                # Send what was checked: ``0x7f.1`` becomes ``127.0.0.1`` (as browsers do).
                parsed = parsed.with_host(canonical)
            return Target(parsed, parsed.raw_host or canonical, (canonical,))
        self._check_name(host)
        addresses = await self._resolve(host)
        for text in addresses:
            try:
                resolved = parse_ip_host(text.split("%", 1)[0])
            except ValueError:
                resolved = None
            if resolved is None:
                raise UrlRejected(f"DNS lookup for {host} returned an invalid address: {text}")
            found = refusal(resolved, self._allowed)
            if found is not None:
                raise UrlRejected(
                    f"IP validation failed for {host} ({found[1]}): {found[0].reason}"
                )
        return Target(parsed, raw_host, tuple(addresses))

    def _check_literal(self, host: str, address: IPAddress) -> None:
        found = refusal(address, self._allowed)
        if found is None:
            return
        refused, culprit = found
        shown = str(culprit)
        if shown == host:
            raise UrlRejected(f"IP validation failed for {host}: {refused.reason}")
        # A legacy spelling, or an IPv6 form carrying an IPv4 address: name what it denotes.
        raise UrlRejected(f"IP validation failed for {host} ({shown}): {refused.reason}")

    def _check_name(self, host: str) -> None:
        allowed = self._allowed
        if AddressClass.LOCALHOST not in allowed and (
            host in _LOCALHOST_NAMES or host.endswith(".localhost")
        ):
            raise UrlRejected(AddressClass.LOCALHOST.reason)
        if AddressClass.CLOUD_METADATA not in allowed and host in _METADATA_NAMES:
            raise UrlRejected(AddressClass.CLOUD_METADATA.reason)

    async def _resolve(self, host: str) -> list[str]:
        try:
            if self.dns_timeout:
                addresses = await asyncio.wait_for(self.resolver.resolve(host), self.dns_timeout)
            else:
                addresses = await self.resolver.resolve(host)
        except asyncio.TimeoutError:
            raise UrlRejected(f"DNS lookup failed for {host}: timed out") from None
        except (OSError, UnicodeError, ValueError) as exc:
            raise UrlRejected(f"DNS lookup failed for {host}: {exc}") from None
        if not addresses:
            raise UrlRejected(f"DNS lookup failed for {host}: no addresses")
        return list(addresses)


def _without_secrets(url: URL) -> str:
    """The URL for messages: no user info, no query string (either may hold credentials)."""
    return str(url.with_user(None).with_query(None).with_fragment(None))
