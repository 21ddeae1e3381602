"""Where a webhook may go: public internet addresses only (docs/security.md, "Outbound requests").

A webhook URL is chosen by a user and fetched by the server, so without a check it is a way
into the server's own network (server-side request forgery): the cloud's metadata service at
169.254.169.254, a database on 10.x, an admin page on 127.0.0.1. ``AddressPolicy.check`` takes a
URL apart, resolves its host once and refuses the lot when any address it resolves to is not a
public unicast address; the caller then connects to an address it was given back, never to the
name again, so a second DNS answer (rebinding) cannot switch the target after the check.

    >>> refusal(ipaddress.ip_address("169.254.169.254"))
    'link-local (169.254.0.0/16)'
    >>> refusal(ipaddress.ip_address("::ffff:10.0.0.1"))
    'IPv4-mapped: private (10.0.0.0/8)'
    >>> refusal(ipaddress.ip_address("93.184.215.14")) is None
    True

The check runs when a subscription is saved (``overleg.service.alerts``) and again at every
delivery (``overleg.corpus.alerts.webhook``), so a name that later resolves elsewhere is caught.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from overleg.errors import ValidationFailed

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]
"""A host name and port to the addresses it resolves to (as text); ``system_resolver`` in
production, a dictionary in the tests, which never touch DNS."""

WEBHOOK_SCHEMES = ("https", "http")  # http stays allowed, as before: receivers on plain HTTP exist
_FIELD = "webhook_url"

_v4, _v6 = ipaddress.IPv4Network, ipaddress.IPv6Network
# IANA's special-purpose address registries (RFC 6890 and successors), by what they are. Python's
# ``is_global`` alone is not enough: it calls 224.0.0.1, 64:ff9b::a00:1 (NAT64 of 10.0.0.1) and
# 2002:7f00:1::1 (6to4 of 127.0.0.1) global.
REFUSED_NETWORKS: tuple[tuple[IPNetwork, str], ...] = (
    (_v4("0.0.0.0/8"), "unspecified"),
    (_v4("10.0.0.0/8"), "private"),
    (_v4("100.64.0.0/10"), "shared address space"),
    (_v4("127.0.0.0/8"), "loopback"),
    (_v4("169.254.0.0/16"), "link-local"),
    (_v4("172.16.0.0/12"), "private"),
    (_v4("192.0.0.0/24"), "reserved"),
    (_v4("192.0.2.0/24"), "documentation"),
    (_v4("192.88.99.0/24"), "reserved"),
    (_v4("192.168.0.0/16"), "private"),
    (_v4("198.18.0.0/15"), "reserved"),
    (_v4("198.51.100.0/24"), "documentation"),
    (_v4("203.0.113.0/24"), "documentation"),
    (_v4("224.0.0.0/4"), "multicast"),
    (_v4("240.0.0.0/4"), "reserved"),
    (_v6("::/128"), "unspecified"),
    (_v6("::1/128"), "loopback"),
    (_v6("64:ff9b:1::/48"), "private"),
    (_v6("100::/64"), "reserved"),
    (_v6("2001::/23"), "reserved"),
    (_v6("2001:db8::/32"), "documentation"),
    (_v6("2002::/16"), "6to4"),
    (_v6("3fff::/20"), "documentation"),
    (_v6("5f00::/16"), "reserved"),
    (_v6("fc00::/7"), "private"),
    (_v6("fe80::/10"), "link-local"),
    (_v6("fec0::/10"), "site-local"),
    (_v6("ff00::/8"), "multicast"),
)
_GLOBAL_UNICAST = _v6("2000::/3")  # every other IPv6 address is reserved or unassigned
_NAT64 = _v6("64:ff9b::/96")  # the well-known NAT64 prefix: the last 32 bits are an IPv4 address
_UNSAFE_URL_CHARACTERS = re.compile(r"[\x00-\x20\x7f]")  # controls and spaces: header injection
_LOCAL_NAMES = re.compile(r"(?:^|\.)localhost\.?$", re.I)  # RFC 6761: always the machine itself


def refusal(address: IPAddress) -> str | None:
    """Why a webhook may not go to ``address`` (its kind and range), or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return "an address with a zone index"
        if address.ipv4_mapped is not None:
            inner = refusal(address.ipv4_mapped)
            return f"IPv4-mapped: {inner}" if inner else None
        if address in _NAT64:
            inner = refusal(ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF))
            return f"NAT64: {inner}" if inner else None
    for network, kind in REFUSED_NETWORKS:
        if address in network:
            return f"{kind} ({network})"
    if isinstance(address, ipaddress.IPv6Address) and address not in _GLOBAL_UNICAST:
        return "reserved (outside 2000::/3)"
    if not address.is_global:
        return "not a public address"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the operating system's resolver gives for ``host`` (A and AAAA)."""
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


@dataclass(frozen=True)
class WebhookTarget:
    """A webhook URL taken apart: what to connect to and what to say in the request."""

    url: str
    scheme: str  # https or http
    host: str  # the host as the URL names it, IDNA-encoded; the TLS server name
    port: int
    target: str  # path and query, percent-encoded: the request line's target
    user: str | None = None
    password: str | None = None

    @property
    def host_header(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return shown if self.port == default else f"{shown}:{self.port}"


def parse_webhook_url(url: str) -> WebhookTarget:
    """``url`` taken apart; ValidationFailed (naming webhook_url) for a scheme other than https
    or http, no host, a bad port, or control characters and spaces anywhere in it."""
    if _UNSAFE_URL_CHARACTERS.search(url):
        raise ValidationFailed("a webhook URL may not hold spaces or control characters", field=_FIELD)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise ValidationFailed(f"not a webhook URL ({e}): {url!r}", field=_FIELD) from None
    scheme = parts.scheme.lower()
    if scheme not in WEBHOOK_SCHEMES:
        raise ValidationFailed(f"a webhook URL starts with https:// or http://, not {url!r}", field=_FIELD)
    if not parts.hostname:
        raise ValidationFailed(f"a webhook URL names a host: {url!r}", field=_FIELD)
    try:
        host = parts.hostname if ":" in parts.hostname else parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValidationFailed(f"not a host name: {parts.hostname!r}", field=_FIELD) from None
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?") if parts.query else ""
    return WebhookTarget(url, scheme, host.rstrip(".").lower() or host, port or (443 if scheme == "https" else 80),
                         path + query, unquote(parts.username) if parts.username is not None else None,
                         unquote(parts.password) if parts.password is not None else None)


def _literal(host: str) -> IPAddress | None:
    """The address a host written as an address stands for, also in the old forms inet_aton
    takes ("127.1", "0x7f.0.0.1", "2130706433"), which resolvers pass through unasked."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses a webhook may reach, and how host names are resolved.

    ``allowed`` lists networks let through although refused above. Only tests set it (to reach a
    receiver on 127.0.0.1); no setting or environment variable fills it.
    """

    resolver: Resolver = system_resolver
    allowed: tuple[IPNetwork, ...] = ()

    def check(self, url: str) -> tuple[WebhookTarget, tuple[IPAddress, ...]]:
        """The URL taken apart and the addresses to connect to, each of them checked; raises
        ValidationFailed (naming webhook_url) when any address is refused or none is found."""
        target = parse_webhook_url(url)
        if _LOCAL_NAMES.search(target.host):
            raise ValidationFailed(f"a webhook may not go to {target.host}: the server itself", field=_FIELD)
        literal = _literal(target.host)
        if literal is not None:
            found: list[IPAddress] = [literal]
        else:
            try:
                answers = self.resolver(target.host, target.port)
                found = list(dict.fromkeys(ipaddress.ip_address(a) for a in answers))
            except (OSError, UnicodeError, ValueError) as e:
                raise ValidationFailed(f"the webhook's host {target.host} cannot be found ({e})",
                                       field=_FIELD) from None
            if not found:
                raise ValidationFailed(f"the webhook's host {target.host} has no address", field=_FIELD)
        for address in found:
            permitted = any(address in net for net in self.allowed if net.version == address.version)
            why = None if permitted else refusal(address)
            if why:
                named = target.host if literal is not None else f"{target.host} ({address})"
                raise ValidationFailed(f"a webhook may not go to {named}: {why}; only public internet addresses",
                                       field=_FIELD)
        return target, tuple(_unmapped(a) for a in found)


def _unmapped(address: IPAddress) -> IPAddress:
    """An IPv4-mapped IPv6 address as the IPv4 address it is (so it is reached over IPv4)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
