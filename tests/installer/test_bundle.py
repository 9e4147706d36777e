"""The frozen build's lists, the Inno Setup script and the Windows workflow agree with each other and
with the checkout: every file the spec bundles exists, every module it names by hand can be imported,
and the one version reaches every place that shows it. (`make dist-check` then runs the build itself.)"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))
import bundle  # noqa: E402

ISS = (ROOT / "installer" / "subscriber-desk.iss").read_text(encoding="utf-8")
WORKFLOW = (ROOT / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
SPEC = (ROOT / "installer" / "subscriber-desk.spec").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
APP_ID = "{{6F0C9F2E-5B1D-4C7A-9E43-2D8A1B7C5E10}"  # never to change: upgrades find the install by it


@pytest.mark.parametrize(("source", "target"), bundle.DATA)
def test_every_bundled_file_exists(source: str, target: str) -> None:
    path = ROOT / source
    assert path.exists(), f"the spec bundles {source}, which is not in the checkout"
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    assert files and all(f.stat().st_size > 0 for f in files)


def test_the_resources_the_program_reads_are_all_bundled() -> None:
    from app import resources

    bundled = {ROOT / source for source, _target in bundle.DATA}
    for path in (
        resources.REGULAR_FONT,
        resources.BOLD_FONT,
        resources.STYLE_SHEET,
        resources.WINDOW_ICON,
        resources.COMMON_PASSWORDS,
        resources.TRANSLATIONS_DIR / "subscriber_desk_ru.qm",
    ):
        assert path in bundled or path.parent in bundled, f"{path} is read by the program but not bundled"
    assert bundle.ICON.exists()


def test_every_module_named_by_hand_exists() -> None:
    names = bundle.HIDDEN_IMPORTS + bundle.migration_imports() + bundle.COLLECT_SUBMODULES
    missing = [name for name in names if importlib.util.find_spec(name) is None]
    assert not missing
    assert "alembic" in bundle.migration_imports() and "sqlalchemy" in bundle.migration_imports()


def test_one_version_everywhere() -> None:
    assert bundle.version() == __version__
    assert bundle.version_tuple()[: len(__version__.split("."))] == tuple(
        int(p) for p in __version__.split(".")
    )
    assert "VSVersionInfo" in bundle.version_resource().read_text(encoding="utf-8")
    assert "AppVersion={#AppVersion}" in ISS and "#error" in ISS
    assert "bundle.version()" in WORKFLOW and "/DAppVersion=" in WORKFLOW


def test_the_installer_script_installs_what_the_spec_builds() -> None:
    assert re.search(rf'#define AppFolder "{bundle.NAME}"', ISS)
    assert re.search(rf'#define CommandLineExe "{bundle.NAME}\.exe"', ISS)
    assert re.search(rf'#define WindowedExe "{bundle.WINDOWED_NAME}\.exe"', ISS)
    assert f"AppId={APP_ID}" in ISS
    assert "DefaultDirName={autopf}" in ISS and "PrivilegesRequired=admin" in ISS
    assert "Russian.isl" in ISS and "Default.isl" in ISS
    assert not re.search(r"^\[UninstallDelete\]", ISS, re.MULTILINE), "uninstalling keeps the user's data"
    assert "desktopicon" in ISS and "{group}" in ISS


def test_linux_and_windows_build_from_the_same_spec_and_pins() -> None:
    for text in (WORKFLOW, MAKEFILE):
        assert "installer/subscriber-desk.spec" in text and "installer/requirements.txt" in text
    assert "tools/dist_check.py" in WORKFLOW and "tools/dist_check.py" in MAKEFILE
    assert "import bundle" in SPEC and "bundle.DATA" in SPEC and "bundle.HIDDEN_IMPORTS" in SPEC
    compile(SPEC, "subscriber-desk.spec", "exec")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "make dist-check" in ci
