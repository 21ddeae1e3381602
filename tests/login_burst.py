"""A burst of concurrent wrong logins against a real ``overleg serve``, and the server's memory.

``overleg serve`` on a fresh SQLite store with an administrator made by the CLI (real argon2id,
64 MiB per hash), then ``--logins`` concurrent ``POST /api/login`` with a wrong password from a
thread pool, while a sampler reads the server's resident memory (VmRSS in /proc/PID/status)
every 50 ms. Prints the peak, the memory before the burst, and the answers; a test runs it with
the figures' goal. Run it as a script for docs/security.md's figure:

    python tests/login_burst.py [--src DIR] [--logins 48]

``--src`` is the overleg source tree to run the server from (default: this worktree's), so the
same script measures an older version, e.g. ``git archive <commit> | tar -x -C /tmp/before``
then ``--src /tmp/before/src``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

SRC = Path(__file__).resolve().parent.parent / "src"
PASSWORD = "een-goed-wachtwoord"
SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class Burst:
    peak_mb: float
    before_mb: float
    answers: dict[int, int]  # status -> how many
    seconds: float


def rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` in MB (VmRSS), 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _env(src: Path, extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def burst(src: Path = SRC, logins: int = 48, settle: float = 0.5, env: dict[str, str] | None = None) -> Burst:
    """Start a server from ``src``, fire ``logins`` wrong logins at once, and measure."""
    environ = _env(src, env or {})
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'burst.db'}"
        run = [sys.executable, "-m", "overleg"]
        subprocess.run([*run, "db", "upgrade", "--database", url], env=environ, check=True, capture_output=True)
        subprocess.run([*run, "user", "create-admin", "beheer", "--password-stdin", "--database", url],
                       input=PASSWORD + "\n", text=True, env=environ, check=True, capture_output=True)
        port = _free_port()
        server = subprocess.Popen([*run, "serve", "--database", url, "--port", str(port)], env=environ,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(base, server)
            time.sleep(0.5)  # let start-up allocations settle
            before = rss_mb(server.pid)
            peak = [before]
            done = threading.Event()

            def sample() -> None:
                while not done.is_set():
                    peak[0] = max(peak[0], rss_mb(server.pid))
                    time.sleep(SAMPLE_SECONDS)

            sampler = threading.Thread(target=sample)
            sampler.start()
            start = threading.Barrier(logins)

            def login(_: int) -> int:
                with httpx.Client(base_url=base, timeout=120) as http:
                    start.wait()
                    return http.post("/api/login", json={"username": "beheer", "password": "fout-wachtwoord"}
                                     ).status_code

            began = time.monotonic()
            with ThreadPoolExecutor(logins) as pool:
                answers = Counter(pool.map(login, range(logins)))
            seconds = time.monotonic() - began
            time.sleep(settle)
            done.set()
            sampler.join()
            return Burst(round(peak[0], 1), round(before, 1), dict(sorted(answers.items())), round(seconds, 2))
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_for(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("overleg serve exited")
        try:
            if httpx.get(f"{base}/api/me", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("overleg serve did not start in 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=SRC)
    parser.add_argument("--logins", type=int, default=48)
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the server, e.g. "
                        "OVERLEG_LOGIN_ATTEMPTS_PER_ACCOUNT=1000 to measure the hashing bound alone")
    args = parser.parse_args()
    env = dict(item.split("=", 1) for item in args.env)
    print(json.dumps(asdict(burst(args.src, args.logins, env=env))))


if __name__ == "__main__":
    main()
