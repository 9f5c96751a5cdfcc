"""Render pages with and without policybrief's WeasyPrint patches; compare the PDFs' bytes.

    .venv/bin/python benchmarks/patch_diff.py                  # every hand-written page
    .venv/bin/python benchmarks/patch_diff.py --random 200     # and 200 seeded random pages
    .venv/bin/python benchmarks/patch_diff.py --random 50 --seed 5000 --save /tmp/diffs

The PDF worker renders inside context managers that patch WeasyPrint 70's
internals for speed (render/pdf.py: ``fewer_layouts``, ``shared_page_styles``,
``quick_computed_values``, ``notes_laid_out_once``), each promising the same
bytes. This script holds them to it on pages of every kind those patches
touch (logical properties in both directions, math functions and custom
properties, CSS-wide keywords, ``@page`` rules of every selector, viewport
units, notes at the page foot of every policy, tables, columns, RTL) and on
random pages built from a seeded table of properties and values. Each page is
rendered twice without the patches (a page WeasyPrint itself renders two ways
is reported, not compared) and once with all of them; a page that differs is
rendered again with each patch alone, to name the one at fault. A page that
raises is compared by its error. Run it after every WeasyPrint upgrade and
every change to a patch: exit status 1 if any page differs. (One difference
is meant: ``fewer_layouts`` prints a section's new page number where stock
WeasyPrint kept a stale one; see render/relayout.py.)
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import random
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FILLER = "<p>Words of running text that fill the page and break across lines and pages. </p>"
NOTE = '<span class="n">A note at the page foot, long enough to take two lines of its own.</span>'
NOTES_CSS = ".n { float: footnote } @page { size: A6; margin: 15mm }"

#: Hand-written pages, by the kind of input each one tries.
PAGES: dict[str, str] = {
    "logical-ltr": '<p style="margin-inline-start: 3em; padding-inline-end: 1em; '
    'border-inline-start: 2px solid red; inline-size: 60%">one</p>' + FILLER,
    "logical-rtl": '<html dir="rtl" lang="ar"><p style="margin-inline-start: 3em; '
    'inset-inline-start: 1em; position: relative">نص عربي</p><div dir="ltr" '
    'style="margin-inline-end: 2em">ltr</div></html>',
    "math-and-vars": "<style>:root { --g: 7pt } body { text-indent: calc(5% + var(--g)); "
    "line-height: calc(1em + 4pt); letter-spacing: var(--g); word-spacing: max(1pt, 2pt) }"
    "</style>" + FILLER * 3,
    "keywords": "<style>p { color: inherit; border: initial; margin: unset; text-decoration: "
    "underline } span { text-decoration: line-through; float: right } div { all: initial }"
    "</style><p>a <span>struck</span></p><div>reset <b>bold</b></div>",
    "page-selectors": "<style>@page { size: A6; margin: 2cm 1cm; @top-center { content: "
    'string(t) } @bottom-center { content: counter(page) " / " counter(pages) } } '
    "@page :first { margin-top: 3cm } @page :left { @bottom-left { content: 'L' } } "
    "@page :blank { @top-center { content: 'blank' } } @page :nth(3) { background: #eee } "
    "@page annex { size: A6 landscape } @page annex:nth(1 of annex) { margin: 1cm } "
    "h1 { string-set: t content() } h2 { break-before: right } .annex { page: annex }</style>"
    "<h1>Title</h1>" + ("<h2>Part</h2>" + FILLER * 8) * 3 + '<div class="annex">' + FILLER * 6,
    "viewport-units": "<style>@page { size: A6; margin: 10vw } @page :left { padding: 2vh }"
    "</style>" + FILLER * 30,
    "notes-many": f"<style>{NOTES_CSS}</style>" + (f"<p>Text{NOTE} and more{NOTE}.</p>" * 12),
    "notes-policies": f"<style>{NOTES_CSS} .l {{ footnote-policy: line }} .b {{ footnote-policy: "
    "block }} @page { @footnote { max-height: 30mm } }</style>"
    + (f'<p class="l">Line{NOTE}</p><p class="b">Block{NOTE * 3}</p>' + FILLER)
    * 6,
    "notes-in-tables-lists-columns": f"<style>{NOTES_CSS} .c {{ columns: 2 }}</style>"
    f"<table><tr><td>cell{NOTE}</td><td>x</td></tr></table><ol><li>item{NOTE}</li></ol>"
    f'<div class="c">{FILLER * 4}</div>' + FILLER * 4,
    "notes-rtl": f'<html dir="rtl" lang="ar"><style>{NOTES_CSS}</style>'
    + "<p>نص عربي طويل بما يكفي<span class='n'>حاشية في أسفل الصفحة</span></p>" * 10,
    "contents-page-numbers": "<style>a::after { content: target-counter(attr(href), page) } "
    "h2 { break-before: page }</style><nav>"
    + "".join(f'<a href="#s{i}">Section {i}</a><br>' for i in range(6))
    + "</nav>"
    + "".join(f'<h2 id="s{i}">Section {i}</h2>' + FILLER * 3 for i in range(6)),
}

#: Properties and values random pages draw from.
VALUES: dict[str, list[str]] = {
    "margin-inline-start": ["0", "1em", "5%", "calc(1em + 2px)", "var(--l)", "inherit"],
    "padding-block-end": ["2px", "1rem", "10%", "unset"],
    "border-inline-end": ["2px solid red", "none", "initial"],
    "inline-size": ["50%", "auto", "12em", "max-content"],
    "text-indent": ["1em", "5%", "calc(2% + 1em)", "var(--l)", "inherit"],
    "line-height": ["1.2", "normal", "18px", "150%", "calc(1em + 3px)"],
    "letter-spacing": ["normal", "1px", "0.05em", "var(--l)"],
    "font-size": ["larger", "smaller", "0.9em", "120%", "clamp(8px, 1.1em, 20px)", "var(--f)"],
    "font-weight": ["bold", "bolder", "300"],
    "text-decoration": ["underline", "line-through red", "none"],
    "text-align": ["start", "end", "justify", "center"],
    "direction": ["ltr", "rtl"],
    "display": ["block", "inline-block", "flow-root", "list-item"],
    "float": ["none", "left", "footnote"],
    "position": ["static", "relative"],
    "color": ["red", "#335", "currentcolor", "inherit", "var(--c)"],
    "hyphens": ["auto", "manual"],
    "break-before": ["auto", "page", "left", "right"],
    "page": ["auto", "a", "b"],
    "columns": ["auto", "2"],
    "all": ["unset", "initial"],
}
PAGE_RULES = [
    "@page { size: A6; margin: 12mm }",
    "@page :first { margin-top: 25mm }",
    "@page :left { @bottom-left { content: counter(page) } }",
    "@page :right { @bottom-right { content: counter(page) ' of ' counter(pages) } }",
    "@page a { size: A6 landscape }",
    "@page :nth(2n) { margin-bottom: 20mm }",
    "@page { @footnote { max-height: 40mm } }",
    "@page :blank { @top-center { content: 'blank' } }",
]


def random_page(seed: int) -> str:
    """A page of random elements and rules, the same for the same ``seed``."""
    rng = random.Random(seed)
    rules = [r for r in PAGE_RULES if rng.random() < 0.5]
    rules.append(":root { --l: 6px; --f: 11px; --c: #060 }")
    for n in range(rng.randint(2, 8)):
        props = rng.sample(sorted(VALUES), rng.randint(1, 4))
        declarations = "; ".join(f"{p}: {rng.choice(VALUES[p])}" for p in props)
        rules.append(f".k{n} {{ {declarations} }}")
    body = []
    for _ in range(rng.randint(5, 30)):
        cls = f"k{rng.randrange(8)}"
        inner = rng.choice(["text", "نص", NOTE, f'<em class="{cls}">emphasis</em>', "word " * 9])
        tag = rng.choice(["p", "div", "section", "li"])
        body.append(f'<{tag} class="{cls}">{inner} {FILLER[3:-4]}</{tag}>')
    lang = rng.choice(['lang="en"', 'lang="ar" dir="rtl"'])
    return f"<html {lang}><style>{NOTES_CSS} {' '.join(rules)}</style>{''.join(body)}</html>"


def patches() -> dict[str, Callable[[], contextlib.AbstractContextManager[None]]]:
    """The worker's WeasyPrint patches, by name."""
    from policybrief.render.computed_styles import quick_computed_values
    from policybrief.render.note_area import notes_laid_out_once
    from policybrief.render.page_styles import shared_page_styles
    from policybrief.render.relayout import fewer_layouts

    return {
        "fewer_layouts": fewer_layouts,
        "shared_page_styles": shared_page_styles,
        "quick_computed_values": quick_computed_values,
        "notes_laid_out_once": notes_laid_out_once,
    }


@contextlib.contextmanager
def _with(names: list[str]) -> Iterator[None]:
    available = patches()
    with contextlib.ExitStack() as stack:
        for name in names:
            stack.enter_context(available[name]())
        yield


def render(page: str, names: list[str]) -> bytes | str:
    """The PDF of ``page`` rendered with the patches ``names``, or the error it raised
    (of a RecursionError, only its name)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    try:
        with _with(names):
            document = weasyprint.HTML(string=page).render(font_config=FontConfiguration())
            return bytes(document.write_pdf())
    except RecursionError:  # where the limit is hit depends on the frames a patch adds
        return "RecursionError"
    except Exception as exc:  # WeasyPrint's own faults count too: compared by message
        return f"{type(exc).__name__}: {exc}"


def compare(page: str) -> dict[str, Any]:
    """``page`` without, again without, and with every patch: the verdict and the culprits."""
    plain, again = render(page, []), render(page, [])
    if plain != again:
        return {"verdict": "WeasyPrint renders it two ways"}
    patched = render(page, list(patches()))
    if patched == plain:
        return {"verdict": "raises both ways" if isinstance(plain, str) else "same"}
    culprits = [name for name in patches() if render(page, [name]) != plain]
    return {"verdict": "DIFFERS", "culprits": culprits, "without": plain, "with": patched}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=0, help="random pages to try too")
    parser.add_argument("--seed", type=int, default=1000, help="the first random page's seed")
    parser.add_argument("--only", help="comma-separated hand-written pages (default: all)")
    parser.add_argument("--save", type=Path, help="folder for the HTML of pages that differ")
    args = parser.parse_args(argv)
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    chosen = args.only.split(",") if args.only else list(PAGES)
    pages = {name: PAGES[name] for name in chosen}
    pages.update({f"random-{s}": random_page(s) for s in range(args.seed, args.seed + args.random)})
    counts: dict[str, int] = {}
    for name, page in pages.items():
        try:
            result = compare(page)
        except Exception:  # the harness itself: say so and go on
            result = {"verdict": "harness error", "detail": traceback.format_exc(limit=3)}
        counts[result["verdict"]] = counts.get(result["verdict"], 0) + 1
        if result["verdict"] != "same":
            print(f"{name}: {result['verdict']} {result.get('culprits', '')}", flush=True)
        if result["verdict"] == "DIFFERS" and args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{name}.html").write_text(page, encoding="utf-8")
    print(", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items())))
    return 1 if counts.get("DIFFERS") else 0


if __name__ == "__main__":
    raise SystemExit(main())
