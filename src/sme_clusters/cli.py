"""Command line: `sme-clusters run` reproduces everything, `validate` checks the data, `report` builds the HTML report;
`register`, `new-year`, `check-year` and `add-article` help add a new list or a new article."""
from __future__ import annotations

import argparse
import ast
import os
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from . import config
from .output import all_or_nothing
from .runner import RunError, run, validate_data

RUNS_DIR = config.ROOT / "runs"  # outputs of runs for another year: never the committed ones
REGISTRY_FIELDS = ("source_id", "kind", "publisher", "title", "description", "date", "url", "language", "accessed", "licence")


def _parameter(text: str) -> tuple[str, object]:
    name, _, value = text.partition("=")
    if not name or not _:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    try:
        return name, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return name, value  # a bare word is a string: lang=zh


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sme-clusters", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run notebooks with papermill and write their outputs")
    run_parser.add_argument("notebooks", nargs="*", help="notebooks to run, by prefix (01) or name; default: all")
    run_parser.add_argument("-p", "--parameter", action="append", type=_parameter, default=[], metavar="NAME=VALUE",
                            help="set a notebook parameter, e.g. -p lang=zh (needs --output-dir)")
    run_parser.add_argument("--output-dir", type=Path, help="write notebooks, figures and tables here instead of the committed places")
    run_parser.add_argument("--year", type=int, help="the last list year to include, for the notebooks that take one "
                            "(outputs go to runs/year-YEAR/ unless --output-dir says otherwise)")
    run_parser.add_argument("--force", action="store_true", help="run every notebook, even those whose inputs have not changed")
    run_parser.add_argument("--workers", type=int, help="notebooks run side by side (default: one per core)")
    commands.add_parser("validate", help="check every data file without running notebooks")
    report = commands.add_parser("report", help="build the static HTML report of the rendered notebooks")
    report.add_argument("--output", type=Path, help="folder to write the report to (default: report/)")
    register = commands.add_parser("register", help="copy a raw file under data/raw/ and add its row, with its checksum, to data/sources.csv")
    register.add_argument("file", type=Path, help="the file as received")
    register.add_argument("--as", dest="target", required=True, help="its path under data/raw/, e.g. compiled/clusters_2026.csv")
    register.add_argument("--id", dest="source_id", required=True, help="its source id, e.g. clusters_2026")
    register.add_argument("--kind", required=True, help="article, compiled (cluster rows, counts), independent (reports) or note")
    for name, required in (("publisher", True), ("title", True), ("description", True), ("date", False), ("url", False), ("language", False)):
        register.add_argument(f"--{name}", required=required, default="")
    register.add_argument("--accessed", default="", help="when the copy was taken, YYYY-MM-DD (default: today)")
    register.add_argument("--licence", default="", help="the terms it is held under (default: by its kind, see sources.LICENCES)")
    new_year = commands.add_parser("new-year", help="write blank input files for a new list, with their headers and a checklist")
    new_year.add_argument("year", type=int)
    new_year.add_argument("--into", type=Path, default=None, help="the folder to write them to (default: incoming/YEAR/)")
    article = commands.add_parser("add-article", help="draft claim rows from an article; with --claims, register it with "
                                  "the rows you confirmed (all or nothing)")
    article.add_argument("file", type=Path, help="the article as captured, UTF-8 text")
    article.add_argument("--id", dest="source_id", required=True, help="its article id, three digits: 005")
    for name, required, meaning in (("publisher", True, "who printed it, as printed"), ("title", True, "its title, as printed"),
                                    ("date", True, "the date it was printed: YYYY-MM-DD (or YYYY-MM, YYYY)"),
                                    ("language", True, "its language: zh, zh-Hant or en (several joined by '+': zh+en)"),
                                    ("url", False, "where it was read")):
        article.add_argument(f"--{name}", required=required, default="", help=meaning)
    article.add_argument("--description", default="a source article", help="what it covers")
    article.add_argument("--accessed", default="", help="when the copy was taken, YYYY-MM-DD (default: today)")
    article.add_argument("--into", type=Path, default=None, help="where drafts go (default: incoming/articles/ID/)")
    article.add_argument("--claims", type=Path, help="the drafted claims as you confirmed them: register the article with them")
    article.add_argument("--excluded", type=Path, help="with --claims: the other sentences with a number, each with its reason")
    check = commands.add_parser("check-year", help="say what a year being added still lacks")
    check.add_argument("year", type=int)
    for sub in (register, check, article):
        sub.add_argument("--data-dir", type=Path, default=None, help=argparse.SUPPRESS)
    return parser


def year_run_folders(year: int, parameters: dict) -> tuple[Path, list[tuple[dict, Path]]]:
    """Where a run to an earlier year writes when no --output-dir is given, and the editions run alongside it: both
    editions, as the default run, in runs/year-YEAR/ and runs/year-YEAR/zh/; with -p lang=zh, that edition alone, in its
    own folder (never over the English outputs)."""
    folder = RUNS_DIR / f"year-{year}"
    lang = parameters.get("lang", "en")
    if lang != "en":
        return folder / str(lang), []
    return folder, [] if parameters else [({"lang": e.lang}, folder / e.lang) for e in config.EDITIONS.values() if e.output_dir]


def _run(args) -> int:
    if args.workers is not None and args.workers < 1:
        raise ValueError(f"--workers {args.workers}: give 1 or more notebooks side by side")
    if args.output_dir is not None:
        config.check_output_folder(args.output_dir, "--output-dir")
    output_dir, alongside = args.output_dir, []
    if args.year is not None and output_dir is None:
        output_dir, alongside = year_run_folders(args.year, dict(args.parameter))
    started = time.perf_counter()
    # one transaction: if a notebook or a step after them fails (or Ctrl-C), every output is put back as it was
    outputs = [Path(output_dir)] if output_dir else [config.NOTEBOOKS_DIR, config.FIGURES_DIR, config.PROCESSED_DIR, config.README,
                                                     config.DATA_DIR / config.PACKAGE_FILE]
    editions = output_dir is None and not args.parameter  # the committed outputs: both editions, each in its language
    if editions:
        outputs += [config.CHINESE.output_dir, config.CHINESE.readme]
    config.BUILD_DIR.mkdir(exist_ok=True)
    workers = args.workers or os.cpu_count() or 1
    # the Chinese edition's jobs join the English one's in the same pool: the data is checked once, and no worker waits
    if editions:
        alongside = [({"lang": e.lang}, e.output_dir) for e in config.EDITIONS.values() if e.output_dir]
    with _terminated_as_interrupted(), all_or_nothing(outputs, config.BUILD_DIR):
        outcomes = run(args.notebooks, dict(args.parameter), output_dir, year=args.year, force=args.force, workers=workers,
                       alongside=alongside)
        ran, unchanged = sum(not o.skipped for o in outcomes), sum(o.skipped for o in outcomes)
        if editions and ran:
            _restate_results()
    print(f"{ran} notebook(s) ran, {unchanged} unchanged, in {time.perf_counter() - started:.1f} s"
          + (f"; outputs in {output_dir}" if output_dir else ""))
    return 0


@contextmanager
def _terminated_as_interrupted():
    """SIGTERM (a CI job's time limit, `kill`) stops a run as Ctrl-C does: every output put back as it was, the workers
    and their kernels stopped. Its default would end the process where it stands."""
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _restate_results() -> None:
    """The steps after the notebooks: the README's generated tables and the data package, from what the run wrote."""
    from .datapackage import write_package
    from .dataset import Dataset
    from .readme import update_readme

    data = Dataset(config.DATA)
    for edition in config.EDITIONS.values():
        if update_readme(data, edition):
            print(f"{edition.readme.name}: the tables that restate results were brought up to date")
    if write_package(config.DATA_DIR):
        print("data/datapackage.json: the data package was brought up to date")


def _validate(args) -> int:
    for line in validate_data():
        print(line)
    return 0


def _report(args) -> int:
    from .report import REPORT_DIR, build_report

    output = config.check_output_folder(args.output, "--output") if args.output else REPORT_DIR
    print(f"report written: {build_report(output)}")
    return 0


def _register(args) -> int:
    from .newyear import register_raw_file

    fields = {name: getattr(args, name) for name in REGISTRY_FIELDS}
    row = register_raw_file(config.data_paths(str(args.data_dir or "")), args.file, args.target, fields)
    print(f"registered data/raw/{args.target}: {row}")
    return 0


def _add_article(args) -> int:
    from .article_intake import add_article, article_text, draft_files
    from .newyear import check_registry_fields
    from .dataset import Dataset

    paths = config.data_paths(str(args.data_dir or ""))
    fields = {name: getattr(args, name) for name in REGISTRY_FIELDS if hasattr(args, name)}
    if args.claims is None:
        if args.excluded is not None:
            print("error: --excluded goes with --claims", file=sys.stderr)
            return 2
        try:  # what would stop the registration stops the drafts: an id taken or mistyped, a date or language misspelt
            check_registry_fields(paths, {**fields, "kind": "article"})
            text = article_text(args.file)
        except (ValueError, LookupError) as error:
            print(f"error: {error}\nnothing was drafted", file=sys.stderr)
            return 1
        provinces = frozenset(Dataset(paths).provinces["short_zh"])
        folder = config.check_output_folder(args.into, "--into") if args.into else Path("incoming") / "articles" / args.source_id
        claims, excluded, drafted, others = draft_files(text, args.source_id, args.date, provinces, folder)
        print(f"{claims}: {drafted} figure(s) drafted, one row each: fill topic, metric, scope, quote_en (for a Chinese quote) "
              "and the labels; check as_of, value, unit and qualifier; delete a row that is not a claim and list its sentence "
              "in the excluded file with a reason")
        print(f"{excluded}: {others} other sentence(s) with a number: give each a reason, or claim it")
        print(f"then: sme-clusters add-article {args.file} --id {args.source_id} ... --claims {claims} --excluded {excluded}")
        return 0
    if args.excluded is None:
        print("error: --claims needs --excluded (an empty file with its header if every sentence is claimed)", file=sys.stderr)
        return 2
    try:
        row = add_article(paths, args.file, fields, args.claims, args.excluded)
    except (ValueError, LookupError) as error:  # a RegisterError, a DataFileError naming file, row and column, ...
        print(f"error: {error}\nnothing was registered or changed", file=sys.stderr)
        return 1
    print(f"registered article {args.source_id}: {row}")
    return 0


def _check_year(args) -> int:
    from .dataset import Dataset
    from .newyear import check_year

    check = check_year(Dataset(config.data_paths(str(args.data_dir or ""))), args.year)
    for line in check.blocking:
        print(f"blocking: {line}")
    for line in check.advisory:
        print(f"advisory: {line}")
    if check.ready:
        print(f"{args.year}: ready to run" + (f" ({len(check.advisory)} advisory note(s) above)" if check.advisory else ""))
        return 0
    print(f"{args.year}: not ready, {len(check.blocking)} thing(s) block the run")
    return 1


def _new_year(args) -> int:
    from .newyear import RegisterError, new_year_files

    try:
        folder = config.check_output_folder(args.into, "--into") if args.into else Path("incoming") / str(args.year)
        written = new_year_files(args.year, folder, config.data_paths(""))
    except (RegisterError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"written: {path}")
    return 0


COMMANDS = {"run": _run, "validate": _validate, "report": _report, "register": _register, "new-year": _new_year,
            "check-year": _check_year, "add-article": _add_article}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (RunError, ValueError, LookupError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
