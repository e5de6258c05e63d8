"""clinic-admin on a real clinic: --path and --user before or after the command do the same."""

from __future__ import annotations

import io
import sys

import pytest

from clinic import cli
from tests.conftest import ADMIN_PASSWORD, ClinicUnderTest


def _run(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("backend", ["sqlcipher"])
def test_user_list_and_audit_verify_take_the_options_anywhere(
    clinic: ClinicUnderTest, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clinic.clinic.close()
    options = ["--path", str(clinic.home), "--user", "admin"]

    listings = []
    for argv in (
        [*options, "user", "list"],
        ["user", "list", *options],
        ["user", *options, "list"],
    ):
        code, out, err = _run(argv, monkeypatch, capsys)
        assert code == 0, err
        listings.append(out)
    assert "admin" in listings[0]
    assert listings[1] == listings[0] and listings[2] == listings[0]

    for argv in ([*options, "audit", "verify"], ["audit", "verify", *options]):
        code, out, err = _run(argv, monkeypatch, capsys)
        assert code == 0, err
        assert "Audit trail intact" in out

    code, out, err = _run(["user", "list", "--path", str(clinic.home)], monkeypatch, capsys)
    assert code == 2 and "--user NAME" in err
