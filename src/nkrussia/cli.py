"""Command line: parses arguments, calls the pipeline, prints; exit 2 for bad input."""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

from nkrussia import errors
from nkrussia.errors import NkrussiaError
from nkrussia.paths import ProjectPaths


def _params_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                        help="override one parameter (repeatable)")
    parser.add_argument("--params", action="append", default=[], type=Path, metavar="FILE",
                        help="read parameter values from another YAML file (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nkrussia",
        description="Reproducible report on North Korea–Russia military cooperation.")
    parser.add_argument("--root", type=Path, default=None,
                        help="project folder (default: found from the working directory)")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the pipeline and publish report/report.{html,pdf}")
    _params_args(run)
    run.add_argument("--force", action="store_true", help="re-run every stage, ignoring cache")
    run.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    run.add_argument("--no-warm", action="store_true",
                     help="start every kernel from scratch; do not use or leave a warm-kernel "
                          "server (also: NKRUSSIA_WARM_MINUTES=0)")

    sub.add_parser("params", help="list every parameter: type, default, range, description")

    st = sub.add_parser("status", help="is the published report current? what would a run redo?")
    _params_args(st)

    sub.add_parser("stop", help="stop this project's warm-kernel server, if one is running")

    ex = sub.add_parser("extract", help="extract figures from articles as CSV")
    ex.add_argument("files", nargs="+", type=Path, help="article .txt files (or folders)")
    ex.add_argument("-o", "--output", type=Path, help="write CSV here instead of stdout")
    return parser


def _err(message: str) -> None:
    print(f"nkrussia: error: {message}", file=sys.stderr)


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


def cmd_run(paths: ProjectPaths, args: argparse.Namespace) -> int:
    from nkrussia import pipeline

    prm = _resolve_params(paths, args)
    say = (lambda _m: None) if args.quiet else (lambda m: print(m, flush=True))
    progress = not args.quiet and sys.stderr.isatty()
    command = "nkrussia " + " ".join(shlex.quote(a) for a in args.argv)
    t0 = time.perf_counter()
    results = pipeline.run(paths, prm, force=args.force, progress=progress, say=say,
                           command=command.strip(), warm_kernels=not args.no_warm)
    ran = sum(r.state == "ran" for r in results)
    if not args.quiet:
        print(f"done in {time.perf_counter() - t0:.1f} s ({ran} of {len(results)} stages ran)")
        print(f"  {paths.report_html}\n  {paths.report_pdf}")
    return 0


def cmd_status(paths: ProjectPaths, args: argparse.Namespace) -> int:
    from nkrussia import pipeline

    prm = _resolve_params(paths, args)
    rows = pipeline.status(paths, prm)
    for name, state in rows:
        print(f"{name:<11} {state}")
    current = rows[-1][1] == "current"
    print(_warm_line(paths))
    print("the published report is current" if current else
          "the published report is out of date: `nkrussia run` would redo the stale stages")
    return 0 if current else 1


def _warm_line(paths: ProjectPaths) -> str:
    from nkrussia import warm

    info = warm.ping(paths.build)
    if info is None:
        return "warm kernels: no server running"
    return (f"warm kernels: server pid {info['pid']}, up {time.time() - info['started']:.0f} s, "
            f"exits after {info['idle_seconds'] / 60:g} min without a run (`nkrussia stop` now)")


def cmd_stop(paths: ProjectPaths, _: argparse.Namespace) -> int:
    from nkrussia import warm

    info = warm.stop(paths.build)
    print("no warm-kernel server was running" if info is None
          else f"stopped the warm-kernel server (pid {info['pid']})")
    return 0


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


def _run_in_warm_server(paths: ProjectPaths, argv: list[str]) -> int | None:
    """Hand the whole run to the project's warm server when one with this exact code and
    environment is up: it has papermill, nbconvert and pandas imported already. None: run
    here (the run then starts a server for the next one)."""
    from nkrussia import fingerprint, warm

    if warm.IN_SERVER:
        return None
    try:
        if warm.idle_seconds() == 0:
            return None
    except ValueError:
        return None  # the run reports the bad value
    key = fingerprint.server_fingerprint(paths.root, fingerprint.KERNEL_NAME)
    if key is None:
        return None
    return warm.run_in_server(paths.build, key[0], argv)


COMMANDS = {"run": cmd_run, "params": cmd_params, "status": cmd_status, "stop": cmd_stop,
            "extract": cmd_extract}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.argv = sys.argv[1:] if argv is None else list(argv)  # recorded in the manifest
    paths = ProjectPaths(args.root.resolve()) if args.root else ProjectPaths.discover()
    if args.command == "run" and not args.no_warm:
        code = _run_in_warm_server(paths, args.argv)
        if code is not None:
            return code
    try:
        return COMMANDS[args.command](paths, args)
    except KeyboardInterrupt:
        _err("interrupted; nothing was published")
        return 130
    except BrokenPipeError:
        # `nkrussia extract … | head` closed the pipe: not an error worth a traceback.
        sys.stderr.close()
        return 0
    except NkrussiaError as exc:  # every error a user can meet: one line, its exit code
        _err(str(exc))
        return errors.exit_code(exc)
