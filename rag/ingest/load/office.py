"""Old Word ``.doc``, ``.rtf`` and ``.odt``: converted to .docx by LibreOffice headless.

LibreOffice is optional: without it these files fail with a message naming the package.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ...errors import CorruptFile, LoadError
from ..types import Block
from .docx import load_docx

TIMEOUT_S = 120
SUFFIX = {"doc": ".doc", "rtf": ".rtf", "odt": ".odt"}


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, name: str, kind: str) -> bytes:
    """Convert an office file to .docx bytes.

    Raises:
        LoadError: LibreOffice is missing, timed out, or could not read the file.
    """
    program = soffice()
    if program is None:
        raise LoadError(
            name,
            f"{SUFFIX[kind]} files need LibreOffice (apt-get install libreoffice-writer-nogui)",
        )
    with tempfile.TemporaryDirectory(prefix="rag-office-") as tmp:
        src = Path(tmp) / f"input{SUFFIX[kind]}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"  # a private profile: parallel runs do not collide
        cmd = [
            program,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired as exc:
            raise LoadError(name, f"LibreOffice took longer than {TIMEOUT_S} s") from exc
        except subprocess.CalledProcessError as exc:
            raise CorruptFile(
                name,
                f"LibreOffice could not convert it: {exc.stderr.decode(errors='replace')[:200]}",
            ) from exc
        out = Path(tmp) / "input.docx"
        if not out.exists():
            raise CorruptFile(name, "LibreOffice could not read the file")
        return out.read_bytes()


def load_office(kind: str) -> object:
    """A loader for one office kind (``doc``, ``rtf``, ``odt``)."""

    def load(data: bytes, name: str) -> tuple[list[Block], list[str]]:
        blocks, notes = load_docx(to_docx(data, name, kind), name)
        return blocks, [*notes, f"converted from {SUFFIX[kind]} with LibreOffice"]

    return load
