"""Certificates per second for a decision of 1,000 certificates: the background step that
renders every certificate's PDF (A4, DejaVu Serif, a QR code to the verification page) and
stores it.

    .venv/bin/python bench/certificates.py [--certificates 1000] [--top 10] [--runs 3] [--keep]

1. Builds one decided campaign (``bench/public_data.py``): ``certificates − top`` recognised
   products, the first ``top`` of them Top (two certificates each), so the decision holds
   exactly ``--certificates`` certificates; in a throwaway PostgreSQL database
   ``chuluc_tp_certificates``.
2. Runs, each time in a fresh process (its ``ru_maxrss`` is its own), interleaved:

   * **platform**: ``certificate_files_regenerate(decision=…)``, the work the task
     ``build_decision_products`` does after a decision (``certificate_files_store``) for
     every certificate: read the certificates, render each PDF, store the file
     (``MEDIA_ROOT``), then point the rows at the files in one transaction;
   * **render only**: ``certificate_pdf`` for each certificate, nothing stored (how much of
     the time is the drawing);
   * **floor**: a page of the same size with one line in the same font, per certificate
     (what reportlab costs for a page at all).

3. Checks each stored PDF is a PDF holding its certificate's number, writes
   ``bench/results/certificates.json`` and drops the database unless ``--keep``.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import time
from pathlib import Path

from django.core.management import call_command
from reportlab.pdfgen import canvas

from chuluc.core.documents import FONT_DIR, pdf_fonts

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from scale_env import (  # noqa: E402 - bench/ on the path first
    DATA_DIR,
    RESULTS,
    calibration,
    database_create,
    database_drop,
    django_env,
    django_setup,
    emit,
    emit_measured,
    load,
    machine,
    maxrss_mib,
    run_child,
    summary,
)

DATABASE = "chuluc_tp_certificates"
IMPLEMENTATIONS = ("platform", "render", "floor")
MEDIA = DATA_DIR / "certificates-media"


def _args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--certificates", type=int, default=1_000)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--phase", choices=["generate", *IMPLEMENTATIONS], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--decision", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --------------------------------------------------------------------------- children


def _generate(args: argparse.Namespace) -> dict:
    from public_data import Shape, generate

    call_command("migrate", verbosity=0, interactive=False)
    shape = Shape(years=1, per_year=args.certificates - args.top, top=args.top)
    data = generate(shape)
    if data["certificates"] != args.certificates:
        raise SystemExit(f"bench: built {data['certificates']} certificates")
    return data


def _certificates(decision_id: int):
    from chuluc.decisions.models import Certificate

    return list(
        Certificate.objects.filter(recognition__decision_id=decision_id)
        .select_related(
            "recognition__product",
            "recognition__enterprise",
            "recognition__decision__campaign__program",
        )
        .order_by("title", "number")
    )


def _platform(decision_id: int) -> dict:
    from chuluc.decisions import services
    from chuluc.decisions.models import Decision

    decision = Decision.objects.get(pk=decision_id)
    written = services.certificate_files_regenerate(actor=None, decision=decision)
    return {"certificates": written}


def _render(decision_id: int) -> dict:
    from chuluc.decisions.certificates import certificate_pdf

    certificates = _certificates(decision_id)
    size = sum(len(certificate_pdf(c)) for c in certificates)
    return {"certificates": len(certificates), "bytes": size}


def _floor(decision_id: int) -> dict:
    from chuluc.decisions.certificates import PAGE

    certificates = _certificates(decision_id)
    regular, _bold = pdf_fonts(FONT_DIR, "DejaVuSerif")
    size = 0
    for c in certificates:
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=PAGE, pageCompression=1)
        pdf.setFont(regular, 12)
        pdf.drawString(72, 72, f"Số: {c.number}")
        pdf.showPage()
        pdf.save()
        size += len(buffer.getvalue())
    return {"certificates": len(certificates), "bytes": size}


def _check(decision_id: int) -> dict:
    """Every certificate has a stored PDF that names its number; their total size."""
    from chuluc.decisions.models import Certificate

    size = 0
    for c in Certificate.objects.filter(recognition__decision_id=decision_id):
        with c.pdf.open("rb") as handle:
            content = handle.read()
        if not content.startswith(b"%PDF-") or not c.pdf_generated_at:
            raise SystemExit(f"bench: certificate {c.number} has no PDF")
        size += len(content)
    return {"bytes": size}


def _child(args: argparse.Namespace) -> None:
    django_setup(args.url, MEDIA_ROOT=str(MEDIA))
    if args.phase == "generate":
        emit(_generate(args))
        return
    measure = {"platform": _platform, "render": _render, "floor": _floor}[args.phase]
    before_rss, load_before = maxrss_mib(), load()
    _certificates(args.decision)  # connection and the models' first query outside the clock
    started, cpu = time.perf_counter(), time.process_time()
    result = measure(args.decision)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if args.phase == "platform":
        result.update(_check(args.decision))
    emit_measured(
        {**result, "per_second": result["certificates"] / seconds},
        seconds=seconds,
        cpu=cpu,
        setup_rss=before_rss,
        load_before=load_before,
    )


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    if args.phase:
        _child(args)
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    started_at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    context = {"load_start": load(), "calibration_s": calibration()}
    url = database_create(DATABASE)
    env = django_env(url, MEDIA_ROOT=str(MEDIA))
    shape = ["--certificates", str(args.certificates), "--top", str(args.top)]
    runs: dict[str, list[dict]] = {name: [] for name in IMPLEMENTATIONS}
    try:
        print(f"generating a decision of {args.certificates:,} certificates …", flush=True)
        data = run_child([__file__, "--phase", "generate", "--url", url, *shape], env=env)
        decision = str(data["decisions"][0])
        for run in range(args.runs):
            for name in IMPLEMENTATIONS:
                result = run_child(
                    [__file__, "--phase", name, "--url", url, "--decision", decision, *shape],
                    env=env,
                )
                runs[name].append(result)
                print(
                    f"  run {run + 1} {name:<8} {result['seconds']:6.1f} s (CPU "
                    f"{result['cpu_seconds']:.1f} s)  "
                    f"{result['per_second']:6.1f} certificates/s  maxrss "
                    f"{result['maxrss_mib']:.0f} MiB  load {result['load_before']:.1f}→"
                    f"{result['load_after']:.1f}",
                    flush=True,
                )
    finally:
        if not args.keep:
            database_drop(DATABASE)
            shutil.rmtree(MEDIA, ignore_errors=True)
    implementations = {
        name: {
            "per_second": summary([r["per_second"] for r in results]),
            "seconds": summary([r["seconds"] for r in results]),
            "cpu_seconds": summary([r["cpu_seconds"] for r in results]),
            "maxrss_mib": max(r["maxrss_mib"] for r in results),
            "maxrss_setup_mib": max(r["maxrss_setup_mib"] for r in results),
            "mean_pdf_kib": results[0].get("bytes", 0) / 1024 / args.certificates,
            "load": [[r["load_before"], r["load_after"]] for r in results],
        }
        for name, results in runs.items()
    }
    record = {
        "benchmark": "certificates",
        "date": started_at,
        "command": " ".join(
            ["bench/certificates.py", *(argv if argv is not None else sys.argv[1:])]
        ),
        "machine": machine(),
        "context": {**context, "load_end": load()},
        "certificates": args.certificates,
        "top": args.top,
        "implementations": implementations,
        "ratio_to_floor": implementations["floor"]["per_second"]["median"]
        / implementations["platform"]["per_second"]["median"],
    }
    out = RESULTS / "certificates.json"
    out.write_text(json.dumps(record, indent=2))
    for name, i in implementations.items():
        print(
            f"{name:<8} median {i['per_second']['median']:7.1f} certificates/s (spread "
            f"{i['per_second']['spread']:.0%}), {i['seconds']['median']:.1f} s, maxrss "
            f"{i['maxrss_mib']:.0f} MiB, {i['mean_pdf_kib']:.1f} KiB per PDF"
        )
    print(f"written {out}")


if __name__ == "__main__":
    main()
