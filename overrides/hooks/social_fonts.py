"""Fill the social plugin's font cache from system fonts, so social cards build offline.

Material's social plugin downloads a font family from Google Fonts the first time it
needs it, unless `<cache_dir>/fonts/<Family>/<Style>.ttf` already exists. This hook
copies Debian's Roboto (package `fonts-roboto-unhinted`) into that folder first.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

# Debian's `fonts-roboto-unhinted`; `make system-deps` installs it.
_SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF"),
    Path("/usr/share/fonts/truetype/roboto/unhinted"),
)
_FAMILY = "Roboto"
# The styles the default card layout asks for (site name and title bold, text regular).
_REQUIRED_STYLES = ("Bold", "Regular")

# --- Hooks ---------------------------------------------------------------------------


def on_config(config: Any) -> None:
    """Runs after the social plugin's own on_config has resolved its cache folder."""
    social = config.plugins.get("material/social")
    if social is None or not social.config.enabled:
        return
    _fill_font_cache(Path(social.config.cache_dir) / "fonts" / _FAMILY)


# --- Helper functions ----------------------------------------------------------------


def _fill_font_cache(target: Path) -> None:
    if all((target / f"{style}.ttf").is_file() for style in _REQUIRED_STYLES):
        return
    source = next((d for d in _SYSTEM_FONT_DIRS if (d / "Roboto-Regular.ttf").is_file()), None)
    if source is None:
        raise PluginError(
            "Social cards need the Roboto font from the Debian package "
            "'fonts-roboto-unhinted' (run `make system-deps`); without it the social "
            "plugin would try to download it from Google Fonts."
        )
    target.mkdir(parents=True, exist_ok=True)
    # The plugin names files after the font's style name: Roboto-BoldItalic.ttf is
    # "Bold Italic.ttf", Roboto-Regular.ttf is "Regular.ttf".
    for font in sorted(source.glob(f"{_FAMILY}-*.ttf")):
        style = _style_name(font.stem.removeprefix(f"{_FAMILY}-"))
        shutil.copyfile(font, target / f"{style}.ttf")


def _style_name(suffix: str) -> str:
    """'BoldItalic' -> 'Bold Italic', 'Italic' -> 'Italic'."""
    if suffix != "Italic" and suffix.endswith("Italic"):
        return f"{suffix.removesuffix('Italic')} Italic"
    return suffix
