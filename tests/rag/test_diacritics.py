"""Diacritics restored to unaccented queries from the collection's words."""

from __future__ import annotations

from rag.text.diacritics import DiacriticRestorer

# reports write "báo cáo" and "nhiều" often, "bao nhiêu" almost never
SYLLABLES = [("báo", 50), ("cáo", 45), ("bao", 3), ("nhiều", 40), ("nhiêu", 1)]
SYLLABLES += [("phấn", 5), ("đấu", 5), ("phần", 20), ("đầu", 30), ("trăm", 2)]
PAIRS = {"báo_cáo": 45, "phấn_đấu": 5, "phần_lớn": 8}


def test_question_words_are_restored_though_documents_rarely_write_them() -> None:
    plain = DiacriticRestorer(SYLLABLES, PAIRS, seed=())
    assert plain.restore("bao nhieu") == "báo nhiều"  # what the documents' words favour
    seeded = DiacriticRestorer(SYLLABLES, PAIRS)
    assert seeded.restore("so de tai la bao nhieu phan tram").endswith("bao nhiêu phần trăm")


def test_the_seed_does_not_override_the_collections_phrases() -> None:
    # "phần" of "phần trăm" must not take "phan dau" from "phấn đấu"
    seeded = DiacriticRestorer(SYLLABLES, PAIRS)
    assert seeded.restore("Bim Son phan dau").endswith("phấn đấu")
    assert seeded.restore("bao cao ket qua").startswith("báo cáo")
