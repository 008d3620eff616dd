"""Render the application icon (resources/icons/cpts-desktop.svg) at the usual sizes: PNGs in the
freedesktop « hicolor » layout, and the Windows .ico. Run again after changing the SVG."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
APP_ID = "fr.cpts_desktop.CptsDesktop"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    svg = ICONS / "cpts-desktop.svg"
    renderer = QSvgRenderer(str(svg))
    for size in SIZES:
        folder = ICONS / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        render(renderer, size).save(str(folder / f"{APP_ID}.png"))
    scalable = ICONS / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable / f"{APP_ID}.svg")
    writer = QImageWriter(str(ICONS / "cpts-desktop.ico"), b"ico")
    if not writer.write(render(renderer, 256)):
        raise SystemExit(f"ico : {writer.errorString()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
