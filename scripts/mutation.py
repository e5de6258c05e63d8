"""Mutation testing of one module against the tests that matter, with mutmut.

    python scripts/mutation.py --mutate clinic/dosing/units.py --tests "tests/unit/test_units.py"
    python scripts/mutation.py --mutate clinic/dosing/window.py --tests "..." --only "dose_gate"

(`make mutation MUTATE=... TESTS=... ONLY=...` runs this.) --only restricts the run, and the
summary, to some functions' mutants: a function's name (`dose_gate`) or mutmut's own name
pattern (`clinic.dosing.window.x_dose_gate__mutmut_1*`). mutmut's configuration is pyproject.toml's
[tool.mutmut]; this sets only_mutate to the module(s) and the test selection to the tests given,
starts from an empty ./mutants/ (mutmut keeps a mutant's old verdict when only the tests changed,
so a cached run would still count mutants a new test kills as survivors), keeps mutmut's own
output in mutants/mutmut-run.log, and prints each module's killed / survived / timeout counts with
every surviving mutant's diff.
"""

from __future__ import annotations

import argparse
import collections
import fnmatch
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOG = Path("mutants") / "mutmut-run.log"


def _configure(mutate: list[str], tests: list[str]) -> None:
    """Point mutmut's configuration (read from pyproject.toml) at MUTATE and TESTS."""
    from mutmut.configuration import config

    settings = config()
    settings.only_mutate = mutate
    settings.pytest_add_cli_args_test_selection = tests


def _patterns(only: list[str]) -> list[str]:
    """mutmut's name patterns for ONLY: a bare function name NAME becomes `*.x_NAME` (which
    selects the tests that reach it) and `*.x_NAME__mutmut_*` (its mutants)."""
    patterns = []
    for item in only:
        if "." in item or "*" in item or "?" in item:
            patterns.append(item)
        else:
            patterns += [f"*.x_{item}", f"*.x_{item}__mutmut_*"]
    return patterns


def _inner(args: argparse.Namespace) -> int:
    """mutmut run, in this process, with the configuration pointed at the module."""
    _configure(args.mutate, args.tests)
    from mutmut.__main__ import cli

    run = ["run", "--max-children", str(args.max_children), *_patterns(args.only)]
    cli.main(run, standalone_mode=False)
    return 0


def _summary(mutate: list[str], only: list[str]) -> int:
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.stats import status_by_exit_code

    missing = 0
    for module in mutate:
        meta = Path("mutants") / f"{module}.meta"
        if not meta.exists():
            print(f"{module}: no mutation results (is it a Python file under source_paths?)")
            missing += 1
            continue
        verdicts = json.loads(meta.read_text())["exit_code_by_key"]
        if only:
            patterns = _patterns(only)
            verdicts = {
                name: code
                for name, code in verdicts.items()
                if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)
            }
        statuses = {name: status_by_exit_code[code] for name, code in verdicts.items()}
        counts = collections.Counter(statuses.values())
        shown = ", ".join(f"{n} {status}" for status, n in counts.most_common())
        print(f"{module}: {len(statuses)} mutants: {shown}")
        for name, status in statuses.items():
            if status in ("killed", "timeout"):
                continue
            print(f"\n{status}: {name}")
            diff = get_diff_for_mutant(name, path=module).splitlines()
            print("\n".join(line for line in diff if line[:1] in "-+" and line[:3] not in "---+++"))
    return 1 if missing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutate", required=True, help="the module paths to mutate")
    parser.add_argument("--tests", required=True, help="pytest's arguments selecting the tests")
    parser.add_argument(
        "--only", default="", help="functions (or mutmut name patterns) whose mutants to run"
    )
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.mutate, args.tests = args.mutate.split(), shlex.split(args.tests)
    args.only = args.only.split()
    os.chdir(ROOT)
    if args.inner:
        return _inner(args)

    shutil.rmtree("mutants", ignore_errors=True)
    LOG.parent.mkdir()
    print(
        f"mutmut: {' '.join(args.mutate)} against {shlex.join(args.tests)} (log: {LOG})", flush=True
    )
    with LOG.open("w") as log:
        run = subprocess.run(
            [sys.executable, __file__, "--inner", *sys.argv[1:]],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    if run.returncode != 0:
        lines = LOG.read_text(errors="replace").replace("\r", "\n").splitlines()
        print("\n".join(line for line in lines[-60:] if line.strip()))
        print(f"mutmut failed (exit {run.returncode}); its whole output is in {LOG}")
        return run.returncode
    _configure(args.mutate, args.tests)
    return _summary(args.mutate, args.only)


if __name__ == "__main__":
    sys.exit(main())
