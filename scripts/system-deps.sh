#!/usr/bin/env bash
# Checks the few system packages a fresh Debian machine may lack (venv for Python, npm for
# front-end packages) and installs them with apt-get when run as root; otherwise says how.
set -euo pipefail
PYTHON=${PYTHON:-python3}
missing=()
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
  echo "Chủ Lực cần Python 3.11 trở lên (đang có: $("$PYTHON" --version 2>&1))." >&2; exit 1; }
"$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || missing+=("python3-venv")
command -v npm >/dev/null 2>&1 || missing+=("npm")
# Vietnamese text in generated PDFs needs a font with its diacritics (DejaVu Sans).
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=("fonts-dejavu-core")
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Cài gói hệ thống còn thiếu: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Thiếu gói hệ thống: ${missing[*]}. Hãy chạy: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
