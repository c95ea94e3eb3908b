"""Read an upload where it can be stopped: a worker process with a time and a memory budget.

A file of a few kilobytes can keep GEOS busy for minutes or ask it for gigabytes (a polygon
whose edges cross each other thousands of times), and a hostile GeoPackage can keep GDAL
busy for ever. The reading of a user's file therefore runs in a separate process, forked
from a small server that has already imported the readers (``multiprocessing``'s
*forkserver*): what it may allocate beyond its start is capped (``RLIMIT_DATA``) and the
caller waits at most the budget's seconds before killing it. Other sessions share neither
its memory nor its waiting. The worker's own refusals (Dutch ``ValueError``\\ s such as
:class:`geo.uploads.boundary_files.BoundaryFileError`) come back as they are; a budget that runs out
becomes :class:`BudgetExceeded`, whose message names the limit.

>>> run_bounded(len, b"abc", budget=Budget(seconds=5, memory_mb=64), filename="x")  # doctest: +SKIP
3
"""

from __future__ import annotations

import multiprocessing
import resource
import threading
from dataclasses import dataclass
from typing import Any, Callable

from geo import texts

# Imported once by the fork server, worker_setup first (before Arrow loads).
PRELOAD = ["geo.uploads.worker_setup", "geo.uploads.boundary_files", "geo.uploads.areas", "geo.uploads.tables",
           "geo.backup", "geo.context.sources"]
_KILL_WAIT_S = 5.0


@dataclass(frozen=True)
class Budget:
    """What reading one upload may take: wall-clock seconds and megabytes beyond the worker's start."""

    seconds: float = 30.0
    memory_mb: float = 1024.0

    @classmethod
    def from_settings(cls, settings) -> "Budget":
        return cls(seconds=settings.upload_seconden, memory_mb=settings.upload_geheugen_mb)


class BudgetExceeded(ValueError):
    """Reading a file took more time or memory than its budget; the message is Dutch."""


def run_bounded(function: Callable[..., Any], *args: Any, budget: Budget, filename: str, **kwargs: Any) -> Any:
    """``function(*args, **kwargs)`` in a worker process within ``budget``; its result or its error.

    ``function`` must be importable by name (a module-level function) and its arguments and
    result picklable. Raises :class:`BudgetExceeded` (naming ``filename`` and the limit)
    when the time runs out or the worker runs out of memory, and re-raises the worker's
    own ``ValueError`` otherwise.
    """
    receiver, sender = _context().Pipe(duplex=False)
    worker = _context().Process(target=_work, args=(sender, function, args, kwargs, budget.memory_mb), daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(budget.seconds):
            raise BudgetExceeded(texts.BUDGET_TIJD.format(bestand=filename, seconden=f"{budget.seconds:g}"))
        try:
            outcome, value = receiver.recv()
        except (EOFError, OSError):  # the worker died without a word: the system stopped it for its memory
            outcome, value = "geheugen", None
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        worker.join(_KILL_WAIT_S)
    if outcome == "ok":
        return value
    if outcome == "geheugen":
        raise BudgetExceeded(texts.BUDGET_GEHEUGEN.format(bestand=filename, mb=f"{budget.memory_mb:g}"))
    raise value


def _work(sender, function: Callable[..., Any], args: tuple, kwargs: dict, memory_mb: float) -> None:
    """The worker: cap the memory, run, send back ``(outcome, value)``."""
    _cap_memory(memory_mb)
    try:
        result: tuple[str, Any] = ("ok", function(*args, **kwargs))
    except MemoryError:
        result = ("geheugen", None)
    except ValueError as error:  # the readers' Dutch refusals
        result = ("fout", error)
    except Exception as error:  # noqa: BLE001 - GEOS's std::bad_alloc and any other failure
        if "bad_alloc" in str(error) or "memory" in str(error).lower():
            result = ("geheugen", None)
        else:
            result = ("fout", ValueError(texts.BUDGET_ONVERWACHT.format(fout=str(error)[:200])))
    try:
        sender.send(result)
    except MemoryError:
        sender.send(("geheugen", None))
    finally:
        sender.close()


def _cap_memory(memory_mb: float) -> None:
    """Let the data segment (heap and private mappings) grow by at most ``memory_mb``."""
    used = _data_bytes()
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = used + int(memory_mb * 1024 * 1024)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _data_bytes() -> int:
    """The process's data segment now (``VmData`` of ``/proc/self/status``)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


_CONTEXT = None
_CONTEXT_LOCK = threading.Lock()


def _context():
    """The fork server's context, created once per process with the readers preloaded."""
    global _CONTEXT
    with _CONTEXT_LOCK:
        if _CONTEXT is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _CONTEXT = context
        return _CONTEXT
