"""YAML as the text the writer typed, with positions for every key and value."""

from __future__ import annotations

import pytest

from policybrief.content import yamlsrc
from policybrief.content.yamlsrc import YamlSyntaxError, parse_yaml
from policybrief.errors import Position


def parse(text: str):
    data, smap, problems = parse_yaml(text)
    return data, smap, problems


def position_of(text: str, needle: str) -> Position:
    """1-based line and column of the first ``needle`` in ``text``."""
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    return Position(line, index - (text.rfind("\n", 0, index) + 1) + 1)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("no", "no"),
        ("yes", "yes"),
        ("off", "off"),
        ("true", "true"),
        ("2025", "2025"),
        ("1.0", "1.0"),
        ("0x1F", "0x1F"),
        ("012", "012"),
        (".inf", ".inf"),
        ("2025-12-04", "2025-12-04"),
        ("2025-12-04 10:00:00", "2025-12-04 10:00:00"),
        ("null", "null"),
        ("'~'", "~"),
        ('""', ""),
        ("Андрей Белоусов", "Андрей Белоусов"),
    ],
)
def test_scalars_stay_text(typed: str, value: str) -> None:
    data, _, problems = parse(f"key: {typed}\n")
    assert data == {"key": value}
    assert problems == []


@pytest.mark.parametrize("typed", ["", "~", "   "])
def test_empty_and_tilde_are_absent(typed: str) -> None:
    data, smap, _ = parse(f"title: Kept\nempty: {typed}\n")
    assert data == {"title": "Kept"}
    # The key is still known, so 'field is empty' can point at it.
    assert smap.has_key(("empty",))
    assert smap.key(("empty",)) == Position(2, 1)


def test_lists_and_nested_mappings() -> None:
    data, _, _ = parse("tags: [a, 2025, no]\nsite:\n  include_drafts: false\n  jobs: 4\n")
    assert data == {"tags": ["a", "2025", "no"], "site": {"include_drafts": "false", "jobs": "4"}}


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n", "---\n"])
def test_empty_document_is_an_empty_mapping(text: str) -> None:
    data, _, problems = parse(text)
    assert data == {}
    assert problems == []


def test_duplicate_key_keeps_the_first_and_says_where() -> None:
    data, _, problems = parse("name: First\nkind: person\nname: Second\n")
    assert data == {"name": "First", "kind": "person"}
    assert len(problems) == 1
    problem = problems[0]
    assert problem.position == Position(3, 1)
    assert problem.message == "duplicate key 'name' (first given on line 1)"
    assert not problem.fatal


def test_duplicate_key_in_a_nested_mapping() -> None:
    _, _, problems = parse("site:\n  title: A\n  title: B\n")
    assert [(p.position, p.message) for p in problems] == [
        (Position(3, 3), "duplicate key 'title' (first given on line 2)")
    ]


@pytest.mark.parametrize(
    ("text", "tag", "position"),
    [
        ("a: !!python/object:os.system x\n", "!!python/object:os.system", Position(1, 4)),
        ("a: ok\nb: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system",
         Position(2, 4)),
        ("a: !custom x\n", "!custom", Position(1, 4)),
        ("a:\n  - !!set {x: y}\n", "!!set", Position(2, 5)),
    ],
)  # fmt: skip
def test_tags_are_refused(text: str, tag: str, position: Position) -> None:
    _, _, problems = parse(text)
    assert len(problems) == 1
    assert problems[0].message == f"YAML tag '{tag}' is not allowed"
    assert problems[0].position == position
    assert problems[0].fatal


def test_standard_scalar_tags_are_allowed() -> None:
    data, _, problems = parse("a: !!str 2025\n")
    assert data == {"a": "2025"}
    assert problems == []


def test_aliases_within_the_budget_are_expanded() -> None:
    data, _, problems = parse("a: &x [one, two]\nb: *x\n")
    assert data == {"a": ["one", "two"], "b": ["one", "two"]}
    assert problems == []


def billion_laughs(levels: int) -> str:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        refs = ", ".join([f"*l{i - 1}"] * 10)
        lines.append(f"l{i}: &l{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_at_the_field_that_explodes() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse(billion_laughs(9))
    problem = info.value.problem
    assert problem.message == f"file expands to more than {yamlsrc.MAX_VALUES} values"
    # l0..l3 hold 11 + 111 + 1111 + 11111 values; l4's 111111 break the budget.
    assert problem.position == Position(5, 1)


def test_alias_budget_counts_every_value(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: [1, 2, 3]\nb: [4, 5, 6]\n"  # root + 2 lists + 6 items = 9 values
    monkeypatch.setattr(yamlsrc, "MAX_VALUES", 9)
    assert parse(text)[0] == {"a": ["1", "2", "3"], "b": ["4", "5", "6"]}
    monkeypatch.setattr(yamlsrc, "MAX_VALUES", 8)
    with pytest.raises(YamlSyntaxError):
        parse(text)


@pytest.mark.parametrize(
    ("text", "position", "message", "hint"),
    [
        (
            "a: x\nb:\n\t- y\n",
            Position(3, 1),
            "invalid YAML: found a tab character where YAML expects spaces",
            "indent with spaces; YAML does not allow tabs for indentation",
        ),
        (
            "a: [x, y\nb: z\n",
            Position(2, 2),
            "invalid YAML: did not find expected ',' or ']'",
            "the '[' on line 1, column 4 needs ',' between items and a closing ']'",
        ),
        (
            "a: {x: y\nb: z\n",
            Position(2, 2),
            "invalid YAML: did not find expected ',' or '}'",
            "the '{' on line 1, column 4 needs ',' between items and a closing '}'",
        ),
        (
            "title: Summit: a report\n",
            Position(1, 14),
            "invalid YAML: mapping values are not allowed in this context",
            "a value containing ': ' must be quoted: write title: \"Summit: a report\"",
        ),
        (
            'title: Trade: the "deal"\n',
            Position(1, 13),
            "invalid YAML: mapping values are not allowed in this context",
            'a value containing \': \' must be quoted: write title: "Trade: the \\"deal\\""',
        ),
        (
            "a:\n  b: c: d\n",
            Position(2, 7),
            "invalid YAML: mapping values are not allowed in this context",
            "a value containing ': ' must be quoted: write b: \"c: d\"",
        ),
        (
            'a: "open\nb: c\n',
            Position(3, 1),
            "invalid YAML: found unexpected end of stream",
            "close the quote opened on line 1, column 4",
        ),
        # Indentation: the line to move, and the column it belongs in.
        (
            "name: Ann\n role: Minister\nkind: person\n",
            Position(2, 6),
            "invalid YAML: mapping values are not allowed in this context",
            "line 2 is indented more than line 1: keys of one mapping start in the same column "
            "(1); if it goes on line 1's text, quote that text or write it as a block with '|'",
        ),
        (
            "name: Ann\naliases:\n  - Alpha\n - Beta\n",
            Position(4, 2),
            "invalid YAML: did not find expected key",
            "line 4's '- ' is indented differently from the list item on line 3: start it in "
            "column 3",
        ),
        (
            "name: Ann\nsources:\n  - x\n role: b\n",
            Position(4, 2),
            "invalid YAML: did not find expected key",
            "line 4 is indented differently from the keys of the mapping that begins on line 1: "
            "they start in column 1",
        ),
    ],
)
def test_syntax_errors_say_where_and_how_to_fix(
    text: str, position: Position, message: str, hint: str
) -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse(text)
    problem = info.value.problem
    assert (problem.position, problem.message, problem.hint) == (position, message, hint)


def test_line_offset_shifts_every_position() -> None:
    data, smap, problems = parse_yaml("title: T\ntitle: U\n", line_offset=1)
    assert data == {"title": "T"}
    assert problems[0].position == Position(3, 1)
    assert smap.value(("title",)) == Position(2, 8)
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml("a: [x\n", line_offset=1)
    assert info.value.problem.position.line == 3


def test_source_map_positions() -> None:
    text = "name: Ann\nsite:\n  title: Briefs\ntags:\n  - a\n  - b\n"
    _, smap, _ = parse(text)
    assert smap.value(("name",)) == Position(1, 7)
    assert smap.key(("name",)) == Position(1, 1)
    assert smap.key(("site", "title")) == Position(3, 3)
    assert smap.value(("site", "title")) == Position(3, 10)
    assert smap.value(("tags", 1)) == Position(6, 5)
    # Unknown paths fall back to their nearest known ancestor.
    assert smap.value(("tags", 7)) == Position(5, 3)
    assert smap.value(("nothing", "here")) == Position(1, 1)
    assert smap.first_key(()) == Position(1, 1)
    assert smap.first_key(("site",)) == Position(3, 3)
    assert smap.has_key(("site", "title"))
    assert not smap.has_key(("site", "base_url"))


# in_text: the position of a character inside a string value, in every scalar style


def check_in_text(text: str, path: tuple[str | int, ...], needle: str = "[[x]]") -> None:
    data, smap, _ = parse(text)
    value = data
    for part in path:
        value = value[part]
    assert smap.in_text(path, value.index(needle)) == position_of(text, needle)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: See [[x]] here.\n", id="plain"),
        pytest.param("a: See\n  the  other\n     [[x]] here.\n", id="plain-multiline"),
        pytest.param("a: 'It''s [[x]]'\n", id="single-quoted"),
        pytest.param('a: "A \\"quoted\\" [[x]]"\n', id="double-quoted"),
        pytest.param('a: "Over\n  two lines [[x]]"\n', id="double-quoted-multiline"),
        pytest.param("a: |\n  First line.\n\n  Then [[x]] here.\n", id="literal"),
        pytest.param("a: |\n  List:\n    - item [[x]]\n", id="literal-more-indented"),
        pytest.param("a: |-\n  One\n  Two [[x]]\n", id="literal-strip"),
        pytest.param("a: >\n  Folded\n  text, [[x]]\n", id="folded"),
        pytest.param("a: >\n  Folded\n    indented [[x]]\n", id="folded-more-indented"),
        pytest.param("a: >\n  One\n\n  Two [[x]]\n", id="folded-paragraphs"),
        pytest.param("n: Андрей\na: Белоусов и [[x]]\n", id="non-ascii"),
    ],
)
def test_in_text_points_at_the_character(text: str) -> None:
    check_in_text(text, ("a",))


def test_in_text_inside_a_list_item() -> None:
    check_in_text("outcomes:\n  - First [[y]]\n  - >\n    Second\n    [[x]]\n", ("outcomes", 1))


def test_in_text_of_the_first_character() -> None:
    _, smap, _ = parse("a: |\n  [[x]] first\n")
    assert smap.in_text(("a",), 0) == Position(2, 3)


def test_in_text_with_a_line_offset() -> None:
    text = "a: >\n  some\n  [[x]]\n"
    data, smap, _ = parse_yaml(text, line_offset=1)
    assert smap.in_text(("a",), data["a"].index("[[")) == Position(4, 3)


# ' #' cuts a plain value short (a YAML comment): a warning at the '#'


@pytest.mark.parametrize(
    ("text", "value", "position", "comment"),
    [
        ("location: Room C #3, Alpha City\n", "Room C", Position(1, 18), "#3, Alpha City"),
        ("title: On 2231 #snapback clause\n", "On 2231", Position(1, 16), "#snapback clause"),
        ("authors:\n  - Policy unit #2\n", ["Policy unit"], Position(2, 17), "#2"),
        ("summary: One line\n  two line #tag\n", "One line two line", Position(2, 12), "#tag"),
        ("a:\n  b: x\t#1\n", {"b": "x"}, Position(2, 8), "#1"),
    ],
)  # fmt: skip
def test_a_comment_glued_to_a_plain_value_warns_at_the_hash(
    text: str, value: object, position: Position, comment: str
) -> None:
    data, _, problems = parse_yaml(text)
    assert list(data.values()) == [value]
    [problem] = problems
    assert problem.code == "yaml-comment-in-value"
    assert problem.warning
    assert not problem.fatal
    assert problem.position == position
    assert problem.message == f"'{comment}' is read as a YAML comment, not as part of the value"


def test_the_hint_shows_the_value_quoted() -> None:
    _, _, [problem] = parse_yaml("location: Room C #3, Alpha City\n")
    assert problem.hint == 'quote the value to keep it: "Room C #3, Alpha City"'
    _, _, [problem] = parse_yaml('location: Room "C" #3\n')
    assert problem.hint == "put the whole value in quotes to keep the text after ' #'"


@pytest.mark.parametrize(
    "text",
    [
        "language: C#\n",  # no space before '#': text, not a comment
        "title: Issue#3 and C# notes\n",
        'location: "Room C #3"\n',  # quoted: '#' is text
        "location: 'Room C #3'\n",
        "summary: |\n  Room C #3\n",  # block scalars: '#' is text
        "summary: >\n  Room C #3\n",
        "title: Draft    # required\n",  # a comment meant as one: the scaffold's style
        "# a comment line\ntitle: Draft\n",
        "tags: [a, b]  #x\n",  # after a flow collection, not after a value
    ],
)
def test_no_warning_where_hash_is_text_or_a_real_comment(text: str) -> None:
    _, _, problems = parse_yaml(text)
    assert problems == []


def test_the_warning_position_counts_the_front_matter_offset() -> None:
    _, _, [problem] = parse_yaml("title: Room C #3\n", line_offset=1)
    assert problem.position == Position(2, 15)
