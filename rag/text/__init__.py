"""Vietnamese text handling shared by both pipelines: normalisation, sentence splitting,
the lexicon (question words, cues, abbreviations, synonyms, glossary), document numbers
and place names."""
