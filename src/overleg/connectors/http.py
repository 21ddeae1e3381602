"""A polite HTTP client: a minimum interval between requests, retries with exponential backoff
on 429/502/503/504 and connection errors, and ``Retry-After`` respected.

The clock and ``sleep`` are injectable so tests run without waiting; the transport is
injectable (``httpx.MockTransport``) so tests never touch the network.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

from overleg.errors import FetchError

RETRY_STATUSES = frozenset({429, 502, 503, 504})
USER_AGENT = "overleg/0.1 (+https://github.com/; parliamentary written consultations)"


@dataclass(frozen=True)
class Politeness:
    """How hard a client may push: ``min_interval`` seconds between requests, ``retries`` extra
    attempts, waits of ``backoff * 2**attempt`` seconds capped at ``max_wait``."""

    min_interval: float = 1.0
    retries: int = 5
    backoff: float = 1.0
    max_wait: float = 120.0
    timeout: float = 60.0


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), None when absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


class PoliteClient:
    """GET with politeness; ``requests`` counts what was actually sent (tests, summaries)."""

    def __init__(self, politeness: Politeness | None = None, *, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 headers: Mapping[str, str] | None = None) -> None:
        self.politeness = politeness or Politeness()
        self._sleep = sleep
        self._clock = clock
        self._last: float | None = None
        self.requests = 0
        self._client = httpx.Client(transport=transport, timeout=self.politeness.timeout, follow_redirects=True,
                                    headers={"User-Agent": USER_AGENT, **(headers or {})})

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self) -> None:
        if self._last is not None:
            gap = self._clock() - self._last
            if gap < self.politeness.min_interval:
                self._sleep(self.politeness.min_interval - gap)
        self._last = self._clock()

    def get(self, url: str, params: Mapping[str, str | int] | None = None) -> httpx.Response:
        """The response to GET ``url``; FetchError when it fails for good."""
        p = self.politeness
        for attempt in range(p.retries + 1):
            self._wait_turn()
            self.requests += 1
            wait = min(p.max_wait, p.backoff * 2 ** attempt)
            try:
                response = self._client.get(url, params=params)
            except httpx.TransportError as e:
                if attempt == p.retries:
                    raise FetchError(url, f"connection failed after {attempt + 1} attempts: {e}") from None
                self._sleep(wait)
                continue
            if response.status_code in RETRY_STATUSES and attempt < p.retries:
                told = retry_after(response.headers.get("Retry-After"), time.time())
                self._sleep(min(p.max_wait, told) if told is not None else wait)
                continue
            if response.status_code >= 400:
                raise FetchError(url, f"HTTP {response.status_code}")
            return response
        raise FetchError(url, "no response")  # unreachable: the loop returns or raises
