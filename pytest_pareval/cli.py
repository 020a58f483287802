"""The ``pareval`` command: work with problems and saved results outside a pytest session."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence


def _cmd_problems(args: argparse.Namespace) -> int:
    from .problems import discover, listing

    problems = discover(args.problems_dir)
    if args.json:
        print(json.dumps(listing(problems), indent=2))
    else:
        for problem in problems:
            print(f"{problem.id:32} {problem.signature}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pareval", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    problems = commands.add_parser("problems", help="list the problems of the suite")
    problems.add_argument("--json", action="store_true", help="one JSON object per problem")
    problems.add_argument("--problems-dir", default=None, help="problem tree (default: the suite's)")
    problems.set_defaults(func=_cmd_problems)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (OSError, ValueError) as exc:
        print(f"pareval: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
