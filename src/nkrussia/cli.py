"""Command line: parses arguments, calls the run machinery, prints.

Every error is one line on stderr and an exit code by its class (nkrussia.errors): 2 bad
input, 1 an environment problem or a failed stage, 3 another run holds the lock, 130
interrupted. Whatever the user typed or a file holds is shown with its control characters
escaped (``\\x1b``), as ``repr`` would, so that it cannot retitle or clear the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import signal
import sys
import threading
import time
from pathlib import Path

from nkrussia import errors
from nkrussia.errors import NkrussiaError
from nkrussia.paths import ProjectPaths
from nkrussia.run.interrupts import Interrupts


def terminal_safe(text: str) -> str:
    """``text`` with every non-printable character (C0/C1 controls, DEL, bidi overrides,
    line breaks) written as its escape, as ``repr`` would: ``\\x1b``, ``\\u202e``."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one escaped line (exit 2) like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        _err(f"{message} (`{self.prog} --help` lists the options)")
        sys.exit(errors.EXIT_BAD_INPUT)


def _params_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                        help="override one parameter (repeatable)")
    parser.add_argument("--params", action="append", default=[], type=Path, metavar="FILE",
                        help="read parameter values from another YAML file (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nkrussia",
        description="Reproducible report on North Korea–Russia military cooperation.")
    parser.add_argument("--root", type=Path, default=None,
                        help="project folder (default: found from the working directory)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="run the pipeline and publish report/report.{html,pdf}")
    _params_args(run)
    run.add_argument("--force", action="store_true",
                     help="re-run every stage and re-extract every article, ignoring the caches")
    run.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    run.add_argument("--scheduler", metavar="ADDRESS", default=None,
                     help="extract the articles not in the cache on this Dask scheduler "
                          "(tcp://host:8786; default: $NKRUSSIA_DASK_SCHEDULER, else here)")
    # kept so that scripts written for the warm-kernel server still run (there is none now)
    run.add_argument("--no-warm", action="store_true", help=argparse.SUPPRESS)

    sub.add_parser("params", help="list every parameter: type, default, range, description")

    st = sub.add_parser("status", help="is the published report current? what would a run redo?")
    _params_args(st)

    ex = sub.add_parser("extract", help="extract figures from articles as CSV")
    ex.add_argument("files", nargs="+", type=Path,
                    help="article .txt files, .jsonl/.csv files of articles, or folders")
    ex.add_argument("-o", "--output", type=Path, help="write CSV here instead of stdout")
    return parser


def _err(message: str) -> None:
    print(f"nkrussia: error: {terminal_safe(message)}", file=sys.stderr, flush=True)


def _warn(message: str) -> None:
    print(f"nkrussia: warning: {terminal_safe(message)}", file=sys.stderr, flush=True)


def _resolve_params(paths: ProjectPaths, args: argparse.Namespace):
    from nkrussia import params as P

    return P.resolve(paths.params_file, args.params, args.param)


def cmd_params(_: ProjectPaths, __: argparse.Namespace) -> int:
    from nkrussia import params as P

    rows = P.table()
    cols = ["name", "type", "default", "range", "origin", "notebooks", "description"]
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in cols[:-1]}
    print("  ".join(c.upper().ljust(widths.get(c, 0)) for c in cols).rstrip())
    for r in rows:
        print("  ".join(r[c].ljust(widths.get(c, 0)) for c in cols).rstrip())
    print("\norigin: article = taken from the article unless set; reference = from "
          "data/external/context_figures.csv; assumption = our modelling choice.")
    return 0


@contextlib.contextmanager
def _environ(values: dict[str, str]):
    """``values`` set in the environment for the block (the run's kernels inherit it)."""
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def cmd_run(paths: ProjectPaths, args: argparse.Namespace) -> int:
    from nkrussia.run import stages

    prm = _resolve_params(paths, args)
    from nkrussia.extract_cache import REFRESH_ENV, SCHEDULER_ENV

    # read by the extract notebook's kernel; neither changes any output, so neither is a
    # parameter or part of a cache key: where the misses are extracted, and (--force)
    # whether every article is extracted again
    kernel_env = {SCHEDULER_ENV: args.scheduler, REFRESH_ENV: "1" if args.force else None}
    say = (lambda _m: None) if args.quiet else (lambda m: print(m, flush=True))
    progress = not args.quiet and sys.stderr.isatty()
    command = "nkrussia " + " ".join(shlex.quote(a) for a in args.argv)
    t0 = time.perf_counter()
    with _environ({k: v for k, v in kernel_env.items() if v}):
        results = stages.run(paths, prm, force=args.force, progress=progress, say=say,
                             command=command.strip(), warn=_warn)
    ran = sum(r.state == "ran" for r in results)
    if not args.quiet:
        print(f"done in {time.perf_counter() - t0:.1f} s ({ran} of {len(results)} stages ran)")
        print(f"  {paths.report_html}\n  {paths.report_pdf}")
    return 0


def cmd_status(paths: ProjectPaths, args: argparse.Namespace) -> int:
    from nkrussia.run import stages

    prm = _resolve_params(paths, args)
    rows = stages.status(paths, prm)
    for name, state in rows:
        print(f"{name:<11} {state}")
    current = rows[-1][1] == "current"
    print("the published report is current" if current else
          "the published report is out of date: `nkrussia run` would redo the stale stages")
    return 0 if current else 1


def cmd_extract(_: ProjectPaths, args: argparse.Namespace) -> int:
    from nkrussia import extract

    files: list[Path] = []
    for item in args.files:
        files.extend(extract.find_articles(item) if item.is_dir() else [item])
    result = extract.extract_documents(files)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        result.figures.to_csv(args.output, index=False, lineterminator="\n")
    else:
        result.figures.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


COMMANDS = {"run": cmd_run, "params": cmd_params, "status": cmd_status,
            "extract": cmd_extract}


_EXITING = threading.Lock()


def _exit_interrupted() -> None:
    """End the command now, exit 130: the clean-up is done (or took too long)."""
    _EXITING.acquire()  # the grace timer and the main thread: one of them says it, once
    _err("interrupted; nothing was published")
    sys.stdout.flush()
    os._exit(errors.EXIT_INTERRUPTED)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.argv = sys.argv[1:] if argv is None else list(argv)  # recorded in the manifest
    interrupts = Interrupts(command_line=argv is None, on_timeout=_exit_interrupted)
    interrupts.install()
    try:
        paths = ProjectPaths(args.root.resolve()) if args.root else ProjectPaths.discover()
        return COMMANDS[args.command](paths, args)
    except KeyboardInterrupt:
        if interrupts.command_line:  # cleaned up: end now, not after a library's threads
            _exit_interrupted()
        _err("interrupted; nothing was published")
        return errors.EXIT_INTERRUPTED
    except BrokenPipeError:
        # `nkrussia extract … | head` closed the pipe: not an error worth a traceback.
        sys.stderr.close()
        return 0
    except NkrussiaError as exc:  # every error a user can meet: one line, its exit code
        _err(str(exc))
        return errors.exit_code(exc)
    except OSError as exc:  # the machine in the way: a folder that cannot be written, …
        _err(errors.os_error_text(exc))
        return errors.EXIT_FAILED
    finally:
        interrupts.restore()
        if interrupts.command_line:  # about to exit with the outcome decided:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a late Ctrl-C must not change it
