"""Posting a notification to a webhook, to a checked address only (docs/alerts.md, docs/security.md).

    outbound = Outbound(timeout=5, max_bytes=65536)          # the settings' webhook limits
    outbound.post("https://hooks.example.org/x", body, {"Content-Type": "application/json"})

One POST over HTTP/1.1, written here rather than by an HTTP client library because each step is
a guard: the host is resolved once and every address checked (``AddressPolicy``); the socket
is opened to a checked address, never to the name again (so DNS rebinding cannot switch it);
TLS verifies the certificate for the URL's host name; the whole exchange, connecting included,
has one deadline; of the answer at most ``max_bytes`` are read, and only its status line is
looked at. A 2xx is a delivery; anything else, a redirect included, is a failure (redirects are
never followed). No proxy from the environment is used: a proxy would resolve the name itself.
"""

from __future__ import annotations

import base64
import re
import socket
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from overleg.corpus.alerts.addresses import AddressPolicy, IPAddress, WebhookTarget
from overleg.errors import RemoteFailed

Connector = Callable[[IPAddress, int, float], socket.socket]
"""Opens a TCP connection to a checked address and port within a timeout (seconds). Tests put a
fake here that fails when called, to prove a refused target never gets a socket."""

_STATUS_LINE = re.compile(rb"^HTTP/1\.[01] ([1-5][0-9][0-9])(?: [^\r\n]*)?\r?\n")


def open_connection(address: IPAddress, port: int, timeout: float) -> socket.socket:
    """A TCP connection to ``address`` (an address, never a name: nothing is resolved here)."""
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect((str(address), port))
    except BaseException:
        sock.close()
        raise
    return sock


@dataclass(frozen=True)
class Outbound:
    """How webhooks go out: which addresses (``policy``), how a connection is opened
    (``connect``), the deadline of one delivery in seconds and the most of an answer read."""

    policy: AddressPolicy = field(default_factory=AddressPolicy)
    connect: Connector = open_connection
    timeout: float = 5.0
    max_bytes: int = 65_536
    tls: Callable[[], ssl.SSLContext] = ssl.create_default_context  # verifies certificates and host names

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> int:
        """POST ``body`` to ``url``; the 2xx status it answered. Raises ValidationFailed for a
        refused target (before any connection), OSError for network trouble and timeouts, and
        RemoteFailed for an answer that is not a 2xx."""
        target, addresses = self.policy.check(url)
        deadline = time.monotonic() + self.timeout
        try:
            sock = self._connect(target, addresses, deadline)
            try:
                if target.scheme == "https":
                    sock.settimeout(_left(deadline))
                    sock = self.tls().wrap_socket(sock, server_hostname=target.host)
                sock.settimeout(_left(deadline))
                sock.sendall(_request(target, body, headers))
                status = _status(sock, deadline, self.max_bytes, target)
            finally:
                sock.close()
        except TimeoutError:
            raise TimeoutError(f"the webhook {target.host} did not answer within {self.timeout:g} s") from None
        if not 200 <= status < 300:
            moved = "; redirects are not followed" if 300 <= status < 400 else ""
            raise RemoteFailed(f"the webhook {target.host} answered {status}{moved}")
        return status

    def _connect(self, target: WebhookTarget, addresses: tuple[IPAddress, ...], deadline: float) -> socket.socket:
        """A connection to the first of the checked addresses that answers."""
        failure: OSError | None = None
        for address in addresses:
            try:
                return self.connect(address, target.port, _left(deadline))
            except OSError as e:
                failure = e
        raise failure or OSError(f"no address to connect to for {target.host}")


def _left(deadline: float) -> float:
    """Seconds until ``deadline``; TimeoutError once it has passed."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("out of time")
    return remaining


def _request(target: WebhookTarget, body: bytes, headers: Mapping[str, str]) -> bytes:
    lines = [f"POST {target.target} HTTP/1.1", f"Host: {target.host_header}", "User-Agent: overleg-alerts",
             f"Content-Length: {len(body)}", "Connection: close"]
    if target.user is not None:
        login = base64.b64encode(f"{target.user}:{target.password or ''}".encode()).decode("ascii")
        lines.append(f"Authorization: Basic {login}")
    for name, value in headers.items():
        if re.search(r"[\r\n]", name + value):  # our own headers never do; a guard all the same
            raise ValueError(f"a header with a line break: {name!r}")
        lines.append(f"{name}: {value}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _status(sock: socket.socket, deadline: float, max_bytes: int, target: WebhookTarget) -> int:
    """The status code of the answer's status line, reading at most ``max_bytes`` by the deadline."""
    received = b""
    while b"\n" not in received and len(received) < max_bytes:
        sock.settimeout(_left(deadline))
        chunk = sock.recv(min(4096, max_bytes - len(received)))
        if not chunk:
            break
        received += chunk
    match = _STATUS_LINE.match(received)
    if match is None:
        raise RemoteFailed(f"the webhook {target.host} did not answer HTTP ({received[:40]!r})")
    return int(match.group(1))
