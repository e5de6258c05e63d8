"""clinic-admin takes --path and --user before the command, after it, or between its words."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic import cli

# Every command with the arguments it requires, without --path and --user.
COMMANDS = [
    ["init", "--name", "N", "--admin", "root", "--key-backup", "k.json"],
    ["demo", "--force"],
    ["generate", "--years", "0.5", "--patients", "20", "--seed", "3"],
    ["user", "add", "nurse1", "--full-name", "A Nurse", "--roles", "nurse"],
    ["user", "list"],
    ["user", "roles", "nurse1", "nurse,pharmacist"],
    ["user", "disable", "nurse1", "--reason", "left"],
    ["user", "reset-password", "nurse1"],
    ["backup", "b.clinicbak"],
    ["restore", "b.clinicbak"],
    ["audit", "verify"],
    ["audit", "export", "a.csv", "--since", "2026-01-01"],
    ["register", "export", "--place-id", "1", "--product-id", "2", "--month", "2026-11", "r.pdf"],
    ["ledger", "purge", "--lot-id", "3"],
    ["key", "backup", "k.json"],
    ["key", "export", "k.json"],
    ["key", "restore", "k.json"],
    ["key", "import", "k.json", "--server-url", "postgresql://h/db", "--name", "N"],
]
OPTIONS = ["--path", "/srv/clinic", "--user", "admin"]
GROUPS = ("user", "audit", "register", "ledger", "key")


def _name(command: list[str]) -> str:
    return " ".join(command[:2]) if command[0] in GROUPS else command[0]


def _parse(argv: list[str]) -> dict[str, object]:
    return vars(cli.build_parser().parse_args(argv))


@pytest.mark.parametrize("command", COMMANDS, ids=_name)
def test_options_before_and_after_the_command_mean_the_same(command: list[str]) -> None:
    before = _parse([*OPTIONS, *command])
    assert before["path"] == "/srv/clinic" and before["user"] == "admin"
    assert _parse([*command, *OPTIONS]) == before
    # split: one option before the command, the other after it
    assert _parse([*OPTIONS[:2], *command, *OPTIONS[2:]]) == before
    assert _parse([*OPTIONS[2:], *command, *OPTIONS[:2]]) == before
    if command[0] in GROUPS:
        # between a group and its command: `user --path DIR list`
        assert _parse([command[0], *OPTIONS, *command[1:]]) == before


@pytest.mark.parametrize("command", COMMANDS, ids=_name)
def test_without_the_options_they_stay_unset(command: list[str]) -> None:
    args = _parse(command)
    assert args["path"] is None and args["user"] is None


def _leaf_parsers(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield name, child
                yield from _leaf_parsers(child)


def test_every_command_knows_the_options() -> None:
    """A command added later gets them too, through the helpers in build_parser."""
    parsers = list(_leaf_parsers(cli.build_parser()))
    assert len(parsers) >= len(COMMANDS)
    for name, parser in parsers:
        options = {o for action in parser._actions for o in action.option_strings}
        assert {"--path", "--user"} <= options, name


def test_without_any_path_the_default_folder_is_used_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    nowhere = tmp_path / "no-clinic-here"
    monkeypatch.setenv("CLINIC_HOME", str(nowhere))
    assert cli.main(["--user", "admin", "user", "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("clinic-admin: ")
    assert f"No clinic at {nowhere}" in err


def test_a_path_after_the_command_is_not_lost_to_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CLINIC_HOME", str(tmp_path / "default"))
    given = tmp_path / "given"
    assert cli.main(["user", "list", "--user", "admin", "--path", str(given)]) == 2
    err = capsys.readouterr().err
    assert f"No clinic at {given.resolve()}" in err
    assert "default" not in err


def test_demo_takes_its_path_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`clinic-admin demo --path DIR` reaches the demo; a folder holding a clinic is refused."""
    home = tmp_path / "taken"
    home.mkdir()
    settings = json.dumps({"format": "not-a-demo"})
    (home / "clinic.json").write_text(settings, "utf-8")
    assert cli.main(["demo", "--path", str(home)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("clinic-admin: ") and str(home.resolve()) in err
    assert sorted(p.name for p in home.iterdir()) == ["clinic.json"]
    assert (home / "clinic.json").read_text("utf-8") == settings
