"""Diacritics restored to a query typed without them, from the collection's own words.

multilingual-e5 cannot read Vietnamese without diacritics, so an unaccented query is
given back its most likely spelling for the dense channel only (the lexical channel
keeps matching it folded). Each folded syllable may stand for several accented ones
(``dan`` is dân, dẫn, đàn …); a Viterbi pass picks the sequence the collection favours:
syllables weighted by how many passages hold them, neighbours by how many passages hold
the pair.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from .normalize import fold

#: candidates kept per folded syllable (the most frequent spellings)
CANDIDATES = 6
#: the words people ask with: documents rarely write them ("bao nhiêu" is read "báo nhiều"
#: from reports' words), so each phrase counts as if every document wrote it once
QUESTION_VOCABULARY = (
    "bao nhiêu",
    "bao lâu",
    "bao giờ",
    "khi nào",
    "ở đâu",
    "là gì",
    "là ai",
    "ai ký",
    "ai ban hành",
    "như thế nào",
    "ra sao",
    "có phải",
    "hay không",
    "phải không",
    "được không",
    "có không",
    "số mấy",
    "mấy ngày",
    "mấy tháng",
    "mấy năm",
    "mấy lần",
    "phần trăm",
    "tối đa",
    "tối thiểu",
    "ít nhất",
    "nhiều nhất",
    "mỗi năm",
    "mỗi tháng",
    "mỗi lần",
    "một lần",
    "những gì",
    "cái gì",
    "điều gì",
    "tại sao",
    "vì sao",
    "văn bản nào",
    "trường hợp nào",
    "cơ quan nào",
    "đơn vị nào",
    "địa phương nào",
    "bao nhiêu tiền",
    "bao nhiêu người",
    "bao nhiêu tấn",
    "hiện nay",
    "vạn dân",
)
#: a run of plain (unaccented, letters-only) words separated by single spaces
_RUN = re.compile(r"(?<![^\W\d_])[A-Za-z]+(?: [A-Za-z]+)*(?![^\W\d_])")


class DiacriticRestorer:
    """Restores diacritics with syllable and syllable-pair document frequencies.

    Args:
        syllables: (accented syllable, document frequency) pairs of the collection.
        pairs: document frequency of ``a_b`` syllable pairs (accented), by pair.
        pair_weight: how much a seen pair counts against a frequent single syllable.
        seed: phrases of the language of questions, counted as if every document wrote
            them once.
    """

    def __init__(
        self,
        syllables: Iterable[tuple[str, int]],
        pairs: Mapping[str, int],
        pair_weight: float = 4.0,
        seed: Iterable[str] = QUESTION_VOCABULARY,
    ) -> None:
        counts = dict(syllables)
        # (kept apart from the collection's pairs, which are not copied)
        seeded: dict[str, int] = {}
        # the seed phrases' pairs count as if every document wrote them once (their
        # syllables alone do not: "phần" of "phần trăm" must not win "phan dau" from
        # "phấn đấu")
        weight = max(counts.values(), default=1)
        for phrase in seed:
            words = phrase.split()
            for w in words:
                counts.setdefault(w, 1)
            for a, b in zip(words, words[1:], strict=False):
                seeded[f"{a}_{b}"] = weight
        by_folded: dict[str, list[tuple[str, int]]] = {}
        for word, df in counts.items():
            by_folded.setdefault(fold(word), []).append((word, df))
        self.candidates = {
            key: sorted(words, key=lambda w: -w[1])[:CANDIDATES] for key, words in by_folded.items()
        }
        self.pairs = pairs
        self.seeded = seeded
        self.pair_weight = pair_weight

    def _pair(self, key: str) -> int:
        """How many documents hold a syllable pair, a seed phrase's pair counted as all."""
        return max(self.pairs.get(key, 0), self.seeded.get(key, 0))

    def restore(self, text: str) -> str:
        """``text`` with its unaccented words given their likeliest diacritics.

        Words with diacritics, unknown words, numbers, punctuation and spacing are kept
        as they are; runs of words separated by spaces only are decoded together.
        """
        out: list[str] = []
        pos = 0
        for run in _RUN.finditer(text):
            out.append(text[pos : run.start()])
            words = run.group(0).split()
            out.append(" ".join(self._decode(words)))
            pos = run.end()
        out.append(text[pos:])
        return "".join(out)

    def _decode(self, words: list[str]) -> list[str]:
        lows = [w.lower() for w in words]
        options = [self.candidates.get(w, [(w, 0)]) for w in lows]
        # best[i][candidate] = (score, previous candidate)
        best: list[dict[str, tuple[float, str | None]]] = [
            {c: (math.log1p(df), None) for c, df in options[0]}
        ]
        for i in range(1, len(lows)):
            column: dict[str, tuple[float, str | None]] = {}
            for c, df in options[i]:
                column[c] = max(
                    (
                        score
                        + 0.5 * math.log1p(df)
                        + self.pair_weight * math.log1p(self._pair(f"{p}_{c}")),
                        p,
                    )
                    for p, (score, _) in best[-1].items()
                )
            best.append(column)
        choice = max(best[-1], key=lambda c: best[-1][c][0])
        picked = [choice]
        for i in range(len(lows) - 1, 0, -1):
            prev = best[i][choice][1]
            assert prev is not None
            choice = prev
            picked.append(choice)
        picked.reverse()
        return [_case_like(original, new) for original, new in zip(words, picked, strict=True)]


def _case_like(original: str, restored: str) -> str:
    """``restored`` in the letter case of ``original`` (Hà Nội for "Ha Noi")."""
    if original.isupper() and len(original) > 1:
        return restored.upper()
    if original[:1].isupper():
        return restored[:1].upper() + restored[1:]
    return restored
