"""Build the map font: a renamed subset of NanumGothic (OFL 1.1) for ``bot/maps/fonts/``.

Not run by the bot. Reproduce with the Debian package ``fonts-nanum`` (20200506-1) unpacked:

    apt-get download fonts-nanum && dpkg-deb -x fonts-nanum_*.deb nanum
    uv run --with fonttools python scripts/build_map_font.py nanum/usr/share/fonts/truetype/nanum

Kept: ASCII, Latin-1, common punctuation and arrows, the 2,350 Hangul syllables of KS X 1001
plus any other syllable used in the bot's texts and data. Hinting is dropped (the maps draw at
13-28 px with FreeType's autohinter). The OFL forbids a Modified Version from using the Reserved
Font Names ("Nanum", "NanumGothic", ...), so the subset is renamed "Bundletrip Map Gothic".
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bot" / "maps" / "fonts"
FAMILY = "Bundletrip Map Gothic"


def _hangul_used() -> set[int]:
    used: set[int] = set()
    for path in [
        *ROOT.glob("bot/**/*.json"),
        *ROOT.glob("bot/**/*.py"),
        *ROOT.glob("adapters/**/*.py"),
    ]:
        used.update(ord(c) for c in path.read_text("utf-8") if 0xAC00 <= ord(c) <= 0xD7A3)
    return used


def _codepoints() -> list[int]:
    wanted = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    wanted |= set(range(0x2010, 0x2028)) | set(range(0x2190, 0x2194)) | {0x2022, 0x2026, 0x00B7}
    wanted |= {cp for cp in range(0xAC00, 0xD7A4) if len(chr(cp).encode("euc-kr")) == 2}
    return sorted(wanted | _hangul_used())


def build(source: Path, style: str, out_name: str) -> None:
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True  # keep .notdef drawn: tests compare glyphs against it
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_codepoints())
    subsetter.subset(font)
    names = font["name"]
    full = f"{FAMILY} {style}"
    post = FAMILY.replace(" ", "") + "-" + style
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (2, 17):
            names.setName(style, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (3, 4):
            names.setName(full, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(post, record.nameID, record.platformID, record.platEncID, record.langID)
    font.save(OUT / out_name)


def main() -> None:
    source = Path(sys.argv[1])
    build(source / "NanumGothicBold.ttf", "Bold", "MapGothic-Bold.ttf")


if __name__ == "__main__":
    main()
