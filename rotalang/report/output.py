"""Writing a report to a file without ever losing work.

The text goes to a temporary file in the target's folder, is flushed to disk, and then
renamed over the target in one step: a reader sees the old file or the new one, never
half of one, and a crash or Ctrl-C leaves no partial roster. An existing file is only
replaced with `force=True` (the CLI's `--force`).
"""

from __future__ import annotations

import errno
import os
import tempfile

from rotalang.diagnostics import Diagnostic, DiagnosticError

FORMATS = ("table", "csv", "json", "html")
EXTENSIONS = {".csv": "csv", ".json": "json", ".html": "html", ".htm": "html",
              ".txt": "table"}


def format_for_path(path: str | None, explicit: str | None = None) -> str:
    """The output format: `explicit` when given, else from the extension of `path`,
    else the terminal table."""
    if explicit:
        return explicit
    if path is None:
        return "table"
    ext = os.path.splitext(path)[1].lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    shown = f"`{ext}`" if ext else "no extension"
    raise DiagnosticError(Diagnostic.error(
        "E0022", f"cannot tell the output format of `{path}` ({shown})",
        help="name the format with --format table|csv|json|html, or use one of the "
             "extensions .txt .csv .json .html"))


def _cannot_write(path: str, err: OSError) -> DiagnosticError:
    reason = err.strerror or str(err)
    help_text = None
    blocker = _file_in_the_way(path)
    if blocker is not None:
        reason = f"`{blocker}` is a file, not a folder"
        help_text = "choose a path in a folder, such as `roster.csv` beside the program"
    elif err.errno == errno.ENOENT:
        help_text = f"create the folder `{os.path.dirname(path) or '.'}` first"
    elif err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        help_text = "choose a folder you can write to"
    elif err.errno == errno.EISDIR or os.path.isdir(path):
        reason = "it is a folder"
        help_text = "give a file name, such as `roster.csv`"
    return DiagnosticError(Diagnostic.error(
        "E0021", f"cannot write `{path}`: {reason}", help=help_text))


def _file_in_the_way(path: str) -> str | None:
    """The file among `path`'s folders (`notes.txt` in `notes.txt/roster.csv`), if any."""
    folder = os.path.dirname(path)
    while folder and not os.path.lexists(folder):
        folder = os.path.dirname(folder)
    return folder if folder and not os.path.isdir(folder) else None


def _exists(path: str) -> DiagnosticError:
    return DiagnosticError(Diagnostic.error(
        "E0020", f"`{path}` already exists", help="use --force to overwrite"))


def _refuse_existing(path: str, *, force: bool) -> None:
    """A folder or a device (`/dev/stdout`, a pipe) is never replaced; an existing
    file only with `force`. The rename would put a regular file in a device's place."""
    if os.path.isdir(path):
        raise _cannot_write(path, IsADirectoryError(errno.EISDIR, "it is a folder"))
    if os.path.exists(path) and not os.path.isfile(path):
        raise DiagnosticError(Diagnostic.error(
            "E0021", f"cannot write `{path}`: it is not a regular file",
            help="give a file name, such as `roster.csv`, or leave out --output to "
                 "print the roster"))
    if not force and os.path.lexists(path):
        raise _exists(path)


def check_writable(path: str | os.PathLike, *, force: bool = False) -> None:
    """Fail early (before a long solve) when `write_output` would refuse `path`."""
    path = os.fspath(path)
    _refuse_existing(path, force=force)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise _cannot_write(path, FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT)))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _cannot_write(path, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))


def free_name_beside(path: str | os.PathLike) -> str:
    """`roster-1.csv` (or -2, ...) beside `roster.csv`: the first name not taken, for
    a result that must not be lost when its own name was taken meanwhile."""
    path = os.fspath(path)
    stem, ext = os.path.splitext(path)
    n = 1
    while os.path.lexists(f"{stem}-{n}{ext}"):
        n += 1
    return f"{stem}-{n}{ext}"


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_output(path: str | os.PathLike, text: str, *, force: bool = False) -> None:
    """Write `text` (UTF-8) to `path` atomically. Raises `DiagnosticError` E0020 when
    the file exists and `force` is false, E0021 when it cannot be written."""
    path = os.fspath(path)
    _refuse_existing(path, force=force)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.",
                                   suffix=".tmp")
    except OSError as err:
        raise _cannot_write(path, err) from None
    try:
        try:
            mode = os.stat(path).st_mode & 0o7777 if force and os.path.exists(path) else _default_mode()
            os.fchmod(fd, mode)
            with os.fdopen(fd, "wb") as f:
                fd = -1
                f.write(text.encode("utf-8"))
                f.flush()
                os.fsync(f.fileno())
            if force:
                os.replace(tmp, path)
            else:
                _link_new(tmp, path)
        except OSError as err:
            raise _cannot_write(path, err) from None
        _fsync_folder(folder)
    finally:
        if fd >= 0:
            os.close(fd)
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _link_new(tmp: str, path: str) -> None:
    """Move `tmp` to `path` only if `path` does not exist, atomically where the file
    system has hard links (so a file created meanwhile is never clobbered)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise _exists(path) from None
    except OSError:
        # No hard links here (some network or FAT file systems): check, then rename.
        if os.path.lexists(path):
            raise _exists(path) from None
        os.replace(tmp, path)


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable (best effort: not every system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
