"""Posting to a webhook: refused targets never get a socket, the checked address is the one
connected to, no redirect is followed, one deadline, a capped answer. Only loopback traffic:
the resolver is a dictionary, the connection a socket pair or a receiver on 127.0.0.1 let
through by an allowance only a test gives."""

from __future__ import annotations

import contextlib
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from alert_servers import webhook_receiver
from overleg.corpus.alerts.addresses import AddressPolicy, IPAddress
from overleg.corpus.alerts.webhook import Outbound
from overleg.errors import RemoteFailed, ValidationFailed
from test_webhook_addresses import PUBLIC_V4, FakeResolver

JSON = {"Content-Type": "application/json"}
LOOPBACK = (ipaddress.ip_network("127.0.0.1/32"),)


def no_socket(address: IPAddress, port: int, timeout: float) -> socket.socket:
    pytest.fail(f"a connection to {address}:{port} was opened for a refused target")


class PairConnector:
    """Connections that are one end of a socket pair; ``answer`` plays the server on the other end
    (in a thread) with what it was sent. Records every address it was asked to connect to."""

    def __init__(self, answer: Callable[[socket.socket], None]) -> None:
        self.answer = answer
        self.calls: list[tuple[str, int]] = []
        self.threads: list[threading.Thread] = []

    def __call__(self, address: IPAddress, port: int, timeout: float) -> socket.socket:
        self.calls.append((str(address), port))
        ours, theirs = socket.socketpair()
        thread = threading.Thread(target=self._serve, args=(theirs,), daemon=True)
        thread.start()
        self.threads.append(thread)
        return ours

    def _serve(self, sock: socket.socket) -> None:
        with sock, contextlib.suppress(OSError):  # the client may hang up first
            self.answer(sock)


def read_request(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(line.split(b":", 1)[1] for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += sock.recv(4096)
    return head + b"\r\n\r\n" + body


def answering(status_line: bytes, into: list[bytes] | None = None) -> Callable[[socket.socket], None]:
    def answer(sock: socket.socket) -> None:
        request = read_request(sock)
        if into is not None:
            into.append(request)
        sock.sendall(status_line + b"\r\nContent-Length: 0\r\n\r\n")
    return answer


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://127.0.0.1:8080/",
                                 "http://localhost:8000/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
                                 "https://metadata.internal/", "https://rebind.example.org/", "ftp://example.org/"])
def test_a_refused_target_is_never_connected_to(url: str) -> None:
    resolver = FakeResolver({"metadata.internal": ["169.254.169.254"], "rebind.example.org": [PUBLIC_V4, "10.0.0.7"]})
    with pytest.raises(ValidationFailed) as caught:
        Outbound(AddressPolicy(resolver=resolver), connect=no_socket).post(url, b"{}", JSON)
    assert caught.value.field == "webhook_url"


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_connected_to() -> None:
    answers = iter([[PUBLIC_V4], ["127.0.0.1"], ["127.0.0.1"]])  # a rebinding DNS: public first, then loopback
    asked: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        asked.append(host)
        return next(answers)

    requests: list[bytes] = []
    connector = PairConnector(answering(b"HTTP/1.1 204 No Content", requests))
    outbound = Outbound(AddressPolicy(resolver=rebinding), connect=connector)
    assert outbound.post("http://hooks.example.org/in?a=1", b'{"k": 1}', {**JSON, "X-Overleg-Signature": "sha256=ab"}) \
        == 204
    assert asked == ["hooks.example.org"]
    assert connector.calls == [(PUBLIC_V4, 80)]
    head = requests[0].split(b"\r\n")
    assert head[0] == b"POST /in?a=1 HTTP/1.1"
    assert b"Host: hooks.example.org" in head and b"X-Overleg-Signature: sha256=ab" in head
    assert b"Content-Length: 8" in head and requests[0].endswith(b'{"k": 1}')


def test_the_next_address_is_tried_when_the_first_does_not_connect() -> None:
    tried: list[str] = []
    pair = PairConnector(answering(b"HTTP/1.1 200 OK"))

    def connect(address: IPAddress, port: int, timeout: float) -> socket.socket:
        tried.append(str(address))
        if len(tried) == 1:
            raise ConnectionRefusedError("refused")
        return pair(address, port, timeout)

    resolver = FakeResolver({"hooks.example.org": ["2606:2800:21f:cb07:6820:80da:af6b:8b2c", PUBLIC_V4]})
    assert Outbound(AddressPolicy(resolver=resolver), connect=connect).post("http://hooks.example.org/", b"{}", JSON) \
        == 200
    assert tried == ["2606:2800:21f:cb07:6820:80da:af6b:8b2c", PUBLIC_V4]


def test_a_redirect_is_not_followed_anywhere() -> None:
    connector = PairConnector(answering(b"HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/"))
    outbound = Outbound(AddressPolicy(resolver=FakeResolver({"hooks.example.org": [PUBLIC_V4]})), connect=connector)
    with pytest.raises(RemoteFailed, match="302; redirects are not followed"):
        outbound.post("http://hooks.example.org/", b"{}", JSON)
    assert connector.calls == [(PUBLIC_V4, 80)]


class EndlessSocket:
    """A connection whose server never stops sending and never ends a line; counts what was read."""

    def __init__(self) -> None:
        self.read = 0

    def settimeout(self, seconds: float) -> None:
        pass

    def sendall(self, data: bytes) -> None:
        pass

    def recv(self, size: int) -> bytes:
        self.read += size
        return b"A" * size

    def close(self) -> None:
        pass


def test_at_most_max_bytes_of_the_answer_are_read() -> None:
    endless = EndlessSocket()
    outbound = Outbound(AddressPolicy(resolver=FakeResolver({"hooks.example.org": [PUBLIC_V4]})),
                        connect=lambda address, port, timeout: endless, max_bytes=10_000)  # type: ignore[arg-type,return-value]
    with pytest.raises(RemoteFailed, match="did not answer HTTP"):
        outbound.post("http://hooks.example.org/", b"{}", JSON)
    assert endless.read == 10_000


@pytest.mark.parametrize("server", ["silent", "dripping"])
def test_one_deadline_holds_for_the_whole_exchange(server: str) -> None:
    def silent(sock: socket.socket) -> None:
        read_request(sock)
        time.sleep(3)

    def dripping(sock: socket.socket) -> None:  # a byte every 0.1 s: each read is quick, the whole is not
        read_request(sock)
        for _ in range(60):
            sock.sendall(b"H")
            time.sleep(0.1)

    connector = PairConnector(silent if server == "silent" else dripping)
    outbound = Outbound(AddressPolicy(resolver=FakeResolver({"hooks.example.org": [PUBLIC_V4]})), connect=connector,
                        timeout=0.5)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        outbound.post("http://hooks.example.org/", b"{}", JSON)
    assert 0.4 < time.monotonic() - started < 1.5


def test_a_receiver_on_loopback_gets_the_post_only_through_an_allowance_a_test_gives() -> None:
    with webhook_receiver() as (url, received):
        with pytest.raises(ValidationFailed, match="loopback"):
            Outbound().post(url, b"{}", JSON)
        assert received == []
        assert Outbound(AddressPolicy(allowed=LOOPBACK)).post(url, b'{"a": 1}', JSON) == 204
    assert [body for _, body in received] == [b'{"a": 1}']


class _Failing(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(503)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


def test_an_answer_other_than_2xx_is_a_failure() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(RemoteFailed, match="answered 503"):
            Outbound(AddressPolicy(allowed=LOOPBACK)).post(f"http://127.0.0.1:{server.server_address[1]}/", b"{}", JSON)
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def tls_receiver(tmp: Path) -> Iterator[tuple[int, Path, list[bytes]]]:
    """(port, certificate, requests) of an HTTPS receiver on 127.0.0.1 with a self-signed
    certificate for hooks.example.org."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=hooks.example.org",
                    "-addext", "subjectAltName=DNS:hooks.example.org"], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    requests: list[bytes] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            try:
                with context.wrap_socket(conn, server_side=True) as tls:
                    requests.append(read_request(tls))
                    tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            except (OSError, ssl.SSLError):
                conn.close()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield listener.getsockname()[1], cert, requests
    finally:
        listener.close()


def test_tls_verifies_the_certificate_for_the_urls_name_while_connecting_to_the_checked_address(tmp_path: Path) -> None:
    with tls_receiver(tmp_path) as (port, cert, requests):
        policy = AddressPolicy(resolver=FakeResolver({"hooks.example.org": ["127.0.0.1"]}), allowed=LOOPBACK)
        url = f"https://hooks.example.org:{port}/in"
        with pytest.raises(ssl.SSLCertVerificationError):  # not signed by an authority the system trusts
            Outbound(policy).post(url, b"{}", JSON)
        trusting = Outbound(policy, tls=lambda: ssl.create_default_context(cafile=str(cert)))
        assert trusting.post(url, b"{}", JSON) == 200
        with pytest.raises(ssl.SSLCertVerificationError):  # the certificate is not for this name
            Outbound(AddressPolicy(resolver=FakeResolver({"other.example.org": ["127.0.0.1"]}), allowed=LOOPBACK),
                     tls=lambda: ssl.create_default_context(cafile=str(cert))).post(
                f"https://other.example.org:{port}/in", b"{}", JSON)
    assert len(requests) == 1 and f"Host: hooks.example.org:{port}".encode() in requests[0]
