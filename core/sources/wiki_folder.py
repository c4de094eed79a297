"""A folder of ``.wiki`` files (or one such file): one page per file, titled by its name.

The title is the file's path under the folder without ``.wiki``, with
underscores as spaces (``Star_Wars/Episode_I.wiki`` is ``Star Wars/Episode I``,
a subpage); the namespace comes from the title's prefix (``Template:…`` is 10);
a ``#REDIRECT [[…]]`` page is a redirect. Files are read in sorted order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ..files import FileError, decode_text
from .base import (
    DEFAULT_PART_BYTES,
    WIKITEXT,
    Format,
    Page,
    Probe,
    Source,
    SourceError,
    SourceOptions,
    SourceStats,
    chunked,
    namespace_of,
    redirect_target,
)
from .xml_dump import size_text

SUFFIX = ".wiki"


class WikiFolderSource(Source):
    """Pages from ``.wiki`` files: every one under a folder, or the ``files`` given (a part)."""

    splittable = True

    def __init__(self, path: str | Path, options: SourceOptions | None = None, files: Sequence[Path] | None = None):
        super().__init__(path, options)
        self.files = list(files) if files is not None else None

    def _root(self) -> Path:
        return self.path if self.path.is_dir() else self.path.parent

    def _files(self) -> list[Path]:
        if self.files is not None:
            return self.files
        if not self.path.exists():
            raise SourceError(f"{self.path}: no such file or folder", self.path, "missing")
        if not self.path.is_dir():
            return [self.path]
        return sorted(self.path.rglob(f"*{SUFFIX}"))

    def title_of(self, file: Path) -> str:
        """The page title a file stands for (its path under the folder, without ``.wiki``)."""
        relative = file.relative_to(self._root()) if file.is_relative_to(self._root()) else Path(file.name)
        name = relative.as_posix()
        if name.lower().endswith(SUFFIX):
            name = name[: -len(SUFFIX)]
        return name.replace("_", " ")

    def _read(self, stats: SourceStats) -> Iterator[Page]:
        for file in self._files():
            title = self.title_of(file)
            namespace = namespace_of(title)
            text = ""
            if not self.options.wants_namespace(namespace):
                stats.bytes_read += file.stat().st_size
            else:
                try:
                    data = file.read_bytes()
                except OSError as exc:
                    raise SourceError(f"{file}: cannot read ({exc.strerror or exc})", file, "unreadable") from None
                stats.bytes_read += len(data)
                try:
                    text = decode_text(data, file)
                except FileError as exc:
                    raise SourceError(str(exc), file, exc.kind, exc.offset) from None
            yield Page(None, title, namespace, None, None, redirect_target(text), WIKITEXT, text)

    def size_bytes(self) -> int:
        """The files' sizes added up."""
        return sum(file.stat().st_size for file in self._files())

    def describe(self) -> str:
        """e.g. ``folder of 123 .wiki files: /path`` or ``.wiki file, 0.1 MB: /path/x.wiki``."""
        if self.files is not None:
            return f"{len(self.files)} .wiki files under {self.path}"
        if self.path.is_dir():
            return f"folder of {len(self._files())} .wiki files: {self.path}"
        return f".wiki file, {size_text(self.path)}: {self.path}"

    def parts(self, target_bytes: int = DEFAULT_PART_BYTES) -> list[Source]:
        """Groups of files of about ``target_bytes`` together."""
        files = self._files()
        sizes = [file.stat().st_size for file in files]
        return [WikiFolderSource(self.path, self.options, group) for group in chunked(files, sizes, target_bytes)] or [self]


FORMAT = Format(
    name="wiki",
    suffixes=(SUFFIX,),
    # A folder is read for its .wiki files; one .wiki file is a folder of one.
    claims=lambda probe: not probe.is_dir or next(probe.path.rglob(f"*{SUFFIX}"), None) is not None,
    sniff=lambda probe: False,
    open=lambda path, options: WikiFolderSource(path, options),
)
