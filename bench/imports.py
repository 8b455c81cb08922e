"""Spreadsheet import of the register at scale: 100,000 enterprises from one XLSX file, by
the platform, by django-import-export (the peer) and by a raw bulk insert (the floor).

    .venv/bin/python bench/imports.py [--rows 100000] [--runs 3] [--peer-runs 1] [--keep]

1. Writes the file once (``bench/results/import-<rows>.xlsx``, the template's Vietnamese
   headers; reused while it exists): valid tax codes, names with diacritics, ownership,
   VSIC, district, address, the two "in Hanoi" flags (có/không as officers type them),
   website.
2. Migrates a throwaway PostgreSQL database ``chuluc_tp_import``; each run starts from an
   empty register (``TRUNCATE``) in a fresh process, so that its ``ru_maxrss`` is its own.
3. Runs, interleaved, ``--runs`` times each:

   * **platform**: what ``chuluc import_registry FILE --commit`` does: ``read_rows`` (the
     safe XLSX reader), ``plan_import`` (every cell parsed and validated, existing tax codes
     looked up), ``import_rows_commit`` (one transaction: bulk insert of the enterprises and
     of one audit row each);
   * **django-import-export**: a ``ModelResource`` of the same model on the same file
     (``tablib`` reads it), ``import_id_fields = tax_code`` (a known tax code updates the
     row, as the platform does), the model's validators run (``clean_model_instances``),
     the district by code through its ``ForeignKeyWidget``, the Vietnamese yes/no and the
     search key computed as the platform does; ``--peer-runs`` times (it is slow);
   * **floor**: the same reader, then the rows as they are (no parsing, no validation)
     through PostgreSQL's ``COPY``.

4. Checks that the platform and the peer leave the same register (every imported column of
   every row), records time, peak memory and the machine's load, writes
   ``bench/results/imports.json`` and drops the database unless ``--keep``.

Target (issue 8): the platform at least 5× faster than django-import-export.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import openpyxl
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from chuluc.core.spreadsheets import read_rows
from chuluc.core.text import search_key
from chuluc.registry.enums import ImportKind

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from scale_env import (  # noqa: E402 - bench/ on the path first
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
    tax_codes,
)

DATABASE = "chuluc_tp_import"
TARGET_SPEEDUP = 5.0
IMPLEMENTATIONS = ("platform", "peer", "floor")
HEADERS = (
    "Mã số thuế",
    "Tên doanh nghiệp",
    "Tên viết tắt",
    "Loại hình sở hữu",
    "Mã ngành VSIC",
    "Quận/huyện",
    "Địa chỉ",
    "Trụ sở tại Hà Nội",
    "Nhà máy tại Hà Nội",
    "Trang web",
)
COMPARED = (
    "tax_code",
    "name",
    "short_name",
    "ownership",
    "vsic",
    "district_id",
    "address",
    "hq_in_hanoi",
    "factory_in_hanoi",
    "website",
    "search_key",
)


def _args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peer-runs", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--phase", choices=["migrate", *IMPLEMENTATIONS], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --------------------------------------------------------------------------- the file

_FIRMS = ("Công ty CP", "Công ty TNHH", "Công ty TNHH MTV", "Tổng công ty", "Hợp tác xã")
_TRADES = ("Điện tử", "Cơ khí", "Dệt may", "Thực phẩm", "Nhựa", "Gốm sứ", "Dược phẩm", "Thép")
_PLACES = ("Hà Nội", "Thăng Long", "Đông Anh", "Sóc Sơn", "Gia Lâm", "Long Biên", "Hà Đông")
_OWNERSHIP = ("private", "private", "private", "state", "fdi", "collective")
_VSIC = ("1010", "1104", "1392", "2220", "2394", "2410", "2599", "2610", "2740", "2930")


def write_file(path: Path, rows: int, districts: list[str]) -> None:
    """The spreadsheet an officer would upload (openpyxl, write-only)."""
    rng = random.Random(2026)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Doanh nghiệp")
    sheet.append(list(HEADERS))
    for n, code in enumerate(tax_codes(rows, prefix="01")):
        trade, place = rng.choice(_TRADES), rng.choice(_PLACES)
        sheet.append(
            [
                code,
                f"{rng.choice(_FIRMS)} {trade} {place} số {n + 1}",
                f"{trade[:3].upper()}{n + 1}",
                rng.choice(_OWNERSHIP),
                rng.choice(_VSIC),
                rng.choice(districts),
                f"Số {rng.randint(1, 300)} đường {place}",
                "có" if rng.random() < 0.9 else "không",
                "có" if rng.random() < 0.7 else "không",
                f"https://dn{n + 1}.example.vn" if rng.random() < 0.5 else "",
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


# --------------------------------------------------------------------------- children


def _empty_register() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE registry_enterprise, core_auditentry RESTART IDENTITY CASCADE")
        cursor.execute("ANALYZE registry_enterprise")


def _fingerprint() -> tuple[int, str]:
    """Rows in the register and a digest of every imported column of every row."""
    from chuluc.registry.models import Enterprise

    digest = hashlib.blake2b(digest_size=16)
    count = 0
    for row in Enterprise.objects.order_by("tax_code").values_list(*COMPARED).iterator(5_000):
        digest.update(repr(row).encode())
        count += 1
    return count, digest.hexdigest()


def _platform(path: Path) -> dict:
    from chuluc.registry.services import import_rows_commit

    started = time.perf_counter()
    with path.open("rb") as handle:
        rows = read_rows(handle, kind="xlsx", max_rows=settings.IMPORT_MAX_ROWS)
    read = time.perf_counter() - started
    plan, counts = import_rows_commit(
        actor=None, kind=ImportKind.ENTERPRISES, rows=rows, source=path.name
    )
    if plan.issues:
        raise SystemExit(f"bench: the platform rejected {len(plan.issues)} rows: {plan.issues[:3]}")
    return {"read_seconds": read, "created": counts["created"]}


def _peer(path: Path) -> dict:
    import tablib
    from import_export import fields, resources, widgets

    from chuluc.registry.models import District, Enterprise

    class YesNo(widgets.BooleanWidget):
        TRUE_VALUES = ("có", "Có", "x", "1", "true", "TRUE")
        FALSE_VALUES = ("không", "Không", "0", "false", "FALSE")

        def clean(self, value, row=None, **kwargs):
            return value in self.TRUE_VALUES

    text = widgets.CharWidget(allow_blank=True)

    class EnterpriseResource(resources.ModelResource):
        tax_code = fields.Field("tax_code", column_name=HEADERS[0], widget=text)
        name = fields.Field("name", column_name=HEADERS[1], widget=text)
        short_name = fields.Field("short_name", column_name=HEADERS[2], widget=text)
        ownership = fields.Field("ownership", column_name=HEADERS[3], widget=text)
        vsic = fields.Field("vsic", column_name=HEADERS[4], widget=text)
        district = fields.Field(
            "district", column_name=HEADERS[5], widget=widgets.ForeignKeyWidget(District, "code")
        )
        address = fields.Field("address", column_name=HEADERS[6], widget=text)
        hq_in_hanoi = fields.Field("hq_in_hanoi", column_name=HEADERS[7], widget=YesNo())
        factory_in_hanoi = fields.Field("factory_in_hanoi", column_name=HEADERS[8], widget=YesNo())
        website = fields.Field("website", column_name=HEADERS[9], widget=text)

        class Meta:
            model = Enterprise
            import_id_fields = ("tax_code",)
            fields = (
                "tax_code",
                "name",
                "short_name",
                "ownership",
                "vsic",
                "district",
                "address",
                "hq_in_hanoi",
                "factory_in_hanoi",
                "website",
            )
            clean_model_instances = True
            skip_diff = True

        def before_save_instance(self, instance, row, **kwargs):
            instance.search_key = search_key(instance.name, instance.short_name, instance.tax_code)

    started = time.perf_counter()
    with path.open("rb") as handle:
        dataset = tablib.Dataset().load(handle, format="xlsx")
    read = time.perf_counter() - started
    result = EnterpriseResource().import_data(dataset, dry_run=False, use_transactions=True)
    if result.has_errors() or result.has_validation_errors():
        rows = result.invalid_rows[:3] or [r.errors for r in result.rows[:3]]
        raise SystemExit(f"bench: django-import-export failed: {rows}")
    return {"read_seconds": read, "created": result.totals.get("new", 0)}


def _floor(path: Path) -> dict:
    """The rows as read, straight into the table through COPY: no parsing, no checks."""
    from chuluc.registry.models import District

    started = time.perf_counter()
    with path.open("rb") as handle:
        rows = read_rows(handle, kind="xlsx", max_rows=settings.IMPORT_MAX_ROWS)
    read = time.perf_counter() - started
    district = dict(District.objects.values_list("code", "pk"))
    now = timezone.now()
    columns = (
        "tax_code, name, short_name, ownership, vsic, district_id, address, hq_in_hanoi, "
        "factory_in_hanoi, website, email, phone, is_verified, is_demo, is_public_record, "
        "source_url, search_key, created_at, updated_at"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        sql = f"COPY registry_enterprise ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for r in rows[1:]:
                copy.write_row(
                    (
                        *r[:5],
                        district.get(r[5]),
                        r[6],
                        r[7] == "có",
                        r[8] == "có",
                        r[9],
                        "",
                        "",
                        False,
                        False,
                        False,
                        "",
                        "",
                        now,
                        now,
                    )
                )
    return {"read_seconds": read, "created": len(rows) - 1}


def _child(args: argparse.Namespace) -> None:
    django_setup(args.url)
    if args.phase == "migrate":
        from chuluc.registry.models import District

        call_command("migrate", verbosity=0, interactive=False)
        emit({"districts": list(District.objects.values_list("code", flat=True))})
        return
    _empty_register()
    measure = {"platform": _platform, "peer": _peer, "floor": _floor}[args.phase]
    before_rss = maxrss_mib()
    load_before = load()
    started, cpu = time.perf_counter(), time.process_time()
    result = measure(Path(args.file))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    rows, digest = _fingerprint()
    emit_measured(
        {**result, "rows": rows, "digest": digest},
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
    env = django_env(url)
    path = RESULTS / f"import-{args.rows}.xlsx"
    runs: dict[str, list[dict]] = {name: [] for name in IMPLEMENTATIONS}
    try:
        districts = run_child([__file__, "--phase", "migrate", "--url", url], env=env)["districts"]
        if not path.exists():
            print(f"writing {path.name} ({args.rows:,} enterprises) …", flush=True)
            write_file(path, args.rows, districts)
        for run in range(max(args.runs, args.peer_runs)):
            for name in IMPLEMENTATIONS:
                if run >= (args.peer_runs if name == "peer" else args.runs):
                    continue
                argv_child = [__file__, "--phase", name, "--url", url, "--file", str(path)]
                result = run_child(argv_child, env=env)
                runs[name].append(result)
                print(
                    f"  run {run + 1} {name:<9} {result['seconds']:7.1f} s, CPU "
                    f"{result['cpu_seconds']:.1f} s (reading "
                    f"{result['read_seconds']:.1f} s)  {result['rows']:,} rows  maxrss "
                    f"{result['maxrss_mib']:.0f} MiB  load {result['load_before']:.1f}→"
                    f"{result['load_after']:.1f}",
                    flush=True,
                )
    finally:
        if not args.keep:
            database_drop(DATABASE)
    if runs["platform"][0]["digest"] != runs["peer"][0]["digest"]:
        raise SystemExit("bench: the platform and django-import-export left different registers")
    implementations = {
        name: {
            "seconds": summary([r["seconds"] for r in results]),
            "read_seconds": summary([r["read_seconds"] for r in results]),
            "cpu_seconds": summary([r["cpu_seconds"] for r in results]),
            "rows_per_second": args.rows / summary([r["seconds"] for r in results])["median"],
            "maxrss_mib": max(r["maxrss_mib"] for r in results),
            "maxrss_setup_mib": max(r["maxrss_setup_mib"] for r in results),
            "load": [[r["load_before"], r["load_after"]] for r in results],
            "rows": results[0]["rows"],
        }
        for name, results in runs.items()
    }
    ours = implementations["platform"]["seconds"]["median"]
    record = {
        "benchmark": "imports",
        "date": started_at,
        "command": " ".join(["bench/imports.py", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine(),
        "context": {**context, "load_end": load()},
        "rows": args.rows,
        "file_bytes": path.stat().st_size,
        "same_register": True,
        "implementations": implementations,
        "speedup_vs_peer": implementations["peer"]["seconds"]["median"] / ours,
        "ratio_to_floor": ours / implementations["floor"]["seconds"]["median"],
        "target_speedup": TARGET_SPEEDUP,
    }
    record["met"] = record["speedup_vs_peer"] >= TARGET_SPEEDUP
    out = RESULTS / "imports.json"
    out.write_text(json.dumps(record, indent=2))
    for name, i in implementations.items():
        print(
            f"{name:<9} median {i['seconds']['median']:7.1f} s ({i['rows_per_second']:,.0f} rows/s, "
            f"spread {i['seconds']['spread']:.0%}), maxrss {i['maxrss_mib']:.0f} MiB"
        )
    print(
        f"platform {record['speedup_vs_peer']:.1f}× faster than django-import-export "
        f"(target {TARGET_SPEEDUP:.0f}×), {record['ratio_to_floor']:.2f}× the floor\nwritten {out}"
    )


if __name__ == "__main__":
    main()
