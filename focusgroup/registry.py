"""``Registry``: the one shape for "name -> implementation" tables.

Embedding backends, sentiment backends, export formats, file readers, theme edits and app pages were
seven registries in five shapes (a dict filled by a decorator, a literal dict, a list of specs with
"module:function" strings, ...). They are all a ``Registry`` now: a read-only ``Mapping`` (so
``name in reg``, ``reg[name]``, ``sorted(reg)`` work as before) filled by ``register``, whose unknown
names raise a ``KeyError`` that lists the known ones. ``load("module:attr")`` resolves the lazy
entries that keep heavy libraries out of ``--help`` and app start-up.

Adding a backend, format, reader, edit or page is one ``register`` call in the module that implements
it; nothing else is edited (ARCHITECTURE.md, "Where things go").
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar, overload

T = TypeVar("T")


class Registry(Mapping[str, T]):
    """Named implementations of one kind (``kind`` names it in error messages)."""

    def __init__(self, kind: str, items: Mapping[str, T] | None = None) -> None:
        self.kind = kind
        self._items: dict[str, T] = dict(items or {})

    @overload
    def register(self, *names: str) -> Callable[[T], T]: ...
    @overload
    def register(self, *names: str, item: T) -> T: ...

    def register(self, *names: str, item: Any = None) -> Any:
        """``@reg.register("a", "b")`` as a decorator, or ``reg.register("a", item=x)``. A later
        registration of a name replaces the earlier one (a plug-in may override a built-in)."""
        if not names:
            raise TypeError(f"register a {self.kind} under at least one name")

        def add(obj: T) -> T:
            for name in names:
                self._items[name] = obj
            return obj

        return add if item is None else add(item)

    def __getitem__(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            raise KeyError(f"unknown {self.kind} {name!r}; known: {', '.join(self.names())}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def names(self) -> list[str]:
        return sorted(self._items)

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, {self.names()})"


def load(target: str) -> Any:
    """The object a lazy entry names: ``"package.module:attribute"``."""
    module, _, attr = target.partition(":")
    obj = importlib.import_module(module)
    return getattr(obj, attr) if attr else obj
