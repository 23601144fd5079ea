"""Metadata accuracy per field on vbpl-dev (catalogue labels) and on the shipped corpus.

    python bench/metadata.py [--failures] [--held-out] [--data DIR]

vbpl-dev is split by the first hex digit of ``sha256(file name)``: even is the tuning
half, odd the held-out half. Rules are changed looking at tuning failures only:
``--failures`` lists the tuning half's failures, and the held-out half's only with
``--held-out``. Both halves are always scored.

Fields scored against the catalogue:

* number: exact after :func:`rag.text.codes.number_key` (zero padding, look-alike
  letters, spaces), over every labelled document and over those whose printed number
  agrees with the catalogue (``number_in_text_agrees``);
* doc_type: the type word, case-insensitively;
* title: exact after case, space and end-punctuation folding, and mean token F1.

Signers are not labelled; the script counts those found and lists any that does not
look like a person's name (:func:`looks_like_person`) or does not open with a common
family name (:func:`has_known_surname`, a check independent of the extraction rules).
The shipped corpus is scored against the expected values of ``tests/rag/test_metadata.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import statistics
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.types import DocMeta  # noqa: E402
from rag.ingest.load import load_path  # noqa: E402
from rag.ingest.metadata import extract_metadata  # noqa: E402
from rag.ingest.pipeline import normalize_blocks  # noqa: E402
from rag.text.codes import number_key  # noqa: E402
from rag.text.names import has_known_surname, looks_like_person  # noqa: E402
from rag.text.normalize import normalize_line, syllables  # noqa: E402

VBPL = ROOT.parent / "shared" / "data" / "vbpl-dev"
CORPUS = ROOT / "docs_corpus"
log = logging.getLogger("bench.metadata")


@dataclass(frozen=True)
class Scored:
    """One document's extraction beside its label."""

    file: str
    half: str
    meta: DocMeta
    label: dict[str, object]


def half_of(file_name: str) -> str:
    """``tuning`` when the first hex digit of sha256(file name) is even, else ``held-out``."""
    digit = int(hashlib.sha256(file_name.encode("utf-8")).hexdigest()[0], 16)
    return "tuning" if digit % 2 == 0 else "held-out"


def extract(path: Path) -> DocMeta:
    """The metadata the pipeline would store for one file."""
    texts = [b.text for b in normalize_blocks(load_path(path).blocks)]
    meta, _ = extract_metadata(texts, "\n\n".join(texts))
    return meta


def title_form(title: str | None) -> str:
    """A title for comparison: NFC, classic tones, case-folded, single spaces, no end dots."""
    if not title:
        return ""
    text = normalize_line(title).casefold()
    text = re.sub(r"[“”\"]", '"', text)
    text = re.sub(r"\s*[-–—]\s*", " - ", text)  # dashes of any width, spaced or not
    text = re.sub(r",(?=\w)", ", ", text)
    return " ".join(text.split()).strip(" .;:,")


def token_f1(got: str | None, want: str | None) -> float:
    """Token F1 between two titles (syllables, case-folded)."""
    a, b = Counter(syllables(title_form(got))), Counter(syllables(title_form(want)))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def score_vbpl(data: Path) -> list[Scored]:
    """Extract every labelled document of a vbpl folder."""
    out = []
    for line in (data / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        path = data / label["file"]
        out.append(Scored(path.name, half_of(path.name), extract(path), label))
    return out


def _rate(values: Iterable[bool]) -> str:
    items = list(values)
    if not items:
        return "—"
    return f"{100 * sum(items) / len(items):5.1f} % ({sum(items)}/{len(items)})"


def text_has_title(doc: Scored, data: Path = VBPL) -> bool:
    """True when the catalogue title is printed as whole lines near the document's top.

    When it is not, the catalogue reworded, shortened or mistyped it (or the file holds
    another text): no rule reading the text can give it, and a miss is a label-side
    failure. A title found exactly counts as printed.
    """
    want = title_form(str(doc.label["title"]))
    if title_form(doc.meta.title) == want:
        return True
    path = data / str(doc.label["file"])
    lines = path.read_text(encoding="utf-8").split("\n")[:40]
    for i in range(len(lines)):
        for j in range(i + 1, min(i + 9, len(lines) + 1)):
            if title_form(" ".join(lines[i:j])) == want:
                return True
    return False


def vbpl_checks(doc: Scored) -> dict[str, bool]:
    """Field → correct, for one labelled document."""
    m, lab = doc.meta, doc.label
    return {
        "number": number_key(m.number or "") == number_key(str(lab["number"])),
        "doc_type": (m.doc_type or "").casefold() == str(lab["doc_type"]).casefold(),
        "title": title_form(m.title) == title_form(str(lab["title"])),
    }


def vbpl_table(docs: list[Scored]) -> None:
    """Print accuracy per field for each half."""
    halves = {"tuning": [d for d in docs if d.half == "tuning"]}
    halves["held-out"] = [d for d in docs if d.half == "held-out"]
    halves["all"] = docs
    rows: dict[str, list[str]] = {}
    for part in halves.values():
        checks = [vbpl_checks(d) for d in part]
        agree = [
            c["number"]
            for d, c in zip(part, checks, strict=True)
            if d.label.get("number_in_text_agrees", True)
        ]
        printed = [c["title"] for d, c in zip(part, checks, strict=True) if text_has_title(d)]
        f1 = [token_f1(d.meta.title, str(d.label["title"])) for d in part]
        signers = [d.meta.signer for d in part if d.meta.signer]
        rows.setdefault("documents", []).append(str(len(part)))
        rows.setdefault("number (all labels)", []).append(_rate(c["number"] for c in checks))
        rows.setdefault("number (text agrees)", []).append(_rate(agree))
        rows.setdefault("doc_type", []).append(_rate(c["doc_type"] for c in checks))
        rows.setdefault("title exact", []).append(_rate(c["title"] for c in checks))
        rows.setdefault("title exact (text has it)", []).append(_rate(printed))
        rows.setdefault("title token-F1 (mean)", []).append(
            f"{statistics.fmean(f1):.3f}" if f1 else "—"
        )
        rows.setdefault("issuer found", []).append(_rate(bool(d.meta.issuer) for d in part))
        rows.setdefault("date found", []).append(_rate(bool(d.meta.date) for d in part))
        rows.setdefault("signer found", []).append(_rate(bool(d.meta.signer) for d in part))
        rows.setdefault("signer not a name", []).append(
            str(sum(not looks_like_person(s) for s in signers))
        )
        rows.setdefault("signer, no common surname", []).append(
            str(sum(not has_known_surname(s) for s in signers))
        )
    print(f"\nvbpl-dev ({VBPL if docs else ''})")
    print(f"{'field':24}" + "".join(f"{h:>26}" for h in halves))
    for field, cells in rows.items():
        print(f"{field:24}" + "".join(f"{c:>26}" for c in cells))


def vbpl_failures(docs: list[Scored], held_out: bool) -> None:
    """Print each failing field with what was found and what the catalogue says."""
    print(f"\nfailures ({'both halves' if held_out else 'tuning half only'}):")
    for doc in docs:
        if doc.half == "held-out" and not held_out:
            continue
        checks = vbpl_checks(doc)
        for field in ("number", "doc_type", "title"):
            if checks[field]:
                continue
            got = getattr(doc.meta, field)
            note = ""
            if field == "number" and not doc.label.get("number_in_text_agrees", True):
                note = "  [label: printed number differs]"
            if field == "title":
                note = f"  [F1 {token_f1(got, str(doc.label['title'])):.2f}]"
                if not text_has_title(doc):
                    note += " [label: not printed in the text]"
            print(f"  {doc.half:8} {doc.file:18} {field:8} got {got!r}")
            print(f"  {'':27} {'':8} want {doc.label[field]!r}{note}")
        signer = doc.meta.signer
        if signer and not (looks_like_person(signer) and has_known_surname(signer)):
            print(f"  {doc.half:8} {doc.file:18} signer   to check: {signer!r}")


def shipped_table() -> None:
    """Accuracy per field on the shipped corpus against the metadata tests' values."""
    from tests.rag.test_metadata import EXPECTED

    hits: dict[str, list[bool]] = {}
    misses = []
    for prefix, expected in sorted(EXPECTED.items()):
        meta = extract(next(CORPUS.glob(f"{prefix}_*.txt"))).to_dict()
        for field, want in expected.items():
            hits.setdefault(field, []).append(meta[field] == want)
            if meta[field] != want:
                misses.append(f"  {prefix} {field}: got {meta[field]!r}, want {want!r}")
    print("\nshipped corpus (docs_corpus/, expected values of tests/rag/test_metadata.py)")
    for field, values in hits.items():
        print(f"{field:24}{_rate(values):>26}")
    for line in misses:
        print(line)


def main() -> None:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=VBPL, help="a vbpl-style folder")
    parser.add_argument("--failures", action="store_true", help="list tuning-half failures")
    parser.add_argument(
        "--held-out", action="store_true", help="with --failures: list held-out ones too"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    docs = score_vbpl(args.data)
    vbpl_table(docs)
    if args.failures:
        vbpl_failures(docs, args.held_out)
    shipped_table()


if __name__ == "__main__":
    main()
