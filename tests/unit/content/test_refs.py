"""The one tokenizer for [[links]], [@citations] and ![images](…)."""

from __future__ import annotations

import pytest

from policybrief.content.markdown_lines import code_ranges, scan_lines
from policybrief.content.refs import (
    Citation,
    CitationGroup,
    FootnoteCall,
    FootnoteDefinition,
    Image,
    Link,
    find_references,
    footnote_definitions,
    iter_links,
)


def link_ids(text: str) -> list[str]:
    return [r.id for r in find_references(text) if isinstance(r, Link)]


def test_link_with_offsets() -> None:
    text = "Met [[andrei-belousov]] today."
    assert find_references(text) == [Link(4, 23, "andrei-belousov", None)]
    assert text[4:23] == "[[andrei-belousov]]"


def test_link_with_words() -> None:
    assert find_references("[[andrei-belousov|the minister]]") == [
        Link(0, 32, "andrei-belousov", "the minister")
    ]


def test_link_with_escaped_bar_in_a_table_cell() -> None:
    text = "| 2024 | [[talks\\|Talks]] |\n| --- | --- |\n"
    assert find_references(text) == [Link(9, 25, "talks", "Talks")]


def test_link_id_and_words_are_stripped() -> None:
    assert find_references("[[ spaced | some words ]]") == [Link(0, 25, "spaced", "some words")]


def test_empty_link_is_found_so_it_can_be_reported() -> None:
    assert find_references("See [[]].") == [Link(4, 8, "", None)]


@pytest.mark.parametrize(
    "text",
    ["[[a\nb]]", "[[a]", "[a]]", "[[a[b]]]x"],
)
def test_malformed_links_are_text(text: str) -> None:
    assert [r for r in find_references(text) if isinstance(r, Link) and r.id == "a"] == []


@pytest.mark.parametrize(
    ("text", "items", "bad"),
    [
        ("[@kremlin]", (Citation("kremlin", None),), ()),
        ("[@a; @b]", (Citation("a", None), Citation("b", None)), ()),
        ("[@a, p. 4]", (Citation("a", "p. 4"),), ()),
        (
            "[@a, pp. 4-5; @b-c_2, ch. 3]",
            (Citation("a", "pp. 4-5"), Citation("b-c_2", "ch. 3")),
            (),
        ),
        ("[@x y]", (), ("@x y",)),
        ("[@a; x y; @]", (Citation("a", None),), ("x y", "@")),
        ("[@]", (), ("@",)),
    ],
)
def test_citation_groups(text: str, items: tuple[Citation, ...], bad: tuple[str, ...]) -> None:
    assert find_references("See " + text + ".") == [CitationGroup(4, 4 + len(text), items, bad)]


@pytest.mark.parametrize(
    "text",
    [
        "[@handle](https://example.org)",
        "[@handle][ref]",
        "mail a@example.org",
        "@kremlin alone",
        "[see @kremlin]",
    ],
)
def test_not_citations(text: str) -> None:
    assert find_references(text) == []


def test_images() -> None:
    first, second = '![A map](assets/map.png "The region")', "![](assets/x.png)"
    text = f"{first} and {second}"
    start = len(first) + 5
    assert find_references(text) == [
        Image(0, len(first), "A map", "assets/map.png"),
        Image(start, start + len(second), "", "assets/x.png"),
    ]


def test_image_in_angle_brackets() -> None:
    assert find_references("![Map](<assets/map.png>)") == [Image(0, 24, "Map", "assets/map.png")]


def test_references_come_in_reading_order() -> None:
    text = "![Map](assets/m.png) [@s] [[a]] [@t] [[b|B]]"
    found = find_references(text)
    assert [type(r).__name__ for r in found] == [
        "Image",
        "CitationGroup",
        "Link",
        "CitationGroup",
        "Link",
    ]
    assert [r.offset for r in found] == sorted(r.offset for r in found)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Use `[[a]]` and `[@s]` and `![x](assets/y.png)`.", id="code-span"),
        pytest.param("Use ``[[a]] ` [@s]`` here.", id="double-backtick-span"),
        pytest.param("A `span\nover [[a]] lines` here.", id="span-over-lines"),
        pytest.param("```\n[[a]] [@s]\n```\n", id="backtick-fence"),
        pytest.param("~~~markdown\n[[a]]\n~~~\n", id="tilde-fence"),
        pytest.param("````\n```\n[[a]]\n```\n````\n", id="longer-fence"),
        pytest.param("Text\n\n```\n[[a]]\n", id="unclosed-fence"),
        pytest.param("Text.\n\n    [[a]] [@s]\n    more [[a]]\n", id="indented-block"),
        pytest.param("\t[[a]]\n", id="tab-indented-block"),
    ],
)
def test_nothing_inside_code(text: str) -> None:
    assert find_references(text) == []


def test_references_after_code_are_found() -> None:
    text = "```\n[[a]]\n```\nThen `[[b]]` and [[c]].\n\n    [[d]]\n\nEnd [[e]]."
    assert link_ids(text) == ["c", "e"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("- item\n\n    continued [[a]]\n", id="bullet"),
        pytest.param("1. item\n\n    continued [[a]]\n", id="numbered"),
        pytest.param("* one\n* two\n\n    more [[a]]\n", id="second-item"),
        pytest.param("Paragraph\n    lazy [[a]]\n", id="paragraph-continuation"),
    ],
)
def test_found_in_indented_continuations(text: str) -> None:
    assert link_ids(text) == ["a"]


def test_indented_code_after_a_list_has_ended() -> None:
    text = "- item\n\nA paragraph.\n\n    [[code]]\n"
    assert link_ids(text) == []


def test_code_ranges() -> None:
    text = "a `b` c\n```\nx\n```\n"
    assert code_ranges(text) == [(2, 5), (8, 18)]


def test_iter_links_yields_links_only() -> None:
    assert [link.id for link in iter_links("[[a]] [@s] ![x](assets/y.png) [[b|B]]")] == ["a", "b"]


def test_references_may_wrap_over_lines_but_not_paragraphs() -> None:
    text = "As [[modi|the prime\nminister]] said [@a;\n@b, p.\n4]. Not [[x\n\ny]] nor [@c\n\n@d]."
    refs = find_references(text)
    spans = [(type(r).__name__, r.offset) for r in refs]
    assert spans == [("Link", text.index("[[modi")), ("CitationGroup", text.index("[@a"))]
    link, group = refs
    assert link.text == "the prime minister"
    assert group.items == (Citation("a", None), Citation("b", "p. 4"))


def test_each_cited_source_knows_where_it_was_typed() -> None:
    text = "Claim [@a;\n  @b]."
    [group] = find_references(text)
    assert [text[c.offset :].split(";")[0].split("]")[0] for c in group.items] == ["@a", "@b"]


# footnotes


def test_footnote_calls_and_definitions_with_offsets() -> None:
    text = "A claim.[^src] More.[^2]\n\n[^src]: The source,\n    over two lines.\n[^2]: Two."
    refs = find_references(text)
    calls = [r for r in refs if isinstance(r, FootnoteCall)]
    defs = [r for r in refs if isinstance(r, FootnoteDefinition)]
    assert [(c.label, c.offset) for c in calls] == [("src", 8), ("2", 20)]
    assert [(d.label, d.text, d.lines) for d in defs] == [
        ("src", "The source, over two lines.", (2, 3)),
        ("2", "Two.", (4, 4)),
    ]
    assert text[defs[0].offset : defs[0].end].endswith("over two lines.")


@pytest.mark.parametrize(
    "text",
    [
        "Write `[^a]` for a note.",
        "```\n[^a]: not a note\n```\n",
        "~~~\nSee [^a].\n~~~\n",
        "    [^a]: indented code\n",
        "[^a b] has a space",
    ],
)
def test_no_footnotes_in_code_or_with_spaces(text: str) -> None:
    assert not [
        r for r in find_references(text) if isinstance(r, (FootnoteCall, FootnoteDefinition))
    ]


def test_a_definition_right_after_a_list_item_ends_the_list() -> None:
    text = "- item[^b]\n[^b]: The note.\n    more\n"
    [call, d] = find_references(text)
    assert (call.label, d.label, d.text) == ("b", "b", "The note. more")
    assert [line.kind for line in scan_lines(text)] == ["item", "text", "text"]


def test_a_definition_ends_at_a_blank_line_before_unindented_text() -> None:
    [d] = footnote_definitions("[^a]: One\nlazy line\n\nNot the note.\n")
    assert d.text == "One lazy line"
    assert d.lines == (0, 1)


# what is code: fences, indented blocks and spans, exactly as the renderer reads them


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("```python\n[[a]]\n```\n", id="info-string"),
        pytest.param("``` yaml title\n[@s]\n```\n", id="info-string-with-words"),
        pytest.param("   ```\n[[a]]\n   ```\n", id="fence-indented-three"),
        pytest.param("- item\n\n  ```\n  [[a]]\n  ```\n", id="fence-in-a-list-item"),
        pytest.param("```\n[^n]: [[a]]\n````\n", id="longer-closing-fence"),
        pytest.param("Say ```[[a]]``` here.", id="triple-backtick-span"),
        pytest.param("A \\\\`[[a]]` here.", id="escaped-backslash-then-span"),
        pytest.param("# Heading\n    [[a]]\n", id="indented-code-after-a-heading"),
    ],
)
def test_more_code_is_code(text: str) -> None:
    assert find_references(text) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("A \\`[[a]]\\` here.", id="escaped-backticks-open-no-span"),
        pytest.param("A `span\n\n[[a]] b` here.", id="span-never-crosses-a-blank-line"),
        pytest.param("- one `x\n- [[a]] y`\n", id="span-never-crosses-a-list-item"),
        pytest.param("```\n[[b]]\n```\n[[a]]\n", id="after-a-closed-fence"),
        pytest.param("```yaml`\n[[a]]\n", id="backtick-in-info-is-no-fence"),
        pytest.param("    ```\n[[a]]\n", id="fence-indented-four-is-code-not-a-fence"),
        pytest.param("[^n]: Note.\n\n    more [[a]]\n", id="footnote-continuation"),
        pytest.param("- a\nlazy\n\n    [[a]]\n", id="list-continued-lazily"),
    ],
)
def test_not_code(text: str) -> None:
    assert "a" in link_ids(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[[`a`]]", id="code-inside-a-link"),
        pytest.param("[@`s`]", id="code-inside-a-citation"),
        pytest.param("[[a `b]] c`", id="span-starting-inside-a-link"),
    ],
)
def test_a_reference_holding_code_is_no_reference(text: str) -> None:
    assert find_references(text) == []


def test_lines_know_their_list_depth_whether_indented_by_two_or_four() -> None:
    text = "- a\n  - b\n    1. c\n- d\n    - e\n\n  more of d\n"
    lines = [(line.kind, line.depth) for line in scan_lines(text)]
    assert lines == [
        ("item", 0),
        ("item", 1),
        ("item", 2),
        ("item", 0),
        ("item", 1),
        ("blank", 0),
        ("list", 0),
    ]


def test_a_fence_knows_its_body_and_language() -> None:
    (first, *rest) = scan_lines("  ~~~~ python\n  x = 1\n    y\n  ~~~~\nafter\n")
    assert first.fence is not None
    assert (first.fence.info, first.fence.body) == ("python", "x = 1\n  y\n")
    assert [line.kind for line in rest] == ["fence", "fence", "fence", "text"]


@pytest.mark.parametrize(
    ("text", "references"),
    [
        # Red-team inputs that made check run for minutes (quadratic and cubic
        # backtracking); read in one pass, they finish in milliseconds.
        ("![a](" + " " * 200_000, 0),
        ("a " + "`" * 20_000 + " b", 0),
        ("a " + "`" * 3_000 + "x" + "`" * 2_999 + " [[id]]", 1),
    ],
)
def test_pathological_runs_are_read_in_one_pass(text: str, references: int) -> None:
    assert len(list(find_references(text))) == references
