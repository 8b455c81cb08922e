"""The DOCX writer of the decisions part's official documents (``documents`` builds what they
say): one layout in the state format of Nghị định 30/2020/NĐ-CP for the memo and the
decision: letterhead, title and subject, addressee or issuing authority, "Căn cứ" lines,
body (headings, paragraphs, articles), "Nơi nhận" beside the signature block, then each
annex on a new page with its own title, reference line and table."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from chuluc.core.documents import (
    blank,
    centered,
    document_bytes,
    grid,
    heading,
    letterhead,
    line,
    new_document,
    new_page_section,
    recipients_block,
    signature_table,
    signer_block,
)


def _article(doc, label: str, text: str) -> None:
    paragraph = doc.add_paragraph()
    line(paragraph, label, bold=True)
    line(paragraph, f" {text}")


def _annex(doc, annex: dict) -> None:
    new_page_section(doc)
    centered(doc, annex["title"])
    centered(doc, annex["subject"])
    centered(doc, annex["reference"], bold=False, italic=True, size=13, space_after=12)
    if annex["rows"]:
        grid(doc, annex["header"], annex["rows"], annex["widths"])
    else:
        doc.add_paragraph(annex.get("empty", "Không có sản phẩm nào."))


def write_official_docx(document: dict) -> bytes:
    doc = new_document()
    head = document["letterhead"]
    letterhead(
        doc,
        parent=head["parent"],
        issuer=head["issuer"],
        number=document["number"],
        date_line=document["date_line"],
    )
    blank(doc)
    centered(doc, document["title"])
    centered(doc, document["subject"], space_after=12)
    if document["addressee"]:
        centered(doc, document["addressee"], bold=False, space_after=12)
    if document["authority"]:
        centered(doc, document["authority"], space_after=12)
    for text in document["basis"]:
        line(doc.add_paragraph(), text, italic=True)
    for kind, *parts in document["body"]:
        if kind == "heading":
            heading(doc, parts[0])
        elif kind == "decides":
            centered(doc, parts[0], space_after=6)
        elif kind == "article":
            _article(doc, *parts)
        else:
            doc.add_paragraph(parts[0])
    blank(doc)
    signer = document["signer"]
    signature_table(
        doc,
        [
            recipients_block(document["recipients"]),
            signer_block(signer["authority"], signer["name"]),
        ],
        widths_cm=[8.0, 8.5],
        aligns=[WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER],
    )
    for annex in document["annexes"]:
        _annex(doc, annex)
    return document_bytes(doc)
