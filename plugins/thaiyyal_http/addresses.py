"""What an address is, for the SSRF checks: host spellings and address classes.

Two jobs, both without touching the network:

* :func:`parse_ip_host` reads a URL host the way the system's address parser would, so a
  host such as ``2130706433``, ``0177.0.0.1``, ``0x7f.1`` or ``127.1`` is recognised as the
  IPv4 address ``127.0.0.1`` it really denotes (the classic ``inet_aton`` spellings: one to
  four parts, each decimal, octal with a leading ``0`` or hexadecimal with ``0x``, the last
  part filling the remaining bytes). A check that only knew dotted quads would hand such a
  host to the resolver, which would connect to loopback.
* :func:`classify` names the class of an address that the checks may refuse, first match
  wins, in the order the messages are documented (localhost, private, link-local, cloud
  metadata, then the classes that are never reachable over HTTP). IPv6 forms that carry an
  IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo) are judged by the IPv4
  address they carry, so ``::ffff:127.0.0.1`` is loopback too.
"""

from __future__ import annotations

import enum
import ipaddress
import re

__all__ = [
    "AddressClass",
    "IPAddress",
    "canonical_ipv4_text",
    "classify",
    "embedded_ipv4",
    "parse_ip_host",
    "refusal",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressClass(enum.Enum):
    """Classes of addresses the checks refuse unless a switch allows them.

    ``switch`` names the setting that allows the class (None: nothing allows it, because no
    HTTP server can be reached there); ``reason`` is the message of a refusal.
    """

    LOCALHOST = ("allow_localhost", "localhost addresses are blocked")
    PRIVATE = ("allow_private_ips", "private IP addresses are blocked")
    LINK_LOCAL = ("allow_link_local", "link-local addresses are blocked")
    CLOUD_METADATA = ("allow_cloud_metadata", "cloud metadata endpoints are blocked")
    MULTICAST = (None, "multicast addresses are blocked")
    BROADCAST = (None, "broadcast addresses are blocked")
    RESERVED = (None, "reserved addresses are blocked")

    def __init__(self, switch: str | None, text: str) -> None:
        self.switch = switch
        self.text = text

    @property
    def reason(self) -> str:
        if self.switch is None:
            return f"{self.text} (no setting permits them)"
        return f"{self.text} (set {self.switch}=true to permit)"


def _nets(*texts: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(t) for t in texts)


# "This network" (0.0.0.0/8) and the unspecified IPv6 address reach the local host when
# connected to, so they count as localhost, like 0.0.0.0 does in the reference.
_LOCALHOST = _nets("127.0.0.0/8", "0.0.0.0/8", "::1/128", "::/128")
_PRIVATE = _nets(
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "fc00::/7",  # unique-local
    "100.64.0.0/10",  # carrier-grade NAT, shared address space
    "198.18.0.0/15",  # benchmarking networks, used inside organisations
    "fec0::/10",  # deprecated site-local
    "64:ff9b:1::/48",  # local-use NAT64 prefix
)
_LINK_LOCAL = _nets("169.254.0.0/16", "fe80::/10")
_CLOUD_METADATA = frozenset(
    ipaddress.ip_address(t)
    for t in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, ...
        "fd00:ec2::254",  # AWS IMDS over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "169.254.170.2",  # AWS ECS task metadata
    )
)
_MULTICAST = _nets("224.0.0.0/4", "ff00::/8")
_BROADCAST = ipaddress.IPv4Address("255.255.255.255")
_RESERVED = _nets("240.0.0.0/4", "100::/64")

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_COMPATIBLE = ipaddress.IPv6Network("::/96")
_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries (mapped, compatible, NAT64, 6to4, Teredo)."""
    found: list[ipaddress.IPv4Address] = []
    mapped = address.ipv4_mapped
    if mapped is not None:
        found.append(mapped)
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in _NAT64 or address in _TRANSLATED or (address in _COMPATIBLE and int(address) > 1):
        found.append(low32)
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    return found


def _classify_one(address: IPAddress) -> AddressClass | None:
    if any(address in net for net in _LOCALHOST if net.version == address.version):
        return AddressClass.LOCALHOST
    if any(address in net for net in _PRIVATE if net.version == address.version):
        return AddressClass.PRIVATE
    if any(address in net for net in _LINK_LOCAL if net.version == address.version):
        return AddressClass.LINK_LOCAL
    if address in _CLOUD_METADATA:
        return AddressClass.CLOUD_METADATA
    if any(address in net for net in _MULTICAST if net.version == address.version):
        return AddressClass.MULTICAST
    if address == _BROADCAST:
        return AddressClass.BROADCAST
    if any(address in net for net in _RESERVED if net.version == address.version):
        return AddressClass.RESERVED
    return None


def classify(
    address: IPAddress, allowed: frozenset[AddressClass] = frozenset()
) -> AddressClass | None:
    """The first class of ``address`` that is not in ``allowed``; None when it may be used.

    The checks run in a fixed order, so 169.254.169.254 is reported as link-local unless
    link-local addresses are allowed, and only then as cloud metadata. An IPv6 address that
    carries an IPv4 address is refused when either of them is.
    """
    found = refusal(address, allowed)
    return found[0] if found is not None else None


def refusal(
    address: IPAddress, allowed: frozenset[AddressClass] = frozenset()
) -> tuple[AddressClass, IPAddress] | None:
    """Like :func:`classify`, also naming the address refused (an embedded IPv4 one, maybe)."""
    candidates: list[IPAddress] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            address = ipaddress.IPv6Address(address.compressed.split("%", 1)[0])
            candidates = [address]
        candidates.extend(embedded_ipv4(address))
    for candidate in candidates:
        for cls in _classes_of(candidate):
            if cls not in allowed:
                return cls, candidate
    return None


def _classes_of(address: IPAddress) -> list[AddressClass]:
    """Every class ``address`` belongs to, in check order."""
    out: list[AddressClass] = []
    first = _classify_one(address)
    if first is None:
        return out
    out.append(first)
    # An allowed class must not hide a later one (169.254.169.254 is link-local *and*
    # metadata; 100.100.100.200 is private *and* metadata).
    if address in _CLOUD_METADATA and first is not AddressClass.CLOUD_METADATA:
        out.append(AddressClass.CLOUD_METADATA)
    return out


_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")


def _parse_part(text: str) -> int | None:
    if not _PART.fullmatch(text):
        return None
    if text[:2] in ("0x", "0X"):
        return int(text[2:] or "0", 16)
    if len(text) > 1 and text[0] == "0":
        return int(text, 8)
    return int(text)


def _parse_legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """``inet_aton`` reading of ``host``: 1 to 4 numeric parts; None when it is not one."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or any(p == "" for p in parts):
        return None
    values = [_parse_part(p) for p in parts]
    if any(v is None for v in values):
        return None
    nums = [v for v in values if v is not None]
    *head, last = nums
    if any(v > 0xFF for v in head):
        return None
    if last >= 1 << (8 * (4 - len(head))):
        return None
    value = 0
    for v in head:
        value = value << 8 | v
    value = value << (8 * (4 - len(head))) | last
    return ipaddress.IPv4Address(value)


def parse_ip_host(host: str) -> IPAddress | None:
    """The IP address a URL host denotes, or None when the host is a name.

    Accepts IPv6 literals (without brackets, with an optional zone) and every IPv4 spelling
    the system's address parser accepts. ``host`` is expected lower-cased, without a
    trailing dot.
    """
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            return None
    try:
        return ipaddress.IPv4Address(host)
    except ValueError:
        return _parse_legacy_ipv4(host)


def canonical_ipv4_text(host: str) -> bool:
    """True when ``host`` is a dotted quad in its one canonical spelling."""
    try:
        return str(ipaddress.IPv4Address(host)) == host
    except ValueError:
        return False
