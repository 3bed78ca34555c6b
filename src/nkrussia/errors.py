"""One exception hierarchy. Every error a user can meet is a :class:`NkrussiaError`; its class
says what went wrong and which exit code the command line returns (the CLI maps by type):

======================  ====  ===================================================================
class                   exit  meaning
======================  ====  ===================================================================
``BadInput``            2     something the user gave us is wrong: a parameter, an article, a
                              sidecar, a params file, the reference data; the message names the
                              file, field or value
``EnvironmentProblem``  1     the machine is in the way: no Chromium, a folder that cannot be
                              written, a full disk, a kernel that died
``StageFailed``         1     a stage failed for a reason of its own (a notebook cell raised)
``Busy``                3     another run holds this project's lock
(Ctrl-C, SIGTERM)       130   interrupted; nothing was published, nothing left running
======================  ====  ===================================================================

Subclasses keep the names the modules raise (``ParamError``, ``ArticleError``,
``StageDataError``, ``RenderError``, ``PublishError`` …) so that a message can be caught where
it is made;
``ValueError`` stays a base of the bad-input ones so that older callers still catch them.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_BUSY = 3
EXIT_INTERRUPTED = 130


class NkrussiaError(Exception):
    """Base of every error the project reports to a user in one line."""

    exit_code = EXIT_FAILED


class BadInput(NkrussiaError, ValueError):
    """The user's input is wrong (exit 2); the message names the file, field or value."""

    exit_code = EXIT_BAD_INPUT


class EnvironmentProblem(NkrussiaError, RuntimeError):
    """The machine stops the run: a missing program, an unwritable folder, a full disk (exit 1)."""

    exit_code = EXIT_FAILED


class StageFailed(NkrussiaError, RuntimeError):
    """A stage failed for a reason of its own, e.g. a notebook cell raised (exit 1)."""

    exit_code = EXIT_FAILED


class Busy(NkrussiaError, RuntimeError):
    """Another run holds the project's lock (exit 3)."""

    exit_code = EXIT_BUSY


# --- the named errors, by where they are raised -------------------------------------------
class ParamError(BadInput):
    """A bad parameter: one line naming it, what was expected and, if unknown, the closest name."""


class ArticleError(BadInput):
    """An article (or the folder of articles) cannot be used; the message names the file."""


class StageDataError(BadInput):
    """A stage-boundary table is missing or breaks its schema; the message names table, column."""


class PublishError(EnvironmentProblem):
    """A published file or folder cannot be written; the publish changed nothing (exit 1)."""


class RenderError(EnvironmentProblem):
    """Rendering failed in a way the user can act on (no browser, charts that never drew)."""


class ChartDataError(NkrussiaError, ValueError):
    """A chart cannot be drawn from these tables; the report shows the message instead of it.
    Never reaches the command line."""


def os_error_text(exc: OSError) -> str:
    """One line for an OSError: the file it concerns, and why (a full disk said as such)."""
    import errno

    where = f"{exc.filename}: " if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"{where}cannot write ({exc.strerror}): the disk is full or the file is over " \
               "a size limit"
    return f"{where}{exc.strerror or exc}"


def exit_code(exc: BaseException) -> int:
    """The exit code for an exception the command line caught."""
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    return getattr(exc, "exit_code", EXIT_FAILED) if isinstance(exc, NkrussiaError) \
        else EXIT_FAILED
