"""Exceptions of the pipeline; ``RagError`` is the root, each carries what failed."""

from __future__ import annotations


class RagError(Exception):
    """Root of every error raised by :mod:`rag`."""


class LoadError(RagError):
    """A file could not be turned into a document."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class UnsupportedFileType(LoadError):
    """No loader handles this kind of file."""


class EmptyDocument(LoadError):
    """The file holds no text."""


class DecodeError(LoadError):
    """The bytes are not text in any encoding we accept."""


class CorruptFile(LoadError):
    """The file is damaged or not what its extension says."""


class TooMuchWork(LoadError):
    """The file would cause more work than the limits allow (pages, unpacked size…)."""


class UnknownFilter(RagError):
    """A filter names a place no document or gazetteer entry knows."""

    def __init__(self, field: str, value: str, suggestions: tuple[str, ...] = ()) -> None:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown {field} {value!r}{hint}")
        self.field = field
        self.value = value
        self.suggestions = suggestions


class ConfigError(RagError):
    """A setting has a value that cannot work."""
