"""Font coverage: which characters the theme's fonts draw, and where content uses others."""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from policybrief.content.corpus import Corpus, Record
from policybrief.errors import Diagnostic, Diagnostics, Severity
from policybrief.render.fontfiles import FontIndex
from policybrief.render.glyphs import Coverage, check_glyphs, covered
from policybrief.render.theme import PACKAGED_THEME
from tests.helpers import load_corpus

FONTS = PACKAGED_THEME / "fonts"
HIEROGLYPH = "\U00013000"  # EGYPTIAN HIEROGLYPH A001: in no theme font
KA = "\u0915"  # DEVANAGARI LETTER KA: in the Devanagari fonts only


@pytest.fixture
def latin() -> Path:
    return FONTS / "NotoSans-Regular.ttf"


@pytest.fixture
def devanagari() -> Path:
    return FONTS / "NotoSansDevanagari-Regular.ttf"


def cover(*fonts: Path) -> frozenset[int]:
    return covered(fonts, FontIndex(None))


# coverage


def test_a_font_covers_its_characters_only(latin: Path) -> None:
    points = cover(latin)
    assert {ord(c) for c in "Aa€—é"} <= points
    assert ord(KA) not in points
    assert ord(HIEROGLYPH) not in points


def test_coverage_is_the_union_of_the_fonts(latin: Path, devanagari: Path) -> None:
    both = cover(latin, devanagari)
    assert ord(KA) in both
    assert ord("A") in both
    assert cover(latin) < both


class _CountingIndex(FontIndex):
    """A font index that records which fonts' characters were read."""

    def __init__(self) -> None:
        super().__init__(None)
        self.read: list[str] = []

    def coverage(self, path: Path) -> frozenset[int]:
        self.read.append(path.name)
        return super().coverage(path)


def test_lazy_coverage_reads_a_font_only_for_a_character_the_smaller_ones_lack(
    latin: Path, devanagari: Path
) -> None:
    cjk = next(FONTS.glob("*CJK*"), None) or max(FONTS.glob("*.tt[fc]"), key=os.path.getsize)
    index = _CountingIndex()
    lazy = Coverage([cjk, devanagari, latin], index)
    assert ord("A") in lazy
    assert ord(KA) in lazy  # the Devanagari font is read now
    assert cjk.name not in index.read  # never needed: the build and check skip it
    assert ord(HIEROGLYPH) not in lazy  # in no font: every font is read to say so
    assert cjk.name in index.read
    every = cover(cjk, devanagari, latin)
    assert {p for p in range(0x20, 0x3000) if p in lazy} == {
        p for p in range(0x20, 0x3000) if p in every
    }


def test_files_that_are_not_fonts_count_for_nothing(tmp_path: Path) -> None:
    (tmp_path / "OFL.txt").write_text("ABC", encoding="utf-8")
    assert cover(tmp_path / "OFL.txt") == frozenset()


# The leak is the subject of the next test; here only the coverage counts.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_broken_font_file_covers_nothing_and_raises_nothing(tmp_path: Path) -> None:
    (tmp_path / "Broken.ttf").write_bytes(b"not a font at all")
    (tmp_path / "Broken.otf").write_bytes(b"\x00\x01\x00\x00")
    assert cover(tmp_path / "Broken.ttf", tmp_path / "Broken.otf") == frozenset()


def test_a_broken_font_file_is_closed(tmp_path: Path) -> None:
    (tmp_path / "Broken.ttf").write_bytes(b"not a font at all")
    assert cover(tmp_path / "Broken.ttf") == frozenset()


def test_a_replaced_font_file_is_read_again(tmp_path: Path) -> None:
    font = tmp_path / "Font.ttf"
    shutil.copy(FONTS / "NotoSans-Regular.ttf", font)
    os.utime(font, (1_000_000, 1_000_000))
    index = FontIndex(tmp_path / "fonts.json")
    assert ord(KA) not in covered([font], index)
    before = index.digest(font)
    shutil.copy(FONTS / "NotoSansDevanagari-Regular.ttf", font)
    os.utime(font, (2_000_000, 2_000_000))  # a new modification time, however coarse the clock
    assert ord(KA) in covered([font], index)
    assert index.digest(font) != before


def test_the_cache_keeps_coverage_and_digest_for_the_next_run(tmp_path: Path) -> None:
    font = tmp_path / "Font.ttf"
    shutil.copy(FONTS / "NotoSans-Regular.ttf", font)
    index = FontIndex(tmp_path / "cache" / "fonts.json")
    points, digest = covered([font], index), index.digest(font)
    index.save()
    again = FontIndex(tmp_path / "cache" / "fonts.json")
    # The file's bytes change but its size and time do not: the cache answers.
    stat = font.stat()
    font.write_bytes(b"x" * stat.st_size)
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert covered([font], again) == points
    assert again.digest(font) == digest


def test_an_unreadable_cache_is_ignored(tmp_path: Path, latin: Path) -> None:
    (tmp_path / "fonts.json").write_text("{not json", encoding="utf-8")
    assert covered([latin], FontIndex(tmp_path / "fonts.json")) == cover(latin)


# characters in content


def check(
    records: list[Record[Any]], points: frozenset[int], error: bool = False
) -> list[Diagnostic]:
    diags = Diagnostics()
    check_glyphs(records, points, diags, error=error)
    return diags.items


def where(d: Diagnostic, root: Path) -> str:
    return f"{d.path.relative_to(root).as_posix()}:{d.position.line}:{d.position.column}"


def all_records(corpus: Corpus) -> list[Record[Any]]:
    return [
        *corpus.actors.values(),
        *corpus.agenda.values(),
        *corpus.analysis.values(),
        *corpus.sources.values(),
        *corpus.briefs.values(),
    ]


def test_the_valid_project_needs_no_other_font(make_project) -> None:
    root = make_project()
    assert check(all_records(load_corpus(root)), cover(*FONTS.glob("*.ttf"))) == []


def test_an_uncovered_character_in_a_field_is_reported_at_its_position(
    make_project, latin: Path
) -> None:
    root = make_project(
        {
            "content/actors/bob-jones.yaml": (
                f"name: Bob Jones\nkind: person\nrole: Envoy {HIEROGLYPH}\ncountry: beta\n"
            )
        }
    )
    record = load_corpus(root).actors["bob-jones"]
    [d] = check([record], cover(latin))
    assert where(d, root) == "content/actors/bob-jones.yaml:3:13"
    assert d.severity is Severity.WARNING
    assert d.code == "missing-glyph"
    assert d.message == (
        f"no theme font has 1 character of Egyptian Hieroglyphs script in role: "
        f"{HIEROGLYPH} (U+13000)"
    )
    assert d.hint is not None
    assert "templates/fonts/" in d.hint


def test_one_diagnostic_per_field_names_every_character_and_its_script(
    make_project, latin: Path
) -> None:
    ethiopic = "ሀለሐ"
    root = make_project(
        {
            "content/actors/bob-jones.yaml": (
                f"name: Bob Jones\nnative_name: {ethiopic} {ethiopic[0]}\ue000\nkind: person\n"
                f"aliases: [Bob, {ethiopic[1]}x, Ꭰ]\ncountry: beta\n"
            )
        }
    )
    record = load_corpus(root).actors["bob-jones"]
    found = check([record], cover(latin))
    assert [(where(d, root), d.message) for d in found] == [
        (
            "content/actors/bob-jones.yaml:2:14",
            "no theme font has 3 characters of Ethiopic script and 1 of private use in "
            "native_name: ሀ (U+1200) ለ (U+1208) ሐ (U+1210) \ue000 (U+E000)",
        ),
        (
            "content/actors/bob-jones.yaml:4:16",
            "no theme font has 1 character of Ethiopic script and 1 of Cherokee script in "
            "aliases: ለ (U+1208) Ꭰ (U+13A0)",
        ),
    ]


def test_a_final_brief_makes_it_an_error(make_project, latin: Path) -> None:
    root = make_project(
        {"content/actors/bob-jones.yaml": "name: Bob ሀ\nkind: person\ncountry: beta\n"}
    )
    record = load_corpus(root).actors["bob-jones"]
    [d] = check([record], cover(latin), error=True)
    assert d.severity is Severity.ERROR


def test_a_long_list_of_characters_is_cut_with_a_count(make_project, latin: Path) -> None:
    hieroglyphs = "".join(chr(0x13000 + i) for i in range(15))
    root = make_project(
        {"content/actors/bob-jones.yaml": f"name: {hieroglyphs}\nkind: person\ncountry: beta\n"}
    )
    [d] = check([load_corpus(root).actors["bob-jones"]], cover(latin))
    assert d.message.startswith("no theme font has 15 characters of Egyptian Hieroglyphs script")
    assert d.message.endswith("(U+1300B) and 3 more")


def test_an_uncovered_character_in_a_markdown_body_is_reported_at_its_position(
    make_project, latin: Path
) -> None:
    root = make_project(
        {
            "content/analysis/outlook.md": (
                "---\ntitle: Outlook\nkind: outlook\n---\nFirst line.\nSecond: क here.\n"
            )
        }
    )
    record = load_corpus(root).analysis["outlook"]
    [d] = check([record], cover(latin))
    assert where(d, root) == "content/analysis/outlook.md:6:9"
    assert d.message == "no theme font has 1 character of Devanagari script in the text: क (U+0915)"


def test_a_character_reference_in_markdown_is_checked_as_its_character(
    make_project, latin: Path
) -> None:
    # "&#x1230;" printed as an empty box in a final brief, and check said nothing.
    root = make_project(
        {
            "content/analysis/outlook.md": (
                "---\ntitle: Outlook &#x1230;\nkind: outlook\n---\nFirst &amp; &#4656; "
                "`&#x1231;`\n\n    &#x1232;\n\nand &#x1233; &nosuch;\n"
            ),
        }
    )
    record = load_corpus(root).analysis["outlook"]
    [d] = check([record], cover(latin))
    # The title is plain text (it prints "&#x1230;" as typed); code prints as typed too.
    assert where(d, root) == "content/analysis/outlook.md:5:13"
    assert d.message == (
        "no theme font has 2 characters of Ethiopic script in the text: ሰ (U+1230) ሳ (U+1233)"
    )


def test_covered_characters_are_not_reported(make_project, latin: Path, devanagari: Path) -> None:
    root = make_project(
        {
            "content/analysis/outlook.md": (
                "---\ntitle: Outlook — “quoted”\nkind: outlook\n---\nCafé क €5.\n"
            )
        }
    )
    record = load_corpus(root).analysis["outlook"]
    assert len(check([record], cover(latin))) == 1
    assert check([record], cover(latin, devanagari)) == []


def test_each_file_and_field_is_reported_once(make_project, latin: Path) -> None:
    root = make_project(
        {
            "content/actors/bob-jones.yaml": (
                f"name: Bob {HIEROGLYPH}\nkind: person\nrole: {HIEROGLYPH}{HIEROGLYPH}\n"
                "country: beta\n"
            ),
            "content/actors/ann-smith.yaml": (
                f"name: Ann {HIEROGLYPH}\nkind: person\nrole: Minister\ncountry: alpha\n"
            ),
        }
    )
    corpus = load_corpus(root)
    records = [corpus.actors["bob-jones"], corpus.actors["ann-smith"]]
    found = [where(d, root) for d in check(records, cover(latin))]
    assert found == [
        "content/actors/bob-jones.yaml:1:11",
        "content/actors/bob-jones.yaml:3:7",
        "content/actors/ann-smith.yaml:1:11",
    ]


def test_spaces_controls_and_format_characters_are_never_reported(make_project) -> None:
    # U+3000 is a space, U+200B and U+2060 are format characters (Cf): none is drawn.
    root = make_project(
        {
            "content/analysis/outlook.md": (
                "---\ntitle: a\u200bb\nkind: outlook\n---\nx\u3000y\u2060z\n"
            )
        }
    )
    record = load_corpus(root).analysis["outlook"]
    latin = cover(*FONTS.glob("*.ttf")) - {0x3000, 0x200B, 0x2060}
    assert check([record], latin) == []
    assert [d.message for d in check([record], latin - {ord("z")})] == [
        "no theme font has 1 character of Latin script in the text: z (U+007A)"
    ]


def test_a_font_whose_reading_was_interrupted_is_read_again(latin: Path, devanagari: Path) -> None:
    class Failing(FontIndex):
        def __init__(self) -> None:
            super().__init__(None)
            self.fail = True

        def coverage(self, path: Path) -> frozenset[int]:
            if self.fail and path == devanagari:
                self.fail = False
                raise TimeoutError("the brief's time limit, mid-read")
            return super().coverage(path)

    lazy = Coverage([latin, devanagari], Failing())
    with pytest.raises(TimeoutError):
        assert ord(KA) in lazy
    assert ord(KA) in lazy  # not lost for the next brief on the template


def test_a_font_whose_character_map_cannot_be_parsed_covers_nothing(tmp_path: Path) -> None:
    # The table directory intact, bytes changed inside the cmap (from a breaking trial).
    damaged = Path(__file__).parents[2] / "data" / "fonts" / "cherokee-bad-cmap.ttf"
    assert cover(damaged) == frozenset()
    # Not cut short, but damaged all the same: reported as such (damaged-font), not left
    # to draw .notdef boxes in a PDF that builds without a word.
    assert FontIndex(None).damage(damaged) == (
        "its character map (the 'cmap' table) cannot be read: it is damaged"
    )


def test_variation_selectors_and_other_ignorables_are_never_reported(make_project) -> None:
    # ©️ and ✓︎ as Word and phones write them: the selectors (marks, not format
    # characters) are drawn by no font and were reported, refusing a final brief.
    text = "©\ufe0f ™\ufe0f ✓\ufe0e a\u034fb \U000e0100x"
    root = make_project(
        {"content/analysis/outlook.md": f"---\ntitle: Marks\nkind: outlook\n---\n{text}\n"}
    )
    record = load_corpus(root).analysis["outlook"]
    selectors = {0xFE0F, 0xFE0E, 0x034F, 0xE0100}
    fonts = cover(*FONTS.glob("*.ttf")) | {ord(c) for c in "©™✓"}
    assert check([record], fonts - selectors) == []
    assert [d.message for d in check([record], fonts - selectors - {ord("✓")})] == [
        "no theme font has 1 character of Common script in the text: ✓ (U+2713)"
    ]


def test_the_text_of_a_drawing_is_checked_at_its_image(make_project) -> None:
    # A map exported as SVG: its Arabic label printed unjoined, left to right,
    # its Chinese as empty boxes (its fonts were never loaded), and ☢ as a box.
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100">'
        '<text x="10" y="30" font-family="Arial">Cairo / <tspan>القاهرة</tspan></text>'
        '<text x="10" y="60">Kyiv ☢</text><desc>not drawn: 北</desc></svg>'
    )
    root = make_project(
        {
            "content/analysis/outlook.md": (
                "---\ntitle: Map\nkind: outlook\n---\nThe region.\n\n![Capitals](assets/map.svg)\n"
            ),
            "content/assets/map.svg": svg,
        }
    )
    record = load_corpus(root).analysis["outlook"]
    fonts = cover(*FONTS.glob("*.ttf")) | {ord(c) for c in "القاهرة"}
    found = [(d.position.line, d.code, d.message) for d in check([record], fonts)]
    assert found == [
        (
            7,
            "missing-glyph",
            "no theme font has 1 character of Common script in the drawing "
            "'assets/map.svg': ☢ (U+2622)",
        ),
        (
            7,
            "svg-text-unshaped",
            "the drawing 'assets/map.svg' has text in 6 characters of Arabic script, which "
            "the PDF draws letter by letter, unjoined and left to right: ا (U+0627) ل (U+0644) "
            "ق (U+0642) ه (U+0647) ر (U+0631) ة (U+0629)",
        ),
    ]


@pytest.mark.parametrize(
    ("label", "listed"),
    [
        # Thai vowels and tones, drawn alone, fall on dotted circles.
        ("กรุงเทพ", "Thai script"),
        # A decomposed accent NFC composes prints; one it cannot compose does not.
        ("Cafe\u0301 Ha\u0300 No\u0323\u0302i", None),
        ("x\u0301\u0323", "Inherited script"),
    ],
)
def test_svg_text_drawn_on_dotted_circles_is_reported(
    make_project: Any, label: str, listed: str | None
) -> None:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100"><text>{label}</text></svg>'
    )
    root = make_project(
        {
            "content/analysis/outlook.md": (
                "---\ntitle: Map\nkind: outlook\n---\nThe region.\n\n![Map](assets/map.svg)\n"
            ),
            "content/assets/map.svg": svg,
        }
    )
    record = load_corpus(root).analysis["outlook"]
    fonts = cover(*FONTS.glob("*.ttf")) | {ord(c) for c in unicodedata.normalize("NFC", label)}
    found = [d.message for d in check([record], fonts) if d.code == "svg-text-unshaped"]
    if listed is None:
        assert found == []
    else:
        assert len(found) == 1
        assert listed in found[0]


def test_the_text_an_svg_draws() -> None:
    from policybrief.content.images import svg_text

    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><title>T</title><text>a<tspan>b</tspan></text>'
        b"<g><textPath>c</textPath></g><desc>d</desc></svg>"
    )
    assert svg_text(svg).split() == ["ab", "c"]
    assert svg_text(b"<svg") == ""


def test_an_emoji_is_named_as_one_and_the_hint_asks_for_words(make_project: Any) -> None:
    # "2 characters of Common script" and "add a font" sent a writer after a font
    # for a flag.
    body = "---\ntitle: Flags\nkind: outlook\n---\nTrade 🇨🇳 rose 📈.\n"
    root = make_project({"content/analysis/outlook.md": body})
    record = load_corpus(root).analysis["outlook"]
    found = check([record], cover(*FONTS.glob("*.ttf")))
    assert [(d.message, d.hint) for d in found] == [
        (
            "no theme font has 3 emoji characters in the text: 🇨 (U+1F1E8) 🇳 (U+1F1F3) "
            "📈 (U+1F4C8)",
            "write its words instead of the emoji (a flag: the country's name)",
        )
    ]
