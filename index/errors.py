"""Exceptions raised by the storage and retrieval layer; ``StoreError`` is the root."""

from __future__ import annotations


class StoreError(Exception):
    """Root of every error raised by :mod:`index`."""


class DocumentNotFound(StoreError):
    """No document (or passage) has the given id."""

    def __init__(self, ident: str, what: str = "document") -> None:
        hint = " List documents with `rag docs`." if what in ("document", "passage") else ""
        super().__init__(f"No {what} with id {ident!r}.{hint}")
        self.ident = ident
        self.what = what


class IndexNotBuilt(StoreError):
    """The vector index file is missing or unreadable."""


class EmbedderMismatch(StoreError):
    """The vector index was built with another embedder than the one configured."""

    def __init__(self, built_with: str, configured: str) -> None:
        super().__init__(
            f"The vector index was built with embedder {built_with!r} but {configured!r} "
            "is configured. Run `rag reindex` to rebuild it with the configured embedder."
        )
        self.built_with = built_with
        self.configured = configured


class UnknownBackend(StoreError):
    """A backend name is not registered; the message lists the known ones."""

    def __init__(self, kind: str, name: str, choices: list[str]) -> None:
        super().__init__(f"Unknown {kind} {name!r}. Choose one of: {', '.join(choices)}.")
        self.kind = kind
        self.name = name
        self.choices = choices


class EmbedderUnavailable(StoreError):
    """An embedder's optional dependency or model files are missing."""
