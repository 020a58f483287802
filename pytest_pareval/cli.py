"""The ``pareval`` command: work with problems and saved results outside a pytest session."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path


def _cmd_problems(args: argparse.Namespace) -> int:
    from .suite.problems import discover, listing

    problems = discover(args.problems_dir)
    if args.json:
        print(json.dumps(listing(problems), indent=2))
    else:
        for problem in problems:
            print(f"{problem.id:32} {problem.signature}")
    return 0


def _read_models_file(path: Path) -> dict[str, dict]:
    """The models file's tables by key, in file order (only name and vram_gb matter to a report)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    with open(path, "rb") as handle:
        tables = tomllib.load(handle).get("models")
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise ValueError(f"models file {path} has no [models.NAME] tables")
    return tables


def _report_inputs(args: argparse.Namespace) -> tuple[dict[str, float | None] | None, str | None]:
    """VRAM by display name (in the models file's order, which is the run order) and the baseline's
    display name (the file's key is accepted too, as in --pareval-baseline)."""
    baseline = args.baseline
    if not args.models:
        return None, baseline
    tables = _read_models_file(args.models)
    names = {key: table.get("name", key) for key, table in tables.items()}
    vram = {names[key]: table.get("vram_gb") for key, table in tables.items()}
    return vram, names.get(baseline, baseline)


def _cmd_report(args: argparse.Namespace) -> int:
    from .report.details import path_for
    from .report import build_report, load_records, render_markdown, render_terminal, write_report
    from .report.html import write_html
    from .report.records import read_manifest

    vram, baseline = _report_inputs(args)
    records = load_records(args.results)
    options = {"vram": vram, "baseline": baseline, "manifest": read_manifest(args.results), "fast_p": args.fast_p}
    if args.output:
        report = write_report(records, args.output, **options, details_path=path_for(args.results))
    else:
        report = build_report(records, **options)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
    if args.markdown:
        Path(args.markdown).write_text(render_markdown(report))
    if args.html:
        write_html(report, records, args.html, details_path=path_for(args.results))
    if not args.quiet:
        print(render_terminal(report), end="")
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    from .report import diff_runs, load_records, render_diff
    from .report.records import read_manifest

    diff = diff_runs(load_records(args.a), load_records(args.b), manifest_a=read_manifest(args.a),
                     manifest_b=read_manifest(args.b), allow_different_problems=args.allow_different_problems)
    if args.json:
        Path(args.json).write_text(json.dumps(diff, indent=1))
    print(render_diff(diff), end="")
    return 1 if args.fail_on_regression and diff["regressions"] else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pareval", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    problems = commands.add_parser("problems", help="list the problems of the suite")
    problems.add_argument("--json", action="store_true", help="one JSON object per problem")
    problems.add_argument("--problems-dir", default=None, help="problem tree (default: the suite's)")
    problems.set_defaults(func=_cmd_problems)

    report = commands.add_parser("report", help="the session report, from a saved results file")
    report.add_argument("results", type=Path, help="results.jsonl of a session")
    report.add_argument("--models", type=Path, help="models TOML file: display names, VRAM, run order")
    report.add_argument("--baseline", help="model the others are compared with (default: the first)")
    report.add_argument("--json", type=Path, help="write report.json here")
    report.add_argument("--markdown", type=Path, help="write report.md here")
    report.add_argument("--html", type=Path, help="write report.html here (with the texts of details.jsonl "
                        "beside the results file, when there is one)")
    report.add_argument("--output", type=Path, help="write report.md, report.json, report.html and heatmap.png here")
    report.add_argument("--quiet", action="store_true", help="do not print the summary table")
    report.add_argument("--fast-p", type=float, default=1.0, metavar="P",
                        help="fast_p: the share of items correct and over P times faster than the reference (default 1)")
    report.set_defaults(func=_cmd_report)

    diff = commands.add_parser("diff", help="compare two results files per model and domain")
    diff.add_argument("a", type=Path, help="results.jsonl of the earlier run")
    diff.add_argument("b", type=Path, help="results.jsonl of the later run")
    diff.add_argument("--json", type=Path, help="write the comparison as JSON here")
    diff.add_argument("--fail-on-regression", action="store_true",
                      help="exit 1 when a model's overall build or pass rate dropped significantly (for CI)")
    diff.add_argument("--allow-different-problems", action="store_true",
                      help="call drops regressions even when the manifests' problem set or prompts hashes differ")
    diff.set_defaults(func=_cmd_diff)
    return parser


def _inputs(args: argparse.Namespace) -> str:
    files = [getattr(args, name, None) for name in ("results", "a", "b", "models")]
    return ", ".join(str(f) for f in files if f is not None)


def main(argv: Sequence[str] | None = None) -> int:
    """Bad input (a missing, unreadable or malformed file) is one ``pareval: error:`` line, exit 2."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        print(f"pareval: error: {exc.strerror or exc}{where}", file=sys.stderr)
    except ValueError as exc:  # also JSON, TOML and encoding errors: their messages name the place
        print(f"pareval: error: {exc}", file=sys.stderr)
    except (KeyError, TypeError, AttributeError, IndexError) as exc:  # a record or table of the wrong shape
        print(f"pareval: error: malformed input ({_inputs(args)}): {type(exc).__name__} {exc}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
