"""Where a webhook may go: the address policy alone (no store, no socket, no DNS: the resolver
is a dictionary)."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

import pytest

from overleg.corpus.alerts.addresses import AddressPolicy, parse_webhook_url, refusal
from overleg.errors import ValidationFailed

PUBLIC_V4, PUBLIC_V6 = "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"


class FakeResolver:
    """Names to addresses, counting the questions; an unknown name does not resolve."""

    def __init__(self, answers: dict[str, Sequence[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> Sequence[str]:
        self.asked.append(host)
        if host not in self.answers:
            raise OSError(f"[Errno -2] Name or service not known: {host}")
        return self.answers[host]


REFUSED_ADDRESSES = [
    ("0.0.0.0", "unspecified"), ("0.1.2.3", "unspecified"), ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"),
    ("10.0.0.1", "private"), ("10.255.255.255", "private"), ("172.16.0.1", "private"), ("172.31.255.254", "private"),
    ("192.168.1.1", "private"), ("100.64.0.1", "shared address space"), ("100.127.255.254", "shared address space"),
    ("169.254.169.254", "link-local"), ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"),
    ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"), ("192.0.2.10", "documentation"),
    ("198.18.0.1", "reserved"),
    ("::", "unspecified"), ("::1", "loopback"), ("fc00::1", "private"), ("fd12:3456::1", "private"),
    ("fe80::1", "link-local"), ("febf::1", "link-local"), ("ff02::1", "multicast"), ("ff0e::1", "multicast"),
    ("2001:db8::1", "documentation"), ("100::1", "reserved"), ("fec0::1", "site-local"), ("::2", "reserved"),
    ("::ffff:127.0.0.1", "IPv4-mapped: loopback"), ("::ffff:169.254.169.254", "IPv4-mapped: link-local"),
    ("::ffff:10.0.0.1", "IPv4-mapped: private"), ("::ffff:0.0.0.0", "IPv4-mapped: unspecified"),
    ("64:ff9b::a00:1", "NAT64: private"), ("64:ff9b::7f00:1", "NAT64: loopback"),
    ("2002:7f00:1::1", "6to4"), ("2001:0:4136:e378::1", "reserved"),
]


@pytest.mark.parametrize(("address", "kind"), REFUSED_ADDRESSES, ids=[a for a, _ in REFUSED_ADDRESSES])
def test_private_loopback_link_local_multicast_reserved_and_unspecified_addresses_are_refused(
        address: str, kind: str) -> None:
    why = refusal(ipaddress.ip_address(address))
    assert why is not None and why.startswith(kind), why
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(ValidationFailed, match=kind) as caught:
        AddressPolicy(resolver=FakeResolver({})).check(f"https://{host}/hook")
    assert caught.value.field == "webhook_url"


@pytest.mark.parametrize("address", [PUBLIC_V4, "1.1.1.1", "8.8.8.8", "100.128.0.1", "172.32.0.1", "192.169.0.1",
                                     PUBLIC_V6, "2a00:1450:4001:80b::200e", "::ffff:93.184.215.14",
                                     "64:ff9b::5db8:d70e"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST", "localhost.", "api.localhost", "2130706433", "0x7f.1",
                                  "127.1", "0177.0.0.1", "017700000001"])
def test_localhost_and_the_old_spellings_of_loopback_are_refused_without_asking_dns(host: str) -> None:
    resolver = FakeResolver({})
    with pytest.raises(ValidationFailed, match="may not go to") as caught:
        AddressPolicy(resolver=resolver).check(f"http://{host}:8080/hook")
    assert caught.value.field == "webhook_url"
    assert resolver.asked == []


@pytest.mark.parametrize("answers", [["10.1.2.3"], ["169.254.169.254"], ["::1"], ["fe80::2"], ["::ffff:192.168.0.1"],
                                     [PUBLIC_V4, "127.0.0.1"], [PUBLIC_V6, "fd00::5"]],
                         ids=["private", "metadata", "loopback-v6", "link-local-v6", "mapped", "one-of-two-v4",
                              "one-of-two-v6"])
def test_a_name_that_resolves_to_a_refused_address_is_refused_even_beside_a_public_one(answers: list[str]) -> None:
    resolver = FakeResolver({"hooks.example.org": answers})
    with pytest.raises(ValidationFailed, match=r"hooks\.example\.org \(") as caught:
        AddressPolicy(resolver=resolver).check("https://hooks.example.org/x")
    assert caught.value.field == "webhook_url"
    assert resolver.asked == ["hooks.example.org"]


def test_a_name_that_resolves_to_public_addresses_gives_those_addresses_once_each() -> None:
    resolver = FakeResolver({"hooks.example.org": [PUBLIC_V4, PUBLIC_V6, PUBLIC_V4, "::ffff:1.1.1.1"]})
    target, addresses = AddressPolicy(resolver=resolver).check("https://Hooks.Example.org:8443/in?x=1#frag")
    assert [str(a) for a in addresses] == [PUBLIC_V4, PUBLIC_V6, "1.1.1.1"]
    assert (target.host, target.port, target.target, target.host_header) == (
        "hooks.example.org", 8443, "/in?x=1", "hooks.example.org:8443")
    assert resolver.asked == ["hooks.example.org"]


def test_a_name_that_does_not_resolve_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationFailed, match="cannot be found") as caught:
        AddressPolicy(resolver=FakeResolver({})).check("https://nowhere.example.org/")
    assert caught.value.field == "webhook_url"


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://example.org/",
                                 "javascript:alert(1)",
                                 "data:text/plain,hi", "//example.org/x", "https:///nohost", "http://[::1/x",
                                 "http://example.org:99999/", "https://exa mple.org/", "https://example.org/\r\nX: y",
                                 "https://example.org/\x00"])
def test_other_schemes_and_malformed_urls_are_refused_naming_the_field(url: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_webhook_url(url)
    assert caught.value.field == "webhook_url"


def test_http_stays_allowed_beside_https_and_a_name_in_unicode_is_encoded() -> None:
    plain = parse_webhook_url("http://example.org/hook")
    assert (plain.scheme, plain.port, plain.host_header) == ("http", 80, "example.org")
    named = parse_webhook_url("https://bücher.example/pad%20één?q=ä")
    assert (named.host, named.target) == ("xn--bcher-kva.example", "/pad%20%C3%A9%C3%A9n?q=%C3%A4")


def test_an_allowance_lets_only_its_own_network_through() -> None:
    policy = AddressPolicy(resolver=FakeResolver({}), allowed=(ipaddress.ip_network("127.0.0.1/32"),))
    assert [str(a) for a in policy.check("http://127.0.0.1:9/x")[1]] == ["127.0.0.1"]
    with pytest.raises(ValidationFailed, match="loopback"):
        policy.check("http://127.0.0.2:9/x")
    with pytest.raises(ValidationFailed, match="loopback"):
        policy.check("http://[::1]:9/x")
