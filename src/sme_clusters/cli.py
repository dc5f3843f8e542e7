"""Command line: `sme-clusters run` reproduces everything, `validate` checks the data, `report` builds the HTML report."""
from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

from .runner import RunError, run, validate_data


def _parameter(text: str) -> tuple[str, object]:
    name, _, value = text.partition("=")
    if not name or not _:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    try:
        return name, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return name, value  # a bare word is a string: lang=zh


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sme-clusters", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run notebooks with papermill and write their outputs")
    run_parser.add_argument("notebooks", nargs="*", help="notebooks to run, by prefix (01) or name; default: all")
    run_parser.add_argument("-p", "--parameter", action="append", type=_parameter, default=[], metavar="NAME=VALUE",
                            help="set a notebook parameter, e.g. -p lang=zh (needs --output-dir)")
    run_parser.add_argument("--output-dir", type=Path, help="write notebooks, figures and tables here instead of the committed places")
    commands.add_parser("validate", help="check every data file without running notebooks")
    report_parser = commands.add_parser("report", help="build the static HTML report of the rendered notebooks")
    report_parser.add_argument("--output", type=Path, help="folder to write the report to (default: report/)")
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            for line in validate_data():
                print(line)
        elif args.command == "report":
            from .report import REPORT_DIR, build_report

            index = build_report(args.output or REPORT_DIR)
            print(f"report written: {index}")
        else:
            outcomes = run(args.notebooks, dict(args.parameter), args.output_dir)
            print(f"{len(outcomes)} notebook(s) ran in {sum(o.seconds for o in outcomes):.1f} s")
    except (RunError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
