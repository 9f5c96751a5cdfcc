"""Every script a policy analyst writes renders: one actor per script (tests/data/scripts),
in the actors table, running text, the key-judgments box and the agenda."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import copy_project, run_cli, run_tool
from tests.helpers import run_build as build
from tests.helpers import write_files as write

pytestmark = pytest.mark.usefixtures("module_plain_environment")

SCRIPTS = Path(__file__).resolve().parents[1] / "data" / "scripts"
#: Each actor's native name and the lang its pages must carry.
NAMES = {
    "كريم حداد": "ar", "داریوش فراهانی": "fa", "بلال قریشی": "ur", "נועה לוינסון": "he",
    "林浩然": "zh-Hans", "陳雨婷": "zh-Hant", "佐藤ひろこ": "ja", "박지우": "ko",
    "ლევან ბერიძე": "ka", "Արամ Սարգսյան": "hy", "สมชาย รัตนกุล": "th",
    "Νίκος Παπαδάκης": "el", "Ольга Смирнова": "ru", "अर्जुन मेहता": "hi",
}  # fmt: skip
RTL = {"ar", "fa", "ur", "he"}
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(SCRIPTS, tmp_path_factory.mktemp("scripts") / "project")
    run = build(root)
    assert run.code == 0, run.err
    assert "warning" not in run.err  # no .notdef, no missing glyph, no missing font
    return root


def test_every_name_is_drawn_with_a_font_that_has_it(built: Path) -> None:
    pdf = built / "output/scripts/scripts.pdf"
    fonts = run_tool("pdffonts", str(pdf))
    for family in ("Noto-Naskh-Arabic", "Noto-Serif-Hebrew", "Noto-Serif-CJK", "Noto-Sans-CJK",
                   "Noto-Serif-Georgian", "Noto-Serif-Armenian", "Noto-Serif-Thai",
                   "Noto-Serif-Devanagari"):  # fmt: skip
        assert family in fonts
    # Each glyph maps back to its character: a .notdef box would not.
    text = _BIDI_CONTROLS.sub("", run_tool("pdftotext", "-raw", str(pdf), "-"))
    for name, lang in NAMES.items():
        words = name.split()
        if lang in RTL:  # pdftotext -raw gives right-to-left words in visual order
            words = words[::-1]
        if lang == "hi":  # a conjunct's glyph maps back to its letters in another order
            assert "अ" in text
            assert "मे" in text
            continue
        assert " ".join(words) in text, name


def test_a_right_to_left_name_keeps_its_place_in_an_english_sentence(built: Path) -> None:
    pdf = built / "output/scripts/scripts.pdf"
    text = _BIDI_CONTROLS.sub(
        "", run_tool("pdftotext", "-raw", "-f", "1", "-l", "1", str(pdf), "-")
    )
    # The number after the name stays after it, in the key judgment's title and the text.
    assert "Talks led by حداد كريم (2025) will continue" in text
    assert "The envoy حداد كريم (2025) said 3 things; לוינסון נועה, 4 times" in text


def test_every_native_name_carries_its_lang_and_dir_in_html(built: Path) -> None:
    pages = [
        built / "output/scripts/index.html",
        built / "output/actors/index.html",
        *[p for p in (built / "output/actors").glob("*/index.html")],
    ]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for m in re.finditer(
            r'class="native(?:-name)?" lang="([^"]*)" dir="([^"]*)">([^<]*)<', html
        ):
            lang, dir_, name = m.groups()
            assert NAMES[name] == lang
            assert dir_ == ("rtl" if lang in RTL else "ltr")
    brief = (built / "output/scripts/index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<bdi class="native" lang="[^"]+" dir="(?:ltr|rtl)">', brief)) == 14
    assert '<span dir="rtl" lang="fa">داریوش فراهانی</span>' in brief
    assert '<span dir="ltr" lang="ja">佐藤ひろこ</span>' in brief
    assert 'The envoy <bdi dir="rtl">كريم حداد</bdi> (2025)' in brief
    assert '<p dir="rtl">هذه فقرة' in brief  # a paragraph in Arabic sets right to left


def test_the_site_ships_woff2_subsets_that_are_the_same_each_build(built: Path) -> None:
    fonts = built / "output/assets/fonts"
    # The fonts' licence ships with the subsets, as the OFL asks.
    files = {p.name: p.read_bytes() for p in fonts.iterdir() if p.name != "OFL.txt"}
    assert (fonts / "OFL.txt").is_file()
    assert files
    assert all(name.endswith(".woff2") for name in files)
    assert sum(len(b) for b in files.values()) < 1_500_000  # not 90 MB of CJK fonts
    css = (built / "output/assets/css/fonts.css").read_text(encoding="utf-8")
    assert "font-display: swap" in css
    assert ".ttf" not in css
    assert ".ttc" not in css
    for src in re.findall(r"url\(\.\./(fonts/[^)]+)\)", css):
        assert (built / "output/assets" / src).is_file()
    assert build(built, "--force").code == 0
    assert {p.name: p.read_bytes() for p in fonts.iterdir() if p.name != "OFL.txt"} == files


def test_a_final_brief_with_a_script_no_font_covers_fails_at_the_field(tmp_path: Path) -> None:
    root = copy_project(SCRIPTS, tmp_path / "project")
    ethiopic = "name: Noa Levinson\nnative_name: ሀለሐ\nnative_lang: am\nkind: person\n"
    write(root, {"content/actors/hebrew.yaml": ethiopic})
    expected = (
        "content/actors/hebrew.yaml:2:14: error: no theme font has 3 characters of Ethiopic "
        "script in native_name: ሀ (U+1200) ለ (U+1208) ሐ (U+1210)"
    )
    run = build(root)
    assert run.code == 1
    assert expected in run.err
    assert not (root / "output/scripts/scripts.pdf").exists()
    check = run_cli("check", "--root", str(root), "--format", "text")
    assert check.code == 1
    assert expected in check.err
    # The documented setting makes it a warning: the brief is built, boxes and all.
    write(root, {"policybrief.yaml": "organisation: Test Unit\nallow_missing_glyphs: true\n"})
    run = build(root)
    assert run.code == 0
    assert expected.replace("error:", "warning:") in run.err


def test_han_characters_alone_need_native_lang(tmp_path: Path) -> None:
    root = copy_project(SCRIPTS, tmp_path / "project")
    han = "name: Lin Haoran\nnative_name: 林浩然\nkind: person\n"
    write(root, {"content/actors/chinese-simplified.yaml": han})
    run = run_cli("check", "--root", str(root), "--format", "text")
    assert run.code == 1
    assert (
        "content/actors/chinese-simplified.yaml:2:14: error: native_name in Han characters "
        "alone does not say its language"
    ) in run.err
    assert "zh-Hans (Simplified Chinese), zh-Hant (Traditional), ja or ko" in run.err


def test_a_wrong_native_lang_has_its_own_error_only(tmp_path: Path) -> None:
    root = copy_project(SCRIPTS, tmp_path / "project")
    han = "name: Lin Haoran\nnative_name: 林浩然\nnative_lang: Chinese\nkind: person\n"
    write(root, {"content/actors/chinese-simplified.yaml": han})
    run = run_cli("check", "--root", str(root), "--format", "text")
    assert run.code == 1
    assert (
        "content/actors/chinese-simplified.yaml:3:14: error: native_lang: 'Chinese' is not a "
        "BCP 47 language tag"
    ) in run.err
    assert "does not say its language" not in run.err  # it says, wrongly: one error, not two


def test_a_damaged_theme_font_fails_its_briefs_and_nothing_else(tmp_path: Path) -> None:
    """Not an internal error in the site's subsetting; check finds it too; the last good
    PDFs stay published."""
    root = copy_project(SCRIPTS, tmp_path / "project")
    out = tmp_path / "output"
    assert build(root, "--output", str(out)).code == 0
    published = {p: p.read_bytes() for p in out.glob("*/*.pdf")}
    assert published
    whole = (Path(__file__).resolve().parents[2] / "templates/fonts/NotoSans-Bold.ttf").read_bytes()
    (root / "templates/fonts").mkdir(parents=True)
    (root / "templates/fonts/NotoSans-Bold.ttf").write_bytes(whole[:40_000])
    message = "error: font file 'NotoSans-Bold.ttf' ("
    run = run_cli("check", "--root", str(root), "--format", "text")
    assert run.code == 1
    assert re.search(r"templates/css/fonts\.css:\d+:\d+: " + re.escape(message), run.err)
    assert "is damaged: it is cut short" in run.err
    run = build(root, "--output", str(out))
    assert run.code == 1
    assert message in run.err
    assert "internal error" not in run.err
    assert {p: p.read_bytes() for p in out.glob("*/*.pdf")} == published


def test_a_missing_font_package_is_named(tmp_path: Path) -> None:
    root = copy_project(SCRIPTS, tmp_path / "project")
    rule = '@font-face { font-family: "X"; src: url(../fonts/NotoSansCJK-Light.ttc); }\n'
    write(root, {"templates/css/local.css": rule})
    run = build(root)
    assert run.code == 1
    assert "error: font file 'NotoSansCJK-Light.ttc' is not installed" in run.err
    assert "install the Debian package fonts-noto-cjk" in run.err


def test_a_missing_font_is_named_in_the_same_run_as_the_content_s_errors(tmp_path: Path) -> None:
    # The missing font was said only once every content error had been fixed:
    # a writer fixed those, ran again, and only then learnt of the package.
    root = copy_project(SCRIPTS, tmp_path / "project")
    rule = '@font-face { font-family: "X"; src: url(../fonts/NotoSansCJK-Light.ttc); }\n'
    write(root, {"templates/css/local.css": rule})
    brief = root / "briefs" / "scripts.yaml"
    brief.write_text(
        brief.read_text(encoding="utf-8").replace("[[urdu]]", "[[urdu-typo]]"), encoding="utf-8"
    )
    for command in ("check", "build"):
        run = run_cli("--root", str(root), "check") if command == "check" else build(root)
        assert run.code == 1
        assert "urdu-typo" in run.err
        assert "error: font file 'NotoSansCJK-Light.ttc' is not installed" in run.err, command
