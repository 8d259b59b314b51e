"""Local reports: files or folders (recursive) of .txt and .html/.htm pages.

Every file a SOURCE holds gets a fate: it is read as a document, or it becomes a reject whose
reason a person understands (``unsupported type .pdf``, ``no file suffix``, ``not a regular file
(FIFO)``, ``dangling symlink``, ``symlink loop``, ``symlink leaves the source tree``).

Symlinks are followed only while they stay inside the SOURCE tree: a link in the input folder to
``/etc/passwd`` is a reject and is never opened. Links to folders are not descended (the folder's
files are listed where they really are, if inside the tree), so a loop of links cannot hang the
walk. FIFOs, sockets and devices are never opened (reading a FIFO blocks forever).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from flows.adapters.base import Ingested, SourceDocument, SourceReject
from flows.adapters.raw_store import keep_raw

HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
TEXT_SUFFIXES = {".txt"}
REPORT_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES

# stat file types that are not regular files, as a person would name them.
_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "FIFO"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISDIR, "folder"),
)


@dataclass
class Listing:
    """What the SOURCEs hold: the files to read (in a stable order) and the files refused, with why."""

    files: list[Path] = field(default_factory=list)  # paths as seen (a symlink inside the tree stays a link)
    # each file's path with every symlink resolved, where the walk knew it (a plain file below a folder:
    # that folder's real path and its name), else None (``Path.resolve`` costs a syscall per component)
    real_paths: list[Path | None] = field(default_factory=list)
    rejects: list[SourceReject] = field(default_factory=list)
    empty_folders: list[Path] = field(default_factory=list)  # SOURCE folders holding no file at all

    def add(self, path: Path, real_path: Path | None) -> None:
        self.files.append(path)
        self.real_paths.append(real_path)

    @property
    def n_seen(self) -> int:
        return len(self.files) + len(self.rejects)


def file_uri(path: Path) -> str:
    """``file:///abs/path`` of the path as seen (not its symlink target), so a reject names what the user has."""
    return Path(os.path.abspath(path)).as_uri()


def list_files(sources: list[Path]) -> Listing:
    """Every file the SOURCEs name, each either to read or refused with a reason; nothing is opened."""
    listing = Listing()
    for source in sources:
        if source.is_dir():
            before = listing.n_seen
            root = source.resolve()
            _walk(root, source, root, listing)
            if listing.n_seen == before:
                listing.empty_folders.append(source)
        else:
            reason = file_refusal(source, root=None)
            if reason is None:
                listing.add(source, None)
            else:
                listing.rejects.append(SourceReject(file_uri(source), "read", reason))
    return listing


def holds_no_file(folder: Path) -> bool:
    """True when ``folder`` (walked without following links) holds no file of any kind; stops at the first."""
    return all(not filenames for _dirpath, _dirnames, filenames in os.walk(folder))


def _walk(root: Path, folder: Path, real_folder: Path, listing: Listing) -> None:
    """Files below ``folder`` (whose real path is ``real_folder``) in name order; symlinked folders are not
    descended (no loops)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        listing.rejects.append(SourceReject(file_uri(folder), "read", f"cannot list the folder: {exc.strerror or exc}"))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            _walk(root, path, real_folder / entry.name, listing)
            continue
        if entry.is_symlink() and _is_dir_inside(path, root):
            continue  # its files are listed where they really are
        # a regular file, as the folder's listing says (no syscall): only its suffix can refuse it
        plain = entry.is_file(follow_symlinks=False)
        reason = suffix_refusal(path) if plain else file_refusal(path, root=root)
        if reason is None:
            listing.add(path, real_folder / entry.name if plain else None)
        else:
            listing.rejects.append(SourceReject(file_uri(path), "read", reason))


def _is_dir_inside(link: Path, root: Path) -> bool:
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return target.is_dir() and (target == root or root in target.parents)


def file_refusal(path: Path, *, root: Path | None) -> str | None:
    """Why ``path`` is not read as a report, or None when it is one to read.

    ``root``: the SOURCE folder the path was found in; a symlink must stay inside it
    (None for a file the user named: its own symlinks are the user's choice).
    """
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except RuntimeError:  # Python < 3.13 reports a loop this way
            return "symlink loop"
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "symlink loop"
            if exc.errno == errno.ENOENT:
                return f"dangling symlink (to {os.readlink(path)})"
            return f"cannot follow the symlink: {exc.strerror or exc}"
        if root is not None and root not in target.parents:
            return f"symlink leaves the source tree (to {target})"
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    for is_kind, kind in _SPECIAL_KINDS:
        if is_kind(mode):
            return f"not a regular file ({kind})"
    return suffix_refusal(path)


def suffix_refusal(path: Path) -> str | None:
    """``unsupported type .pdf`` / ``no file suffix`` for what the pipeline cannot read, else None."""
    suffix = path.suffix.lower()
    if not suffix:
        return "no file suffix: only .txt and .html/.htm reports are read"
    if suffix not in REPORT_SUFFIXES:
        return f"unsupported type {suffix}: only .txt and .html/.htm reports are read"
    return None


def read_file(path: Path, raw_dir: Path) -> SourceDocument | SourceReject:
    """The bytes of one listed file, kept under ``raw_dir``; a file that cannot be read is a reject."""
    uri = file_uri(path)
    try:
        data = read_regular(path)
    except OSError as exc:
        return SourceReject(uri, "read", f"cannot read the file: {exc.strerror or exc}")
    raw_path = keep_raw(raw_dir, uri, data, read_at=datetime.now(UTC).isoformat())
    return SourceDocument(source_uri=uri, data=data, is_html=looks_like_html(path, data), raw_path=raw_path)


class NotRegularFile(OSError):
    """The path names a FIFO, socket, device or folder (found at read time, not at listing time)."""


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file. Opened non-blocking and checked after opening, so a file swapped
    for a FIFO between listing and reading cannot block the run (raises ``NotRegularFile``)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((kind for is_kind, kind in _SPECIAL_KINDS if is_kind(mode)), "special file")
            raise NotRegularFile(f"not a regular file ({kind})")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_local(sources: list[Path], raw_dir: Path) -> Ingested:
    """Read every report file, keeping its bytes under ``raw_dir``; every other file becomes a reject."""
    listing = list_files(sources)
    ingested = Ingested(rejects=list(listing.rejects))
    for path in listing.files:
        result = read_file(path, raw_dir)
        if isinstance(result, SourceReject):
            ingested.rejects.append(result)
        else:
            ingested.documents.append(result)
    ingested.n_seen = listing.n_seen
    return ingested


def looks_like_html(path: Path, data: bytes) -> bool:
    """By suffix, or by content: pages saved as .txt still start with a doctype or <html>."""
    head = data[:2048].lower()
    return path.suffix.lower() in HTML_SUFFIXES or b"<html" in head or b"<!doctype html" in head
