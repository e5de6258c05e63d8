"""The system libraries that Qt's xcb platform plugin links are installed.

Without one of them a real desktop stops at start with "Could not load the Qt platform plugin xcb"
while every offscreen test still passes; scripts/setup-system.sh installs them (`make setup`).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the xcb platform plugin and ldd are Linux only"
)


def _plugins_dir() -> Path:
    from PySide6.QtCore import QLibraryInfo

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))


def _xcb_plugins() -> list[Path]:
    """The xcb platform plugin, and the GL integrations it loads when a window opens."""
    plugins = _plugins_dir()
    return [
        plugins / "platforms" / "libqxcb.so",
        *sorted((plugins / "xcbglintegrations").glob("*.so")),
    ]


def _unresolved(library: Path) -> list[str]:
    ldd = shutil.which("ldd")
    assert ldd, "ldd is missing (Debian's libc-bin ships it)"
    done = subprocess.run(
        [ldd, str(library)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, f"ldd {library} failed: {done.stderr.strip()}"
    return sorted({line.split()[0] for line in done.stdout.splitlines() if "not found" in line})


def test_the_xcb_platform_plugin_is_there() -> None:
    plugin = _plugins_dir() / "platforms" / "libqxcb.so"
    assert plugin.is_file(), f"PySide6 has no xcb platform plugin at {plugin}"


@pytest.mark.parametrize("library", _xcb_plugins(), ids=lambda path: path.name)
def test_every_library_of_the_xcb_plugin_resolves(library: Path) -> None:
    if not library.exists():
        pytest.skip(f"{library} is not in this PySide6")
    missing = _unresolved(library)
    assert not missing, (
        f"{library.name} needs libraries this system lacks: {', '.join(missing)}. "
        "Add their Debian packages to scripts/setup-system.sh and run it (make setup)."
    )
