#!/usr/bin/env bash
# Checks the few system packages a fresh Debian machine may lack (venv for Python, npm for
# front-end packages, fonts for PDFs, LibreOffice Writer for checking DOCX documents) and
# installs them with apt-get when run as root; otherwise says how.
set -euo pipefail
PYTHON=${PYTHON:-python3}
missing=()
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
  echo "Chủ Lực cần Python 3.11 trở lên (đang có: $("$PYTHON" --version 2>&1))." >&2; exit 1; }
"$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || missing+=("python3-venv")
command -v npm >/dev/null 2>&1 || missing+=("npm")
# Vietnamese text in generated PDFs needs a font with its diacritics (DejaVu Sans).
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=("fonts-dejavu-core")
# The benchmarks (`make bench`, `make soak`; BENCH=1) load the server with wrk; `make run` never asks.
[ "${BENCH:-}" != 1 ] || command -v wrk >/dev/null 2>&1 || missing+=("wrk")
# DOCX documents are set in Times New Roman (Nghị định 30); LibreOffice substitutes Liberation
# Serif, whose version 2 has every Vietnamese letter (version 1 lacks the stacked diacritics).
[ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] ||
  missing+=("fonts-liberation2")
# The tests convert the generated DOCX documents (tờ trình, quyết định, biên bản) and XLSX
# workbooks (báo cáo năm) to PDF with LibreOffice: Writer and Calc, without their extras.
lean=()
command -v soffice >/dev/null 2>&1 || lean+=("libreoffice-writer-nogui")
ls /usr/lib/libreoffice/program/libsclo.so >/dev/null 2>&1 || lean+=("libreoffice-calc-nogui")
all=("${missing[@]}" "${lean[@]}")
if [ ${#all[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Cài gói hệ thống còn thiếu: ${all[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ ${#lean[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${lean[@]}" >/dev/null
  fi
else
  how=()
  [ ${#missing[@]} -eq 0 ] || how+=("sudo apt-get install ${missing[*]}")
  [ ${#lean[@]} -eq 0 ] || how+=("sudo apt-get install --no-install-recommends ${lean[*]}")
  echo "Thiếu gói hệ thống: ${all[*]}. Hãy chạy: $(IFS=';'; echo "${how[*]}" | sed 's/;/; /g')" >&2
  exit 1
fi
