"""Where a plan's values are in its file: one interface, two ways of knowing.

Rules report a finding at the line and column of the value it is about. A plan read by the
full loader (or from a spreadsheet) knows every position from the start: a
:class:`MapLocator` over its :class:`~renja_rules.loader.SourceMap`. A plan read by the fast
path (:mod:`renja_rules.fastload`) knows none, and most checks report nothing: a
:class:`TextLocator` finds the positions of just the paths reported, in one pass over the
parse it kept (``prepare``), and reads the whole map from the text only when asked for a path
it did not prepare. The engine asks ``prepare`` for every path it will report, then
``locate``/``position`` for each; nothing else about positions leaks into the plan.
"""

from __future__ import annotations

from typing import Iterable, Protocol

from .errors import RenjaRulesError, SourceLocation
from .fastload import Parsed, locate_paths
from .loader import Limits, Path_, SourceMap, load_yaml_text

__all__ = ["Locator", "MapLocator", "TextLocator"]


class Locator(Protocol):
    """Positions of a plan's values, by JSON path (a tuple of keys and indexes)."""

    def prepare(self, paths: Iterable[Path_], parents: bool = True) -> None:
        """Find these paths' positions in one pass (and, with ``parents``, their parents')."""

    def locate(self, path: Path_) -> SourceLocation:
        """File, line and column of the value at ``path`` (or of its nearest placed parent)."""

    def position(self, path: Path_) -> tuple[int, int] | None:
        """Line and column where the value at ``path`` starts, or ``None`` if there is none."""

    @property
    def full(self) -> SourceMap | None:
        """The complete map, when it has been built (``None`` while positions are found on demand)."""

    def whole(self) -> SourceMap:
        """The complete map, built now if need be."""


class MapLocator:
    """Every position known from the start: the full loader's map, or a spreadsheet's cells."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source

    def prepare(self, paths: Iterable[Path_], parents: bool = True) -> None:
        return None  # all known

    def locate(self, path: Path_) -> SourceLocation:
        return self.source.locate(path)

    def position(self, path: Path_) -> tuple[int, int] | None:
        return self.source.values.get(tuple(path))

    @property
    def full(self) -> SourceMap:
        return self.source

    def whole(self) -> SourceMap:
        return self.source


class TextLocator:
    """Positions found in the text when asked: for a plan the fast path read."""

    def __init__(self, text: str, file: str, limits: Limits | None, parsed: Parsed | None) -> None:
        self.text = text
        self.file = file
        self.limits = limits
        self.parsed = parsed  # rapidyaml's tree, kept from reading: positions are found in it
        self._found = SourceMap(file)  # positions of the paths prepared so far
        self._searched: set[Path_] = set()  # paths whose answer is in _found (absent: not there)
        self._full: SourceMap | None = None

    @property
    def full(self) -> SourceMap | None:
        return self._full

    def whole(self) -> SourceMap:
        """The complete map, read from the text once (a clean file never pays for it)."""
        if self._full is None:
            try:
                self._full = load_yaml_text(self.text, self.file, self.limits)[1]
            except RenjaRulesError:
                # Only reachable if the fast reader accepted what the full one refuses;
                # report without positions rather than stop the run.
                self._full = SourceMap(self.file)
        return self._full

    def prepare(self, paths: Iterable[Path_], parents: bool = True) -> None:
        """With ``parents=False`` the parents of a path that exists are not placed: enough for
        :meth:`locate`, and :meth:`position` of such a parent reads them when asked."""
        if self._full is not None:
            return
        wanted = {tuple(path) for path in paths} - self._searched
        if not wanted:
            return
        located = self._found.values
        located.update(locate_paths(self.text, wanted, self.parsed, parents))
        # The search answered for the parts of each path it looked at (absent means not there):
        # all of them, or from the deepest that exists down.
        for path in wanted:
            size = 0
            if not parents:
                size = len(path)
                while size and path[:size] not in located:
                    size -= 1
            self._searched.update(path[:end] for end in range(size, len(path) + 1))

    def locate(self, path: Path_) -> SourceLocation:
        if self._full is None and tuple(path) in self._searched:
            return self._found.locate(path)
        return self.whole().locate(path)

    def position(self, path: Path_) -> tuple[int, int] | None:
        key = tuple(path)
        if self._full is None and key in self._searched:
            return self._found.values.get(key)
        return self.whole().values.get(key)
