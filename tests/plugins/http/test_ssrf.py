"""The SSRF checker's verdicts, checked without connecting anywhere.

Every case goes through ``UrlGuard.check`` with a stubbed resolver (a fixed table), so no
test performs a real DNS lookup or opens a connection. Blocked cases must be refused with
the documented message; allowed cases must pass and name the addresses the connection is
pinned to.
"""

from __future__ import annotations

import asyncio

import pytest

from thaiyyal_http import (
    AddressPolicy,
    StaticResolver,
    UrlGuard,
    UrlPolicy,
    UrlRejected,
)

PUBLIC = "93.184.216.34"
DNS = {
    "example.com": [PUBLIC],
    "api.example.com": [PUBLIC],
    "sub.api.example.com": [PUBLIC],
    "v6.example.com": ["2606:2800:220:1:248:1893:25c8:1946"],
    "xn--bcher-kva.example": [PUBLIC],
    # names that point inside (DNS rebinding / internal records)
    "loopback.attacker.test": ["127.0.0.1"],
    "private.attacker.test": ["10.1.2.3"],
    "mixed.attacker.test": [PUBLIC, "192.168.0.10"],
    "metadata.attacker.test": ["169.254.169.254"],
    "v6loop.attacker.test": ["::1"],
    "mapped.attacker.test": ["::ffff:10.0.0.1"],
    "cgnat.attacker.test": ["100.64.0.1"],
    "empty.attacker.test": [],
    "garbage.attacker.test": ["not-an-ip"],
}

LOCAL = "localhost addresses are blocked"
PRIVATE = "private IP addresses are blocked"
LINK = "link-local addresses are blocked"
META = "cloud metadata endpoints are blocked"

BLOCKED = [
    # loopback in every spelling
    ("http://127.0.0.1/", f"IP validation failed for 127.0.0.1: {LOCAL}"),
    ("http://127.0.0.1:8080/admin", f"IP validation failed for 127.0.0.1: {LOCAL}"),
    ("http://127.255.255.254/", f"IP validation failed for 127.255.255.254: {LOCAL}"),
    ("http://localhost/", LOCAL),
    ("http://LOCALHOST./", LOCAL),
    ("http://foo.localhost/", LOCAL),
    ("http://localhost.localdomain/", LOCAL),
    ("http://2130706433/", f"IP validation failed for 2130706433 (127.0.0.1): {LOCAL}"),
    ("http://0177.0.0.1/", f"IP validation failed for 0177.0.0.1 (127.0.0.1): {LOCAL}"),
    ("http://0x7f.1/", f"IP validation failed for 0x7f.1 (127.0.0.1): {LOCAL}"),
    ("http://0x7f000001/", f"IP validation failed for 0x7f000001 (127.0.0.1): {LOCAL}"),
    ("http://127.1/", f"IP validation failed for 127.1 (127.0.0.1): {LOCAL}"),
    ("http://127.0.1/", f"IP validation failed for 127.0.1 (127.0.0.1): {LOCAL}"),
    ("http://017700000001/", f"(127.0.0.1): {LOCAL}"),
    ("http://１２７.０.０.１/", f"IP validation failed for 127.0.0.1: {LOCAL}"),
    ("http://[::1]/", f"IP validation failed for ::1: {LOCAL}"),
    ("http://[0:0:0:0:0:0:0:1]/", f"IP validation failed for ::1: {LOCAL}"),
    ("http://[::ffff:127.0.0.1]/", f"(127.0.0.1): {LOCAL}"),
    ("http://[::ffff:7f00:1]/", f"(127.0.0.1): {LOCAL}"),
    ("http://[::127.0.0.1]/", f"(127.0.0.1): {LOCAL}"),
    ("http://[64:ff9b::7f00:1]/", f"(127.0.0.1): {LOCAL}"),
    ("http://[2002:7f00:1::]/", f"(127.0.0.1): {LOCAL}"),
    ("http://0.0.0.0/", f"IP validation failed for 0.0.0.0: {LOCAL}"),
    ("http://0/", f"IP validation failed for 0 (0.0.0.0): {LOCAL}"),
    ("http://0.1.2.3/", f"IP validation failed for 0.1.2.3: {LOCAL}"),
    ("http://[::]/", f"IP validation failed for ::: {LOCAL}"),
    # private ranges
    ("http://10.0.0.1/", f"IP validation failed for 10.0.0.1: {PRIVATE}"),
    ("http://172.16.0.1/", f"IP validation failed for 172.16.0.1: {PRIVATE}"),
    ("http://172.31.255.255/", f"IP validation failed for 172.31.255.255: {PRIVATE}"),
    ("http://192.168.1.1/", f"IP validation failed for 192.168.1.1: {PRIVATE}"),
    ("http://0xa.0x0.0x0.0x1/", f"(10.0.0.1): {PRIVATE}"),
    ("http://167772161/", f"IP validation failed for 167772161 (10.0.0.1): {PRIVATE}"),
    ("http://100.64.0.1/", f"IP validation failed for 100.64.0.1: {PRIVATE}"),
    ("http://[fc00::1]/", f"IP validation failed for fc00::1: {PRIVATE}"),
    ("http://[fd12:3456::1]/", f"IP validation failed for fd12:3456::1: {PRIVATE}"),
    ("http://[::ffff:192.168.0.1]/", f"(192.168.0.1): {PRIVATE}"),
    # link-local and cloud metadata
    ("http://169.254.1.1/", f"IP validation failed for 169.254.1.1: {LINK}"),
    ("http://169.254.169.254/latest/meta-data/", f"for 169.254.169.254: {LINK}"),
    ("http://[fe80::1]/", f"IP validation failed for fe80::1: {LINK}"),
    ("http://[fe80::1%25eth0]/", LINK),
    ("http://2852039166/", f"IP validation failed for 2852039166 (169.254.169.254): {LINK}"),
    ("http://[fd00:ec2::254]/", f"IP validation failed for fd00:ec2::254: {PRIVATE}"),
    ("http://100.100.100.200/", f"IP validation failed for 100.100.100.200: {PRIVATE}"),
    ("http://metadata.google.internal/computeMetadata/v1/", META),
    ("http://metadata.azure.com/", META),
    ("http://METADATA.GOOGLE.INTERNAL./", META),
    # never-unicast ranges
    ("http://224.0.0.1/", "multicast addresses are blocked"),
    ("http://[ff02::1]/", "multicast addresses are blocked"),
    ("http://255.255.255.255/", "broadcast addresses are blocked"),
    ("http://240.0.0.1/", "reserved addresses are blocked"),
    # names resolving inside: every address is checked
    ("http://loopback.attacker.test/", f"loopback.attacker.test (127.0.0.1): {LOCAL}"),
    ("http://private.attacker.test/", f"private.attacker.test (10.1.2.3): {PRIVATE}"),
    ("http://mixed.attacker.test/", f"mixed.attacker.test (192.168.0.10): {PRIVATE}"),
    ("http://metadata.attacker.test/", f"metadata.attacker.test (169.254.169.254): {LINK}"),
    ("http://v6loop.attacker.test/", f"v6loop.attacker.test (::1): {LOCAL}"),
    ("http://mapped.attacker.test/", f"mapped.attacker.test (10.0.0.1): {PRIVATE}"),
    ("http://cgnat.attacker.test/", f"cgnat.attacker.test (100.64.0.1): {PRIVATE}"),
    # DNS trouble fails closed
    ("http://unknown.attacker.test/", "DNS lookup failed for unknown.attacker.test"),
    ("http://empty.attacker.test/", "DNS lookup failed for empty.attacker.test: no addresses"),
    ("http://garbage.attacker.test/", "returned an invalid address: not-an-ip"),
    # URL-level tricks
    ("http://evil.com@127.0.0.1/", f"IP validation failed for 127.0.0.1: {LOCAL}"),
    ("http://127.0.0.1#@example.com/", f"IP validation failed for 127.0.0.1: {LOCAL}"),
    ("ftp://example.com/", "URL scheme not allowed: ftp (allowed: [http https])"),
    ("file:///etc/passwd", "URL scheme not allowed: file"),
    ("gopher://127.0.0.1:25/", "URL scheme not allowed: gopher"),
    ("javascript:alert(1)", "URL scheme not allowed: javascript"),
    ("//example.com/", "URL scheme not allowed:  (allowed"),
    ("http:///path", "URL missing hostname"),
    ("http://exa mple.com/", 'invalid URL: invalid host "exa mple.com"'),
    ("http://%31%32%37.0.0.1/", "invalid URL: invalid host"),
    ("http://[::1/", "invalid URL"),
    ("http://127.0.0.1\\@example.com/", "invalid URL"),
]

ALLOWED = [
    ("http://example.com/", (PUBLIC,)),
    ("https://example.com:8443/a?b=c", (PUBLIC,)),
    ("HTTP://EXAMPLE.COM/", (PUBLIC,)),
    ("http://example.com./", (PUBLIC,)),
    ("http://api.example.com/v1/users", (PUBLIC,)),
    ("http://v6.example.com/", ("2606:2800:220:1:248:1893:25c8:1946",)),
    ("http://bücher.example/", (PUBLIC,)),
    ("http://93.184.216.34/", (PUBLIC,)),
    ("http://1572395042/", (PUBLIC,)),
    ("http://[2606:4700:4700::1111]/", ("2606:4700:4700::1111",)),
    ("http://8.8.8.8:53/", ("8.8.8.8",)),
    ("http://user:secret@example.com/", (PUBLIC,)),
]


def guard(**switches: bool) -> tuple[UrlGuard, StaticResolver]:
    resolver = StaticResolver(DNS)
    return UrlGuard(UrlPolicy(addresses=AddressPolicy(**switches)), resolver), resolver


def verdict(g: UrlGuard, url: str) -> str:
    try:
        target = asyncio.run(g.check(url))
    except UrlRejected as exc:
        return f"REFUSED {exc}"
    return f"ALLOWED {target.url} {target.addresses}"


def test_the_suite_is_large_enough() -> None:
    assert len(BLOCKED) >= 40


@pytest.mark.parametrize(("url", "message"), BLOCKED, ids=[u for u, _ in BLOCKED])
def test_bypass_attempt_is_refused(url: str, message: str) -> None:
    g, _ = guard()
    result = verdict(g, url)
    assert result.startswith("REFUSED "), result
    assert message in result


@pytest.mark.parametrize(("url", "addresses"), ALLOWED, ids=[u for u, _ in ALLOWED])
def test_public_destination_is_allowed(url: str, addresses: tuple[str, ...]) -> None:
    g, _ = guard()
    target = asyncio.run(g.check(url))
    assert target.addresses == addresses


def test_ip_literals_are_never_looked_up() -> None:
    g, resolver = guard()
    for url, _ in BLOCKED:
        if "attacker.test" not in url and "localhost" not in url.lower():
            verdict(g, url)
    assert all("attacker" in q or "example" in q for q in resolver.queries), resolver.queries


def test_legacy_numeric_spelling_is_sent_canonical() -> None:
    g, _ = guard()
    target = asyncio.run(g.check("http://1572395042:8080/x"))
    assert str(target.url) == "http://93.184.216.34:8080/x"


@pytest.mark.parametrize(
    ("switch", "url"),
    [
        ("allow_localhost", "http://127.0.0.1/"),
        ("allow_localhost", "http://localhost/"),
        ("allow_localhost", "http://0x7f.1/"),
        ("allow_private_ips", "http://10.0.0.1/"),
        ("allow_private_ips", "http://[fd12::1]/"),
        ("allow_private_ips", "http://private.attacker.test/"),
        ("allow_link_local", "http://169.254.1.1/"),
        ("allow_cloud_metadata", "http://metadata.google.internal/"),
    ],
)
def test_each_switch_allows_only_its_class(switch: str, url: str) -> None:
    refused, _ = guard()
    assert verdict(refused, url).startswith("REFUSED")
    allowed, resolver = guard(**{switch: True})
    resolver.table["localhost"] = ["127.0.0.1"]
    resolver.table["metadata.google.internal"] = [PUBLIC]
    assert verdict(allowed, url).startswith("ALLOWED"), verdict(allowed, url)


def test_metadata_needs_its_own_switch_even_when_the_range_is_allowed() -> None:
    g, _ = guard(allow_link_local=True, allow_private_ips=True)
    assert f"169.254.169.254: {META}" in verdict(g, "http://169.254.169.254/")
    assert f"100.100.100.200: {META}" in verdict(g, "http://100.100.100.200/")
    assert META in verdict(g, "http://[fd00:ec2::254]/")
    g, _ = guard(allow_link_local=True, allow_cloud_metadata=True)
    assert verdict(g, "http://169.254.169.254/").startswith("ALLOWED")


def test_no_switch_opens_multicast_or_broadcast() -> None:
    g, _ = guard(
        allow_localhost=True,
        allow_private_ips=True,
        allow_link_local=True,
        allow_cloud_metadata=True,
    )
    assert "multicast" in verdict(g, "http://239.1.1.1/")
    assert "broadcast" in verdict(g, "http://255.255.255.255/")


def test_domain_lists() -> None:
    policy = UrlPolicy.build(
        AddressPolicy(),
        allowed_domains=[["example.com", "*.api.example.com"]],
        blocked_domains=["sub.api.example.com"],
    )
    g = UrlGuard(policy, StaticResolver(DNS))
    assert verdict(g, "http://example.com/").startswith("ALLOWED")
    assert verdict(g, "http://EXAMPLE.com./").startswith("ALLOWED")
    assert "domain not in allowlist: api.example.com" in verdict(g, "http://api.example.com/")
    assert "domain is blocked: sub.api.example.com" in verdict(g, "http://sub.api.example.com/")
    assert "domain not in allowlist: 93.184.216.34" in verdict(g, "http://93.184.216.34/")


def test_url_patterns() -> None:
    policy = UrlPolicy.build(
        AddressPolicy(),
        url_patterns=["https://api.example.com/v1/*", "*://*.example.com:*/public"],
    )
    g = UrlGuard(policy, StaticResolver(DNS))
    assert verdict(g, "https://api.example.com/v1/users?x=1").startswith("ALLOWED")
    assert verdict(g, "http://sub.api.example.com:81/public").startswith("ALLOWED")
    for url in (
        "http://api.example.com/v1/users",  # scheme
        "https://api.example.com:444/v1/x",  # port
        "https://api.example.com/v2/x",  # path
        "https://example.com/public",  # *. excludes the apex
    ):
        assert "URL not allowed by allowed_url_patterns" in verdict(g, url), url


def test_messages_never_show_credentials_in_the_url() -> None:
    policy = UrlPolicy.build(AddressPolicy(), url_patterns=["https://x.example.com/*"])
    g = UrlGuard(policy, StaticResolver(DNS))
    result = verdict(g, "http://user:pw@example.com/?token=s3cret")
    assert "s3cret" not in result and "pw" not in result
