#!/usr/bin/env bash
# The system packages Chủ Lực needs on a Debian or Ubuntu machine, by purpose:
#
#   run      `make run`: venv for Python, npm for the front-end packages, DejaVu fonts for the
#            PDFs (Vietnamese diacritics).
#   test     `make test`: run's, plus LibreOffice Writer and Calc without their GUI (the tests
#            convert the generated DOCX and XLSX documents to PDF) and Liberation Serif 2 (what
#            LibreOffice sets Times New Roman in).
#   browser  `make test-browser`: test's, plus Debian's Chromium.
#   bench    `make bench`, `make soak-load`: run's, plus wrk (the HTTP load client).
#
#   scripts/system-deps.sh [--plan] [PURPOSE...]     (no purpose: run; BENCH=1: bench)
#
# It checks what is present, says what it would install and why, and installs the rest with
# apt-get when run as root; otherwise it prints the exact command to run and stops (exit 1).
# Before apt-get it waits for the package manager's locks (unattended upgrades on a fresh
# server hold them for minutes) up to SYSTEM_DEPS_LOCK_TIMEOUT seconds (600), saying so.
# --plan (or PLAN=1) prints the plan and the commands, waits for the locks as an install would,
# and installs nothing. The lock files are SYSTEM_DEPS_DPKG_LOCK (/var/lib/dpkg/lock-frontend)
# and SYSTEM_DEPS_APT_LISTS_LOCK (/var/lib/apt/lists/lock); the tests point them elsewhere.
set -euo pipefail

PYTHON=${PYTHON:-python3}
LOCK_TIMEOUT=${SYSTEM_DEPS_LOCK_TIMEOUT:-600}
DPKG_LOCK=${SYSTEM_DEPS_DPKG_LOCK:-/var/lib/dpkg/lock-frontend}
LISTS_LOCK=${SYSTEM_DEPS_APT_LISTS_LOCK:-/var/lib/apt/lists/lock}
plan=${PLAN:-0}
[ "$plan" = 1 ] || plan=0

usage() {
  echo "usage: scripts/system-deps.sh [--plan] [run|test|browser|bench ...]"
}

purposes=()
for arg in "$@"; do
  case $arg in
    --plan | -n) plan=1 ;;
    -h | --help) usage && exit 0 ;;
    run | test | browser | bench) purposes+=("$arg") ;;
    *) usage >&2 && exit 2 ;;
  esac
done
if [ ${#purposes[@]} -eq 0 ]; then
  # `BENCH=1 scripts/system-deps.sh` was how the bench targets asked before purposes existed.
  if [ "${BENCH:-}" = 1 ]; then purposes=(bench); else purposes=(run); fi
fi

"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
  echo "Chủ Lực cần Python 3.11 trở lên (đang có: $("$PYTHON" --version 2>&1))." >&2
  exit 1
}

# The packages of the purposes asked for, in order, each once, with why and whether present.
packages=()
declare -A reason present
want() { # want PACKAGE REASON CHECK...
  local name=$1 why=$2
  shift 2
  [ -z "${reason[$name]+x}" ] || return 0
  packages+=("$name")
  reason[$name]=$why
  if "$@" >/dev/null 2>&1; then present[$name]=1; else present[$name]=0; fi
}
has_file() { [ -f "$1" ]; }
has_command() { command -v "$1"; }
has_venv() { "$PYTHON" -c 'import ensurepip, venv'; }

want_run() {
  want python3-venv "tạo môi trường Python .venv (make run)" has_venv
  want npm "cài các gói front-end: htmx, Chart.js (npm ci)" has_command npm
  # Vietnamese text in the generated PDFs needs a font with its diacritics (DejaVu Sans, Serif).
  want fonts-dejavu-core "phông DejaVu có đủ dấu tiếng Việt cho các tệp PDF" \
    has_file /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
}
want_test() {
  want_run
  # The tests convert the generated DOCX documents (tờ trình, quyết định, biên bản) and XLSX
  # workbooks (báo cáo năm) to PDF with LibreOffice: Writer and Calc, without their GUI.
  want libreoffice-writer-nogui "bộ kiểm thử chuyển tệp DOCX sang PDF (LibreOffice Writer)" \
    has_command soffice
  want libreoffice-calc-nogui "bộ kiểm thử chuyển tệp XLSX sang PDF (LibreOffice Calc)" \
    has_file /usr/lib/libreoffice/program/libsclo.so
  # DOCX documents are set in Times New Roman (Nghị định 30); LibreOffice substitutes Liberation
  # Serif, whose version 2 has every Vietnamese letter (version 1 lacks the stacked diacritics).
  want fonts-liberation2 "phông thay Times New Roman khi LibreOffice dựng tệp DOCX" \
    has_file /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf
}
want_browser() {
  want_test
  want chromium "trình duyệt cho các phép thử giao diện (make test-browser)" \
    test -x /usr/bin/chromium
}
want_bench() {
  want_run
  want wrk "máy tạo tải HTTP cho make bench, make soak-load" has_command wrk
}
for purpose in "${purposes[@]}"; do "want_$purpose"; done

missing=()
for name in "${packages[@]}"; do
  [ "${present[$name]}" = 1 ] || missing+=("$name")
done
targets=$(printf 'make %s, ' "${purposes[@]}" | sed -e 's/make browser/make test-browser/' \
  -e 's/, $//')

# One time limit for all the waiting: each wait, and apt-get's own for the dpkg lock, gets
# what is left of it.
started=$SECONDS
remaining() {
  local left=$((LOCK_TIMEOUT - (SECONDS - started)))
  [ "$left" -gt 0 ] || left=1
  echo "$left"
}

# Waits until no process holds a POSIX lock on any of the given files, as apt and dpkg take them
# (fcntl), saying who holds it; fails when the time limit is spent. A lock file this user cannot
# open (not root) or that does not exist is not waited for.
wait_for_locks() {
  "$PYTHON" - "$(remaining)" "$@" <<'EOF'
import fcntl, os, struct, sys, time

timeout, paths = float(sys.argv[1]), sys.argv[2:]


def holder(path):
    """The process holding a lock on path ("1234 (apt-get)", "?"), or None if it is free."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        query = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        kind, _, _, _, pid = struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, query))
    finally:
        os.close(fd)
    if kind == fcntl.F_UNLCK:
        return None
    try:
        with open(f"/proc/{pid}/comm") as comm:
            return f"{pid} ({comm.read().strip()})"
    except OSError:
        return str(pid) if pid > 0 else "?"


start = time.monotonic()
waited = False
said = 0.0
while True:
    busy = [(path, who) for path in paths if (who := holder(path)) is not None]
    elapsed = time.monotonic() - start
    if not busy:
        if waited:
            print(f"Trình quản lý gói đã rảnh sau {elapsed:.0f} giây; tiếp tục.", flush=True)
        sys.exit(0)
    path, who = busy[0]
    if elapsed >= timeout:
        print(
            f"Trình quản lý gói vẫn bận sau {timeout:.0f} giây ({path} do tiến trình {who} giữ)."
            " Hãy chạy lại khi nó xong, hoặc chờ lâu hơn với SYSTEM_DEPS_LOCK_TIMEOUT=giây.",
            file=sys.stderr,
            flush=True,
        )
        sys.exit(1)
    if not waited:
        print(
            f"Trình quản lý gói đang bận: {path} do tiến trình {who} giữ (có thể là bản cập nhật"
            f" tự động). Đang chờ nó xong, tối đa {timeout:.0f} giây…",
            flush=True,
        )
        waited, said = True, elapsed
    elif elapsed - said >= 30:
        print(f"… vẫn đang chờ ({elapsed:.0f} giây, {path}: tiến trình {who}).", flush=True)
        said = elapsed
    time.sleep(1)
EOF
}

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo "
install_cmd="${sudo}apt-get install -y --no-install-recommends ${missing[*]}"
commands="${sudo}apt-get update && $install_cmd"

if [ "$plan" = 0 ] && [ ${#missing[@]} -eq 0 ]; then exit 0; fi

echo "Gói hệ thống cho $targets:"
for name in "${packages[@]}"; do
  if [ "${present[$name]}" = 1 ]; then state="đã có  "; else state="cần cài"; fi
  printf '  %-26s %s  %s\n' "$name" "$state" "${reason[$name]}"
done

if [ "$plan" = 1 ]; then
  if [ ${#missing[@]} -eq 0 ]; then
    echo "Kế hoạch: không cần cài gì."
  else
    echo "Kế hoạch: cài ${missing[*]} bằng lệnh: $commands"
  fi
  wait_for_locks "$DPKG_LOCK" "$LISTS_LOCK" || exit 1
  echo "Chế độ kế hoạch (--plan): không cài gì."
  exit 0
fi

if [ -n "$sudo" ] || ! command -v apt-get >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "Cần quyền root để cài ${missing[*]}. Hãy chạy: $commands" >&2
    echo "rồi chạy lại $targets." >&2
  else
    echo "Không có apt-get: hãy cài bằng trình quản lý gói của hệ thống các gói tương đương" \
      "với ${missing[*]}, rồi chạy lại $targets." >&2
  fi
  exit 1
fi

echo "Cài ${missing[*]} bằng apt-get (gói Debian, không kèm gói gợi ý)."
export DEBIAN_FRONTEND=noninteractive
wait_for_locks "$DPKG_LOCK" "$LISTS_LOCK" || exit 1
# apt-get does not wait for the lists lock itself: if another update took it between the wait
# and this one, wait again.
for attempt in 1 2 3; do
  apt-get -o DPkg::Lock::Timeout="$(remaining)" update -qq && break
  [ "$attempt" -lt 3 ] || exit 1
  wait_for_locks "$DPKG_LOCK" "$LISTS_LOCK" || exit 1
done
wait_for_locks "$DPKG_LOCK" || exit 1
apt-get -o DPkg::Lock::Timeout="$(remaining)" install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null
echo "Đã cài ${missing[*]}."
