"""Interface languages: Qt translators from resources/i18n, switched at run time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from clinic.errors import LANGUAGES, set_language, system_language

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
I18N_DIR = RESOURCES / "i18n"
SYSTEM = "system"


def lrelease_path() -> Path | None:
    """Qt's lrelease as shipped inside the PySide6 package (PySide6-Essentials has it)."""
    import PySide6

    package = Path(PySide6.__file__).parent
    for candidate in (package / "lrelease", package / "lrelease.exe", package / "Qt/bin/lrelease"):
        if candidate.exists():
            return candidate
    return None


def compile_catalogue(source: Path, target: Path) -> bool:
    """Build TARGET (.qm) from SOURCE (.ts) with lrelease; False if the tool is not there."""
    tool = lrelease_path()
    if tool is None:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [str(tool), "-silent", str(source), "-qm", str(target)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0 and target.exists()


def catalogue(language: str) -> Path | None:
    """The compiled .qm for LANGUAGE, built from its .ts when missing or out of date."""
    source = I18N_DIR / f"clinic_{language}.ts"
    if not source.exists():
        return None
    beside = I18N_DIR / f"clinic_{language}.qm"
    cached = Path(platformdirs.user_cache_dir("clinic", appauthor=False)) / beside.name
    for target in (beside, cached):
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            return target
    for target in (beside, cached):
        try:
            if compile_catalogue(source, target):
                return target
        except OSError:
            continue
    print(f"clinic: could not compile {source}; showing English", file=sys.stderr)
    return None


def resolve(choice: str | None) -> str:
    """The concrete language for a setting value: 'system', 'zh_CN' or 'en'."""
    if choice in LANGUAGES:
        return str(choice)
    forced = os.environ.get("CLINIC_LANGUAGE")
    if forced in LANGUAGES:
        return str(forced)
    return system_language()


class Languages:
    """Holds the installed translator; switching sends LanguageChange to every widget."""

    def __init__(self) -> None:
        self._translators: list[QTranslator] = []
        self.current = "en"

    def apply(self, choice: str | None) -> str:
        language = resolve(choice)
        app = QCoreApplication.instance()
        if app is not None:
            for old in self._translators:
                app.removeTranslator(old)
            self._translators = []
            qt_own = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            ours = catalogue(language)
            # Qt's own strings (standard buttons, dialogs) first, ours on top.
            for path in (Path(qt_own) / f"qtbase_{language}.qm", ours):
                translator = QTranslator(app)
                if path is not None and path.exists() and translator.load(str(path)):
                    app.installTranslator(translator)
                    self._translators.append(translator)
        QLocale.setDefault(QLocale("zh_CN" if language == "zh_CN" else "en_US"))
        set_language(language)
        self.current = language
        return language


languages = Languages()
