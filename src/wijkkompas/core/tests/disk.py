"""A disk that fills up while a file is written (``OSError(ENOSPC)`` after some bytes), for
the tests of uploads; the fault tests (tests/faults) fill a real one."""

from __future__ import annotations

import errno
import os
from typing import Any

import pytest


class FillingFile:
    """A file object that writes its first ``room`` bytes and then finds the disk full."""

    def __init__(self, real: Any, room: int) -> None:
        self.real = real
        self.room = room

    def write(self, data: Any) -> int:
        if len(data) > self.room:
            self.real.write(data[: self.room])
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return int(self.real.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> FillingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


def disk_full_after(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    """Every file the storage writes finds the disk full after ``room`` bytes (Django's
    ``FileSystemStorage`` writes through ``os.fdopen``)."""
    real_fdopen = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return FillingFile(handle, room) if "w" in mode else handle

    monkeypatch.setattr(os, "fdopen", fdopen)


def files_open_full_after(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    """Every file opened for writing with ``Path.open("wb")`` finds the disk full after
    ``room`` bytes."""
    from pathlib import Path

    real_open = Path.open

    def open_(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, mode, *args, **kwargs)
        return FillingFile(handle, room) if "w" in mode else handle

    monkeypatch.setattr(Path, "open", open_)
