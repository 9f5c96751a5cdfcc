"""What raw HTML survives in a brief, and what ``check`` reports as going to be stripped.

``sanitise`` cleans rendered HTML with the allow-list; ``find_unsafe`` reads the
Markdown source and names each thing the sanitiser will remove, at its offset.
The two must agree: what is stripped is reported, and what is kept is not.
"""

from __future__ import annotations

import pytest

from policybrief.content.sanitize import find_unsafe
from policybrief.content.urls import url_problem
from policybrief.render.sanitiser import sanitise


def unsafe_url(url: str) -> bool:
    return url_problem(url) is not None


def clean(html: str) -> str:
    return sanitise(html, image_src=lambda src: src)


def no_code(offset: int) -> bool:
    return False


def report(text: str) -> list[tuple[int, str]]:
    """``find_unsafe``'s findings in ``text`` (no code spans) as (offset, message)."""
    return [(u.offset, u.message.split(": ")[0]) for u in find_unsafe(text, no_code)]


# what survives


@pytest.mark.parametrize(
    "html",
    [
        "<p><strong>bold</strong>, <em>italic</em>, <code>code</code> and <mark>mark</mark></p>",
        '<p><a href="https://example.org/a?b=c">https</a> <a href="http://example.org">http</a></p>',
        '<p><a href="mailto:desk@example.org">mail</a> <a href="#fn-1">note</a></p>',
        '<p><a href="../other/">relative</a></p>',
        '<p><span class="x" id="y" title="t" lang="fr" dir="ltr">on any element</span></p>',
        '<p><abbr title="European Union">EU</abbr> <time datetime="2025-12-01">1 Dec</time></p>',
        '<table><tbody><tr><th scope="row">a</th><td colspan="2" rowspan="1">b</td></tr>'
        "</tbody></table>",
        '<ol start="3" reversed=""><li value="4">item</li></ol>',
        '<blockquote><p><q cite="https://example.org">quoted</q></p></blockquote>',
        '<img src="assets/map.png" alt="A map" width="10" height="20">',
        "<h2>h2</h2><h6>h6</h6><hr><p>x<br>y<wbr>z</p>",
    ],
)
def test_allowed_html_survives_unchanged(html: str) -> None:
    assert clean(html) == html


def test_links_get_no_rel_added() -> None:
    assert clean('<a href="https://example.org">x</a>') == '<a href="https://example.org">x</a>'


# what goes


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p style="color: red">x</p>', "<p>x</p>"),
        ('<span style="display:none">hidden</span>', "<span>hidden</span>"),
        ("<style>p { color: red }</style><p>a</p>", "<p>a</p>"),
        ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
        ('<p onclick="steal()" onmouseover="x()">a</p>', "<p>a</p>"),
        ('<img src="assets/a.png" alt="a" onerror="steal()">', '<img src="assets/a.png" alt="a">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,&lt;script&gt;">x</a>', "<a>x</a>"),
        ('<a href="vbscript:x">x</a>', "<a>x</a>"),
        ('<a href="file:///etc/passwd">x</a>', "<a>x</a>"),
        ('<iframe src="https://example.org">inside</iframe>after', "after"),
        ('<object data="x.swf">inside</object>after', "after"),
        ("<template><p>t</p></template><noscript>n</noscript>after", "after"),
        ('<form action="https://example.org"><input name="a">kept text</form>', "kept text"),
        ('<embed src="x.swf"><link rel="stylesheet" href="x.css">after', "after"),
        ("<!-- a comment -->after", "after"),
        (
            '<p colspan="2">attribute allowed elsewhere only</p>',
            "<p>attribute allowed elsewhere only</p>",
        ),
        ("<svg><script>alert(1)</script></svg>after", "after"),
    ],
)
def test_disallowed_html_is_stripped(html: str, expected: str) -> None:
    assert clean(html) == expected


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " \x01javascript:x", "java\tscript:x"]
)
def test_a_quotation_loses_a_javascript_cite(url: str) -> None:
    """nh3 vets the scheme of href and src only; our filter does the rest."""
    assert clean(f'<q cite="{url}">x</q>') == "<q>x</q>"


@pytest.mark.parametrize("url", ["java\tscript:alert(1)", "java\nscript:x", "\x00javascript:x"])
def test_a_scheme_split_by_what_browsers_ignore_is_still_found(url: str) -> None:
    assert unsafe_url(url)


def test_a_quotation_keeps_a_web_cite() -> None:
    assert clean('<q cite="https://example.org/a">x</q>') == '<q cite="https://example.org/a">x</q>'


def test_style_never_survives_anywhere() -> None:
    html = (
        '<p style="a:b"><span style="c:d"><a href="#x" style="e:f">x</a></span></p>'
        '<style>@import url(x.css)</style><table><tr><td style="g:h">c</td></tr></table>'
    )
    assert "style" not in clean(html)


def test_each_image_source_is_vetted_and_given_the_outputs_address() -> None:
    seen: list[str] = []

    def image_src(src: str) -> str | None:
        seen.append(src)
        return "file:///project/content/assets/ok.png" if src == "assets/ok.png" else None

    html = '<img src="assets/ok.png" alt="ok"><img src="https://tracker.example/p.gif" alt="t">'
    assert sanitise(html, image_src=image_src) == (
        '<img src="file:///project/content/assets/ok.png" alt="ok">'
    )
    assert seen == ["assets/ok.png", "https://tracker.example/p.gif"]


def test_a_file_address_written_by_the_writer_is_dropped_before_it_is_vetted() -> None:
    seen: list[str] = []

    def image_src(src: str) -> str | None:
        seen.append(src)
        return src

    html = '<img src="file:///etc/hostname" alt="x"><a href="file:///etc/hostname">x</a>'
    assert sanitise(html, image_src=image_src) == "<a>x</a>"
    assert seen == []


# link targets


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JAVASCRIPT:x", "data:image/png;base64,AA", "file:///x", "tel:1"],
)
def test_unsafe_url(url: str) -> None:
    assert unsafe_url(url)


@pytest.mark.parametrize(
    "url", ["https://example.org", "HTTP://example.org", "mailto:a@b.c", "#fn", "a/b:c", "../x", ""]
)
def test_safe_url(url: str) -> None:
    assert not unsafe_url(url)


# what check reports


def test_a_dropped_element_is_reported_with_its_content_where_it_starts() -> None:
    text = "Intro <script>alert(1)</script> end"
    assert report(text) == [(6, "HTML element <script> and its content are removed")]


def test_an_element_kept_without_its_tags_is_reported_once() -> None:
    text = "<form>text</form>"
    assert report(text) == [(0, "HTML element <form> is removed")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('a <span style="color:red">b</span>', [(2, "attribute 'style' on <span> is removed")]),
        ("<p onclick=x>a</p>", [(0, "attribute 'onclick' on <p> is removed")]),
        (
            '<a href="javascript:alert(1)">x</a>',
            [(0, "link to 'javascript:alert(1)'")],
        ),
        ("<a href='data:text/html,x'>x</a>", [(0, "link to 'data:text/html,x'")]),
        ("<q cite=javascript:x>x</q>", [(0, "link to 'javascript:x'")]),
        ('<img src="assets/a.png" alt="a">', [(0, "raw <img> is removed")]),
        (
            "see [here](javascript:alert(1)) now",
            [(11, "link to 'javascript:alert(1)'")],
        ),
        ("<style>p{}</style>", [(0, "HTML element <style> and its content are removed")]),
        ("<iframe></iframe>", [(0, "HTML element <iframe> and its content are removed")]),
    ],
)
def test_each_unsafe_thing_is_reported_at_its_offset(
    text: str, expected: list[tuple[int, str]]
) -> None:
    assert report(text) == expected


def test_several_findings_come_in_order() -> None:
    text = "<p onclick=x>a</p> <script></script> [l](javascript:x)"
    assert [offset for offset, _ in report(text)] == [0, 19, 41]


def test_allowed_html_and_safe_links_are_not_reported() -> None:
    text = (
        '<span class="x" title="t">a</span> <abbr title="t">EU</abbr> <td colspan="2">c</td>'
        ' <a href="https://example.org">x</a> [l](https://example.org) [m](mailto:a@b.c)'
        " [r](../other/) ![map](assets/map.png) </div>"
    )
    assert report(text) == []


def test_an_image_is_not_reported_as_a_link() -> None:
    """Markdown images are vetted as images (by the image checks), not as links."""
    assert report("![alt](data:image/png;base64,AA)") == []


def test_a_message_quotes_at_most_forty_characters_of_a_link() -> None:
    url = "javascript:" + "x" * 100
    [(_, message)] = report(f"[a]({url})")
    assert message == f"link to '{url[:40]}'"


def test_nothing_inside_code_is_reported() -> None:
    text = "Write `<script>` or `[a](javascript:x)` in code; <script> outside"
    spans = [(text.index("`"), text.index("`", text.index("`") + 1))]
    second = text.index("`", spans[0][1] + 1)
    spans.append((second, text.index("`", second + 1)))

    def code(offset: int) -> bool:
        return any(start <= offset <= end for start, end in spans)

    found = [(u.offset, u.message) for u in find_unsafe(text, code)]
    assert found == [(text.rindex("<script>"), "HTML element <script> and its content are removed")]


def test_every_finding_has_a_hint() -> None:
    text = '<script></script><img src=x><span style=x></span><a href="javascript:x"></a>'
    hints = [u.hint for u in find_unsafe(text, no_code)]
    assert len(hints) == 4
    assert all(hints)


# the report and the sanitiser agree


@pytest.mark.parametrize(
    "html",
    [
        "<p>a<script>alert(1)</script></p>",
        '<p style="x">a</p>',
        '<p onclick="x">a</p>',
        '<a href="javascript:alert(1)">a</a>',
        "<form>a</form>",
        "<iframe>a</iframe><p>b</p>",
        '<span data-x="1">a</span>',
    ],
)
def test_what_is_reported_is_what_the_sanitiser_strips(html: str) -> None:
    assert report(html) != []
    assert clean(html) != html


@pytest.mark.parametrize(
    "html",
    [
        '<p class="note"><em>a</em></p>',
        '<a href="https://example.org" title="t">a</a>',
        '<table><tbody><tr><td colspan="2">a</td></tr></tbody></table>',
    ],
)
def test_what_is_not_reported_is_kept(html: str) -> None:
    assert report(html) == []
    assert clean(html) == html


def test_a_comment_is_removed_without_a_word() -> None:
    # A writer's private note ("<!-- TODO -->"): it never prints, as meant; the
    # warning made check --strict fail on every one.
    assert report("Text <!-- TODO: check the figures --> more.") == []
    assert "TODO" not in clean("<p>Text <!-- TODO: check --> more.</p>")


def test_an_escaped_angle_bracket_and_an_e_mail_autolink_are_not_html() -> None:
    # Both were "HTML element ... is removed", though neither was: "\<angle\>"
    # prints as typed, "<a@b.org>" is a link to the address.
    text = "Escaped \\<angle\\> and mail <a@b.org>, but <font>x</font>."
    found = list(find_unsafe(text, lambda _: False))
    assert [text[u.offset : u.offset + 6] for u in found] == ["<font>"]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # A removed block leaves a space: the words ran together ("sumdet").
        ("<details><summary>Sum</summary>Detail</details>", "Sum Detail"),
        ("<p><div>One</div><div>Two</div>.</p>", "<p>One Two.</p>"),
        ("<h1>Title</h1>Text", "Title Text"),
        # So does a refused image or a drawing, which stood between the words.
        ('<p>Queen<img alt="Roger">Sugar</p>', "<p>Queen Sugar</p>"),
        ("<p><svg><text>Label</text></svg>Post</p>", "<p>Label Post</p>"),
        ("<p>Text<script>x</script>.</p>", "<p>Text.</p>"),
        # An inline element removed leaves none.
        ("<p>a<font>b</font>c</p>", "<p>abc</p>"),
    ],
)
def test_a_removed_block_keeps_its_words_apart(html: str, expected: str) -> None:
    assert sanitise(html, image_src=lambda _: None) == expected


def test_a_lang_attribute_that_is_no_language_tag_is_reported() -> None:
    # It passed check; the PDF renderer then warned at the brief's first line.
    text = '<span lang="en&quot; onmouseover">x</span> <span lang="fa">y</span>'
    (found,) = find_unsafe(text, lambda _: False)
    assert found.code == "invalid-value"
    assert found.offset == 0
    assert "not a BCP 47 language tag" in found.message
