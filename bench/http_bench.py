"""The production server under measurement and the clients that load it (throughput and
soak benchmarks). Not application code.

* :class:`Server` starts ``chuluc serve`` (gunicorn, its default worker count, the task
  worker beside it) with production settings on a benchmark database and samples the
  resident memory of the web processes while it runs.
* :func:`wrk` runs wrk (closed loop: ``connections`` clients, each sending its next request
  when the previous answer arrives) over a list of paths and returns its counts and latency
  percentiles, read from a Lua ``done`` hook.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from scale_env import BIN, RESULTS, cmdline, django_env, load, rss_mib, tree

START_SECONDS = 180  # a loaded machine takes a while to import Django three times over
WRK_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  counter = (id or 0) * 7919
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, "read": %%d, '
    .. '"write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, "p90_us": %%d, '
    .. '"p99_us": %%d, "max_us": %%d, "mean_us": %%.1f}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk_path() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit(
            "bench: wrk is missing (the throughput client); `BENCH=1 ./scripts/system-deps.sh` "
            "installs it (Debian package wrk)"
        )
    return found


def _lua(paths: list[str]) -> str:
    quoted = ", ".join(json.dumps(p) for p in paths)
    return WRK_SCRIPT % {"paths": quoted}


def wrk(
    base: str,
    paths: list[str],
    *,
    connections: int,
    seconds: float,
    threads: int = 2,
    required: bool = True,
) -> dict:
    """Closed-loop load over ``paths`` (cycled, each thread from its own offset); a run
    without a single answer is an error when ``required``."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(paths))
    try:
        process = subprocess.run(  # noqa: S603 - wrk from PATH, fixed arguments
            [
                wrk_path(),
                f"-t{threads}",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                base + paths[0],
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        Path(script.name).unlink(missing_ok=True)
    lines = [line for line in process.stdout.splitlines() if line.startswith("WRK ")]
    if process.returncode != 0 or not lines:
        raise SystemExit(f"bench: wrk failed ({process.returncode}): {process.stderr.strip()}")
    result = json.loads(lines[-1].removeprefix("WRK "))
    if required and not result["requests"]:
        raise SystemExit(
            f"bench: no answer from {paths[0]} in {seconds:.0f} s (a stalled or overloaded "
            "server; see the server's log)"
        )
    result["seconds"] = result["duration_us"] / 1e6
    result["rps"] = result["requests"] / max(result["seconds"], 1e-9)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


class Server:
    """``chuluc serve`` on a free port, production settings, ``BENCH_TRIVIAL_VIEW`` on;
    ``env``: more settings (the soak's Redis)."""

    def __init__(
        self, url: str, *, log: Path, workers: int | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self.env = django_env(url, BENCH_TRIVIAL_VIEW="true", PORT=str(self.port), **(env or {}))
        self.workers = workers
        self.process: subprocess.Popen | None = None
        self._sampling = False
        self._peak = 0.0
        self._sampler: threading.Thread | None = None

    def __enter__(self) -> Server:
        argv = [str(BIN / "chuluc"), "serve", "--port", str(self.port)]
        if self.workers:
            argv += ["--workers", str(self.workers)]
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own command
            argv, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.__exit__()
                raise SystemExit(f"bench: chuluc serve stopped; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=60) as answer:  # noqa: S310 - our local server
                    if answer.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        self.__exit__()
        raise SystemExit(
            f"bench: chuluc serve did not answer in {START_SECONDS} s; see {self.log_path}"
        )

    def __exit__(self, *exc) -> None:
        self.sample_stop()
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                for pid in reversed(list(tree(self.process.pid))):
                    subprocess.run(["kill", "-9", str(pid)], check=False)  # noqa: S603, S607
        self.log.close()

    # ------------------------------------------------------------------ memory

    def web_pids(self) -> list[int]:
        """The gunicorn master and its workers (not the task worker)."""
        if self.process is None:
            return []
        return [pid for pid in tree(self.process.pid) if "gunicorn" in cmdline(pid)]

    def web_rss(self) -> float:
        return sum(rss_mib(pid) for pid in self.web_pids())

    def worker_count(self) -> int:
        return max(0, len(self.web_pids()) - 1)

    def sample_start(self) -> None:
        self._peak = self.web_rss()
        self._sampling = True

        def sample() -> None:
            while self._sampling:
                self._peak = max(self._peak, self.web_rss())
                time.sleep(0.25)

        self._sampler = threading.Thread(target=sample, daemon=True)
        self._sampler.start()

    def sample_stop(self) -> float:
        """Peak resident memory (MiB) of the web processes since ``sample_start``."""
        self._sampling = False
        if self._sampler:
            self._sampler.join()
            self._sampler = None
        return self._peak

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as answer:  # noqa: S310
                return answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()


def measured(
    server: Server, paths: list[str], *, connections: int, seconds: float, required: bool = True
) -> dict:
    """One wrk run with the load average and the web processes' peak memory around it."""
    before = load()
    server.sample_start()
    result = wrk(server.base, paths, connections=connections, seconds=seconds, required=required)
    result["peak_rss_mib"] = round(server.sample_stop(), 1)
    result["load_before"], result["load_after"] = before, load()
    return result


def results_dir() -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    return RESULTS
