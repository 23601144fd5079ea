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


class ConfigError(RagError):
    """A setting has a value that cannot work."""
