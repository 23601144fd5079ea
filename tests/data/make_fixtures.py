"""Regenerate the committed loader fixtures from a shipped document (needs LibreOffice).

    python tests/data/make_fixtures.py

Also ``--scanned`` (an image-only PDF of page 3, for OCR) and ``--signed``
(``signed_report.pdf``: a report whose last page holds only the signature block, an
image of the signature beside a short but real text layer, which must not be OCR'd).
``bao_lam.doc``, ``.odt`` and ``.rtf`` were made from ``bao_lam.docx`` with
``soffice --headless --convert-to doc|odt|rtf``.

Writes ``bao_lam.docx`` and ``bao_lam.pdf`` (from ``001_…txt``: headings, paragraphs and
one table of figures taken from the text), ``bao_lam.html`` (the same article inside
site chrome) and the bad inputs. Run from the repository root.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent.parent / "docs_corpus" / "001_ce3986df2ff70fe6.txt"
TABLE = [
    ("Chỉ tiêu", "Kết quả"),
    ("Lớp tập huấn tổ chức từ năm 2012", "trên 500 lớp"),
    ("Lượt người được hướng dẫn", "trên 40.000 lượt"),
]


def markdown_to_html(text: str) -> str:
    body = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block:
            continue
        block = re.sub(r"\*{1,2}", "", block)
        m = re.match(r"^(#{1,6})\s+(.*)$", block, re.S)
        if m:
            level = min(len(m.group(1)), 4)
            body.append(f"<h{level}>{html.escape(m.group(2).strip())}</h{level}>")
        else:
            body.append(f"<p>{html.escape(' '.join(block.split()))}</p>")
        if "500 lớp tập huấn" in block:
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in TABLE
            )
            body.append(f"<table border='1'>{rows}</table>")
    return "<html><head><meta charset='utf-8'></head><body>" + "\n".join(body) + "</body></html>"


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    page = markdown_to_html(SOURCE.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bao_lam.html"
        src.write_text(page, encoding="utf-8")
        for target, filt in (
            ("docx", "docx:MS Word 2007 XML"),
            ("pdf", "pdf:writer_web_pdf_Export"),
        ):
            subprocess.run(
                [soffice, "--headless", "--convert-to", filt, "--outdir", tmp, str(src)],
                check=True,
                capture_output=True,
                timeout=180,
            )
            shutil.copy(Path(tmp) / f"bao_lam.{target}", HERE / f"bao_lam.{target}")
    chrome = (
        "<html><head><meta charset='utf-8'><title>Cổng thông tin</title></head><body>"
        "<nav><ul><li><a href='/'>Trang chủ</a></li><li><a href='/tin'>Tin tức</a></li></ul></nav>"
        "<form><input placeholder='Tìm kiếm thông tin'></form>"
        "<article>" + page.split("<body>")[1].split("</body>")[0] + "</article>"
        "<aside>Thống kê truy cập: Truy cập tổng 8.612.913</aside>"
        "<footer>Bản quyền thuộc Huyện ủy Bảo Lâm</footer></body></html>"
    )
    (HERE / "bao_lam.html").write_text(chrome, encoding="utf-8")
    pdf = (HERE / "bao_lam.pdf").read_bytes()
    (HERE / "corrupt.pdf").write_bytes(pdf[: len(pdf) // 3])
    (HERE / "empty.txt").write_bytes(b"")
    (HERE / "garbage.txt").write_bytes(bytes(range(256)) * 8)
    (HERE / "notes.xyz").write_text("not a supported type", encoding="utf-8")


def make_scanned() -> None:
    """``scanned.pdf``: page 3 of bao_lam.pdf rendered to an image, saved as image-only PDF."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(HERE / "bao_lam.pdf"))
    image = pdf[2].render(scale=200 / 72).to_pil().convert("L")
    image.save(HERE / "scanned.pdf", "PDF", resolution=200.0)
    pdf.close()


SIGNED_HEADER = [
    "ỦY BAN NHÂN DÂN",
    "HUYỆN QUỲNH LƯU",
    "Số: 45/BC-UBND",
    "Quỳnh Lưu, ngày 5 tháng 3 năm 2022",
]
SIGNED_TITLE = "Kết quả thực hiện Chương trình chuyển đổi số giai đoạn 2021 - 2025"


def make_signed() -> None:
    """``signed_report.pdf``: page 1 the report, page 2 only its signature block.

    Page 2's text layer is a role line and a name (short, real); a small signature image
    sits between them, as in signed copies. Made by LibreOffice from HTML.
    """
    from PIL import Image, ImageDraw

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        sign = Image.new("RGB", (240, 90), "white")
        ImageDraw.Draw(sign).line([(10, 70), (60, 20), (110, 75), (170, 15), (230, 60)], "blue", 4)
        sign.save(Path(tmp) / "sign.png")
        body = (
            "Thực hiện Kế hoạch số 112/KH-UBND ngày 01/3/2021 của UBND tỉnh Nghệ An về chuyển "
            "đổi số, UBND huyện Quỳnh Lưu báo cáo kết quả thực hiện như sau:"
        )
        result = " ".join(["Năm 2021 huyện đã đưa vào sử dụng hệ thống một cửa điện tử."] * 12)
        page = (
            "<html><head><meta charset='utf-8'></head><body>"
            + "".join(f"<p><b>{html.escape(x)}</b></p>" for x in SIGNED_HEADER)
            + "<p align='center'><b>BÁO CÁO</b></p>"
            + f"<p align='center'><b>{html.escape(SIGNED_TITLE)}</b></p>"
            + f"<p>{html.escape(body)}</p><p><b>I. KẾT QUẢ</b></p><p>{html.escape(result)}</p>"
            + "<p style='page-break-before: always'><b>KT. CHỦ TỊCH</b></p>"
            + "<p><b>PHÓ CHỦ TỊCH</b></p><p><img src='sign.png' width='120' height='45'></p>"
            + "<p><b>Lê Quang Trung</b></p></body></html>"
        )
        src = Path(tmp) / "signed_report.html"
        src.write_text(page, encoding="utf-8")
        subprocess.run(
            [
                soffice,
                "--headless",
                "--convert-to",
                "pdf:writer_web_pdf_Export",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.copy(Path(tmp) / "signed_report.pdf", HERE / "signed_report.pdf")


if __name__ == "__main__":
    import sys

    if "--scanned" in sys.argv:
        make_scanned()
    elif "--signed" in sys.argv:
        make_signed()
    else:
        main()
