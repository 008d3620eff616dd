"""The installable bundle: built with PyInstaller, then run from outside the project, with no Python
environment, as a user's machine would (slow: about a minute; skip locally with -m "not slow")."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from cpts_desktop import __version__

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_bundle_runs_on_a_machine_without_the_project(tmp_path: Path):
    folders = ["--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "build")]
    spec = str(ROOT / "packaging" / "cpts-desktop.spec")
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR", *folders, spec]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=900)
    bundle = tmp_path / "dist" / "cpts-desktop"
    assert list((bundle / "_internal").glob("_rl_accel*")), "reportlab's C speed-ups are missing"
    home = tmp_path / "utilisateur"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bundle / "cpts"), *args], cwd=home, env=env, capture_output=True, text=True, timeout=120
        )

    assert run("--version").stdout.strip() == f"cpts {__version__}"
    base = home / "essai.sqlite"
    created = run("--db", str(base), "init", "--demo")
    assert created.returncode == 0, created.stderr
    assert "150 adhérents" in created.stdout
    report = run("--db", str(base), "pdf", "grants-report", "--year", "2026", "-o", str(home / "rapport.pdf"))
    assert report.returncode == 0, report.stderr
    assert (home / "rapport.pdf").read_bytes().startswith(b"%PDF")

    gui = subprocess.Popen(
        [str(bundle / "cpts-desktop"), "--db", str(base)], cwd=home, env=env, stderr=subprocess.PIPE, text=True
    )
    time.sleep(2)
    still_running = gui.poll() is None
    gui.terminate()
    _out, errors = gui.communicate(timeout=30)
    assert still_running, errors
    assert "Traceback" not in errors
    # the window builds its sections once shown: an error there would be logged, not printed
    logs = list(home.rglob("cpts-desktop.log"))
    assert logs, "the application's log file was not created"
    logged = "".join(log.read_text(encoding="utf-8") for log in logs)
    assert "erreur inattendue" not in logged and "Traceback" not in logged
