"""scripts/system-deps.sh: the system packages by purpose, and the wait for a busy package
manager (issue 22). The script runs in its plan mode, which installs nothing; the package
manager's locks are pointed at files of the test's own, held by a process the test controls,
so no real apt lock is touched and nothing depends on timing: the lock is released only once
the script has said it is waiting."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "system-deps.sh"
LIBREOFFICE = ("libreoffice-writer-nogui", "libreoffice-calc-nogui")

# Holds a POSIX write lock on argv[1] (as dpkg and apt take theirs), says so, and lets it go
# when a line arrives on its standard input (or the test goes away).
HOLDER = """
import fcntl, sys
with open(sys.argv[1], "w") as handle:
    fcntl.lockf(handle, fcntl.LOCK_EX)
    print("held", flush=True)
    sys.stdin.readline()
"""


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    dpkg, lists = tmp_path / "lock-frontend", tmp_path / "lists-lock"
    dpkg.touch()
    lists.touch()
    return {
        **os.environ,
        "SYSTEM_DEPS_DPKG_LOCK": str(dpkg),
        "SYSTEM_DEPS_APT_LISTS_LOCK": str(lists),
        **extra,
    }


def _plan(tmp_path: Path, *purposes: str) -> str:
    done = subprocess.run(
        ["bash", str(SCRIPT), "--plan", *purposes],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _planned_packages(output: str) -> set[str]:
    """The package names of the plan's table (its lines: two spaces, the name, the state)."""
    return {line.split()[0] for line in output.splitlines() if line.startswith("  ")}


def test_run_plan_installs_no_libreoffice(tmp_path):
    packages = _planned_packages(_plan(tmp_path, "run"))
    assert {"python3-venv", "npm", "fonts-dejavu-core"} <= packages
    assert packages.isdisjoint(LIBREOFFICE)
    assert "chromium" not in packages
    assert "wrk" not in packages


def test_default_purpose_is_run(tmp_path):
    assert _planned_packages(_plan(tmp_path)) == _planned_packages(_plan(tmp_path, "run"))


def test_test_plan_adds_libreoffice_and_its_font(tmp_path):
    packages = _planned_packages(_plan(tmp_path, "test"))
    assert {*LIBREOFFICE, "fonts-liberation2", "python3-venv"} <= packages
    assert "chromium" not in packages


def test_browser_plan_adds_chromium(tmp_path):
    packages = _planned_packages(_plan(tmp_path, "browser"))
    assert {"chromium", *LIBREOFFICE} <= packages


def test_bench_plan_adds_wrk_not_libreoffice(tmp_path):
    packages = _planned_packages(_plan(tmp_path, "bench"))
    assert "wrk" in packages
    assert packages.isdisjoint(LIBREOFFICE)


def test_plan_says_why_and_installs_nothing(tmp_path):
    output = _plan(tmp_path, "test")
    assert "LibreOffice" in output  # each package's reason is printed beside it
    assert "Chế độ kế hoạch (--plan): không cài gì." in output


def test_unknown_purpose_is_refused(tmp_path):
    done = subprocess.run(
        ["bash", str(SCRIPT), "--plan", "everything"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "usage" in done.stderr


@pytest.fixture
def held_lock(tmp_path):
    """The test's dpkg frontend lock, held until the test writes a line to the holder."""
    lock = tmp_path / "lock-frontend"
    lock.touch()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    yield holder
    if holder.poll() is None:
        holder.kill()
    holder.wait(timeout=30)


def test_waits_for_a_busy_package_manager_then_continues(tmp_path, held_lock):
    script = subprocess.Popen(
        ["bash", str(SCRIPT), "--plan", "run"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        seen = []
        for line in script.stdout:
            seen.append(line)
            if "Trình quản lý gói đang bận" in line:
                break
        waiting = seen[-1]
        assert "Trình quản lý gói đang bận" in waiting, "".join(seen)
        assert f"{held_lock.pid} (python" in waiting  # who holds it is named
        held_lock.stdin.write("\n")  # the other installation ends
        held_lock.stdin.flush()
        rest, errors = script.communicate(timeout=120)
    finally:
        if script.poll() is None:
            script.kill()
    assert script.returncode == 0, errors
    assert "Trình quản lý gói đã rảnh" in rest
    assert "Chế độ kế hoạch (--plan): không cài gì." in rest


def test_gives_up_after_the_time_limit_and_says_how_to_wait_longer(tmp_path, held_lock):
    done = subprocess.run(
        ["bash", str(SCRIPT), "--plan", "run"],
        env=_env(tmp_path, SYSTEM_DEPS_LOCK_TIMEOUT="1"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "vẫn bận" in done.stderr
    assert "SYSTEM_DEPS_LOCK_TIMEOUT" in done.stderr


def test_holder_really_locks(tmp_path, held_lock):
    """The fixture's lock is one the script sees: a second lock attempt on it fails."""
    with (tmp_path / "lock-frontend").open("w") as handle, pytest.raises(OSError):
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_without_root_prints_the_exact_command_and_stops(tmp_path):
    """As a user who is not root, on a machine without npm and wrk (a PATH of the test's own,
    where ``id`` says uid 1000): the script names what it would install and the command."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "sed", "apt-get"):
        found = subprocess.run(
            ["bash", "-c", f"command -v {tool}"], capture_output=True, text=True, check=False
        )
        if found.returncode == 0:
            (bin_dir / tool).symlink_to(found.stdout.strip())
    (bin_dir / "id").write_text("#!/bin/sh\necho 1000\n")
    (bin_dir / "id").chmod(0o755)
    env = _env(tmp_path, PATH=str(bin_dir), PYTHON=sys.executable)
    done = subprocess.run(
        [str(bin_dir / "bash"), str(SCRIPT), "bench"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "npm" in done.stdout and "wrk" in done.stdout  # the plan, with the reasons
    if (bin_dir / "apt-get").exists():
        assert "sudo apt-get update && sudo apt-get install -y --no-install-recommends" in (
            done.stderr
        )
        assert "wrk" in done.stderr.split("Hãy chạy:")[1]
    else:
        assert "Không có apt-get" in done.stderr
