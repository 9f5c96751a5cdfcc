"""Parse YAML into plain data while remembering where every key and value was typed.

The writers' contract says scalars are the text the writer typed, so we compose
the YAML node graph (libyaml when available) and convert it ourselves instead of
letting a YAML 1.1 constructor turn ``no`` into ``False`` or ``2025-12-04`` into a
date. Composing never constructs objects, so tags such as ``!!python/object``
can only be refused, never run.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from policybrief.content.characters import describe, first_forbidden
from policybrief.errors import Position, position_at

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

#: Path to a value inside a document: mapping keys and list indexes.
Path = tuple[str | int, ...]

#: Alias expansion beyond this many values is refused (a "billion laughs" file).
MAX_VALUES = 50_000
#: Content is a few levels deep; deeper nesting is refused before it exhausts the stack.
MAX_DEPTH = 32

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:value",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:binary",
}
_NULL_TEXT = {"", "~"}
#: Spaces, then a comment on the value's own line whose text starts right after '#'.
_COMMENT_AFTER_RE = re.compile(r"[ \t]+(#\S[^\n]*)")


@dataclass(frozen=True)
class YamlProblem:
    """A problem found while reading YAML, before any schema is applied."""

    position: Position
    message: str
    hint: str | None = None
    #: The data cannot be trusted (a refused tag): report it, validate nothing more.
    fatal: bool = False
    #: The kind of problem, one of :data:`policybrief.errors.CODES`.
    code: str = field(kw_only=True)
    #: A warning: the data is read, but perhaps not as the writer meant.
    warning: bool = field(default=False, kw_only=True)


class YamlSyntaxError(Exception):
    """YAML that cannot be read at all; ``problem`` says where and why."""

    def __init__(self, problem: YamlProblem) -> None:
        """Carry ``problem``; its message is the exception's text."""
        super().__init__(problem.message)
        self.problem = problem


class SourceMap:
    """Where each value of one YAML document is in its file (1-based positions).

    Values are named by a :data:`Path` of mapping keys and list indexes, as in
    the parsed data; :func:`parse_yaml` fills the map.
    """

    def __init__(self, text: str, line_offset: int = 0) -> None:
        """Map positions in ``text``, the document's source.

        ``line_offset`` is the number of lines before ``text`` in its file (1 for
        an analysis file's front matter, after its ``---``), added to every line.
        """
        self._text = text
        self._line_offset = line_offset
        self._values: dict[Path, yaml.Node] = {}
        self._keys: dict[Path, yaml.Node] = {}
        self._aligned: dict[Path, list[int]] = {}
        self._line_starts: list[int] | None = None

    def _pos(self, mark: Any) -> Position:
        return Position(mark.line + 1 + self._line_offset, mark.column + 1)

    def value(self, path: Path) -> Position:
        """Position of the value at ``path``, or of its nearest known ancestor."""
        for end in range(len(path), -1, -1):
            node = self._values.get(path[:end])
            if node is not None:
                return self._pos(node.start_mark)
        return Position(1 + self._line_offset, 1)

    def key(self, path: Path) -> Position:
        """Position of the key naming ``path`` (falls back to its value)."""
        node = self._keys.get(path)
        return self._pos(node.start_mark) if node is not None else self.value(path)

    def has_key(self, path: Path) -> bool:
        """Return whether the key naming ``path`` was typed, even with an empty value.

        The data drops an empty value, so this tells "given but empty" from absent.
        """
        return path in self._keys

    def first_key(self, path: Path) -> Position:
        """Position of the first key of the mapping at ``path``; for missing fields."""
        node = self._values.get(path)
        if isinstance(node, yaml.MappingNode) and node.value:
            return self._pos(node.value[0][0].start_mark)
        if node is not None and not isinstance(node, yaml.MappingNode):
            return self._pos(node.start_mark)
        return Position(1 + self._line_offset, 1)

    def in_text(self, path: Path, offset: int) -> Position:
        """Position of character ``offset`` of the string value at ``path``.

        Works for plain, quoted, literal and folded scalars: the value's
        non-space characters appear in the source in order, so we walk both
        together, letting any run of whitespace in one match any in the other.
        The walk is done once per value; a long summary with many references
        would otherwise be walked again for each.
        """
        node = self._values.get(path)
        if not isinstance(node, yaml.ScalarNode):
            return self.value(path)
        aligned = self._aligned.get(path)
        if aligned is None:
            aligned = self._aligned[path] = self._align(node)
        j = aligned[min(offset, len(aligned) - 1)] if aligned else -1
        if j < 0:  # an escape sequence we cannot align; settle for the start
            return self._pos(node.start_mark)
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self._text))]
        line = bisect.bisect_right(self._line_starts, j) - 1
        column = j - self._line_starts[line]
        return Position(line + 1 + self._line_offset, column + 1)

    def _align(self, node: yaml.ScalarNode) -> list[int]:
        """For each character of the value, its index in the source (-1: not found).

        Words are found whole (a word of the value is a word of the source unless
        an escape sequence changed it), then character by character from the
        first word that is not.
        """
        value: str = node.value
        src = self._text
        j = node.start_mark.index
        if node.style in ("|", ">"):
            j = src.find("\n", j) + 1 or len(src)
        elif node.style in ("'", '"'):
            j += 1
        end = node.end_mark.index
        aligned: list[int] = []
        for word in _WORD_RE.finditer(value):
            # the spaces before the word: where its first character is looked for
            aligned.extend([j] * (word.start() - len(aligned)))
            k = src.find(word.group(), j, end)
            if k < 0:
                break
            aligned.extend(range(k, k + len(word.group())))
            j = k + len(word.group())
        for char in value[len(aligned) :]:  # after an escape, or trailing spaces
            if char.isspace():
                aligned.append(j)
            elif j >= 0 and (k := src.find(char, j, end)) >= 0:
                aligned.append(k)
                j = k + 1
            else:
                j = -1
                aligned.append(-1)
        aligned.append(j)  # one past the end
        return aligned


_WORD_RE = re.compile(r"\S+")


def parse_yaml(text: str, line_offset: int = 0) -> tuple[Any, SourceMap, list[YamlProblem]]:
    """Parse one YAML document into str/list/dict data and its source map.

    Every scalar is the text typed (never a number, boolean or date); an empty
    value (``key:`` or ``~``) is dropped from its mapping. ``line_offset`` as
    for :class:`SourceMap`.

    Returns the data (``{}`` for an empty document), the map, and problems that
    do not stop reading (duplicate keys, refused tags, non-text keys).

    Raises:
        YamlSyntaxError: the text is not YAML (or holds a control character),
            aliases expand it beyond :data:`MAX_VALUES` values, or it nests
            deeper than :data:`MAX_DEPTH`; the problem carries the position.
    """
    smap = SourceMap(text, line_offset)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise YamlSyntaxError(_syntax_problem(exc, text, smap)) from None
    except yaml.reader.ReaderError as exc:  # control characters and the like
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise YamlSyntaxError(
            YamlProblem(
                position_at(text, exc.position, 1 + line_offset),
                f"control character U+{ord(char):04X} is not allowed in YAML",
                "delete it; it is invisible in most editors",
                code="yaml-syntax",
            )
        ) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(
            YamlProblem(Position(1 + line_offset, 1), f"invalid YAML: {exc}", code="yaml-syntax")
        ) from None
    if root is None:
        return {}, smap, []
    converter = _Converter(smap)
    try:
        data = converter.convert(root, ())
    except _TooManyValuesError as exc:
        # Point at the top-level field whose value exploded, not at line 1.
        raise YamlSyntaxError(
            YamlProblem(
                smap.key(exc.path[:1]),
                f"file expands to more than {MAX_VALUES} values",
                "anchors and aliases (&a, *a) may not be used to multiply content",
                code="yaml-limit",
            )
        ) from None
    except _TooDeepError as exc:
        raise YamlSyntaxError(
            YamlProblem(
                smap._pos(exc.node.start_mark),
                f"values are nested more than {MAX_DEPTH} levels deep",
                "content fields hold text or short lists; flatten the structure",
                code="yaml-limit",
            )
        ) from None
    if data is None:  # a document holding only '---' or '~' is empty, like an empty file
        data = {}
    return data, smap, converter.problems


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, smap: SourceMap) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    pos = smap._pos(mark) if mark is not None else smap.value(())
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    # libyaml does not name the character it stopped at; a tab is the usual one.
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        problem = "found a tab character where YAML expects spaces"
    hint = _colon_hint(problem, exc, text) or _indent_hint(problem, exc, text)
    hint = hint or _syntax_hint(problem)
    context = exc.context or ""
    if hint is None and exc.context_mark is not None:
        # The parser gives up where it noticed; the cause is where the context began.
        opened = smap._pos(exc.context_mark)
        where = f"line {opened.line}, column {opened.column}"
        if problem.startswith("did not find expected ','"):
            bracket, closing = ("[", "]") if "sequence" in context else ("{", "}")
            hint = f"the '{bracket}' on {where} needs ',' between items and a closing '{closing}'"
        elif "quoted scalar" in context:
            hint = f"close the quote opened on {where}"
    return YamlProblem(pos, f"invalid YAML: {problem}", hint, code="yaml-syntax")


def _indent_hint(problem: str, exc: yaml.MarkedYAMLError, text: str) -> str | None:
    """A hint naming the line indented wrongly, when indentation is the likely cause.

    libyaml reports where it stopped, with words about its own state ("did not
    find expected key"); a writer needs to hear which line to move and where.
    """
    mark, opened = exc.problem_mark, exc.context_mark
    if mark is None:
        return None
    lines = text.splitlines()
    if mark.line >= len(lines):
        return None
    line = mark.line + 1
    indent = _indent(lines[mark.line])
    if "did not find expected '-' indicator" in problem and opened is not None:
        return (
            f"line {line} is indented differently from the list that begins on line "
            f"{opened.line + 1}: start its '- ' in column {opened.column + 1}, as the items above"
        )
    if "did not find expected key" in problem and lines[mark.line].lstrip().startswith("- "):
        item = next(
            (n for n in range(mark.line - 1, -1, -1) if lines[n].lstrip().startswith("- ")), None
        )
        if item is not None:
            return (
                f"line {line}'s '- ' is indented differently from the list item on line "
                f"{item + 1}: start it in column {_indent(lines[item]) + 1}"
            )
    if "did not find expected key" in problem and opened is not None:
        return (
            f"line {line} is indented differently from the keys of the mapping that begins on "
            f"line {opened.line + 1}: they start in column {opened.column + 1}"
        )
    if "mapping values are not allowed" in problem and re.match(
        r"\s*[\w-]+:(\s|$)", lines[mark.line]
    ):
        above = next(
            (
                n
                for n in range(mark.line - 1, -1, -1)
                if lines[n].strip() and not lines[n].lstrip().startswith("#")
            ),
            None,
        )
        if above is not None and indent > _indent(lines[above]):
            return (
                f"line {line} is indented more than line {above + 1}: keys of one mapping start "
                f"in the same column ({_indent(lines[above]) + 1}); if it goes on line "
                f"{above + 1}'s text, quote that text or write it as a block with '|'"
            )
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


#: ``key: value`` at a line's start: the key and the value as typed.
_KEY_VALUE_RE = re.compile(r"^(\s*(?:- )?[\w-]+:[ \t]+)(\S.*?)\s*$")


def _colon_hint(problem: str, exc: yaml.MarkedYAMLError, text: str) -> str | None:
    """For a value holding ': ' (a title "Trade: the outlook"), the line as it
    should be typed, quoted."""
    mark = exc.problem_mark
    if "mapping values are not allowed" not in problem or mark is None:
        return None
    lines = text.splitlines()
    m = _KEY_VALUE_RE.match(lines[mark.line]) if mark.line < len(lines) else None
    if m is None or m.group(2)[0] in "\"'|>[{" or ": " not in m.group(2):
        return None
    quoted = m.group(2).replace("\\", "\\\\").replace('"', '\\"')
    return f"a value containing ': ' must be quoted: write {m.group(1).strip()} \"{quoted}\""


def _syntax_hint(problem: str) -> str | None:
    if "tab" in problem:
        return "indent with spaces; YAML does not allow tabs for indentation"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, or written as a block with '|'"
    if "could not find expected ':'" in problem:
        return "each line of a mapping needs 'key: value'; quote text containing ':'"
    if "another document" in problem:
        return (
            "a content file is one YAML document: delete the '---' line (or merge what "
            "follows it into the fields above)"
        )
    return None


class _TooDeepError(Exception):
    def __init__(self, path: Path, node: yaml.Node) -> None:
        super().__init__(path)
        self.path = path
        self.node = node


class _TooManyValuesError(Exception):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.path = path


def _tag_text(tag: str) -> str:
    """The tag as the writer typed it: ``!!python/object``, not its expanded URI."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


class _Converter:
    def __init__(self, smap: SourceMap) -> None:
        self.smap = smap
        self.problems: list[YamlProblem] = []
        self.count = 0

    def _pos(self, node: yaml.Node) -> Position:
        return self.smap._pos(node.start_mark)

    def _comment_after(self, node: yaml.ScalarNode) -> None:
        """Warn when a plain value is followed on its line by ``#word``.

        YAML reads `` #`` as the start of a comment, so ``Room C #3`` is "Room C";
        libyaml drops comments, so the source text after the value's end is
        read instead. A comment whose text starts with a space (``  # required``,
        the scaffold's style) is taken to be meant as one.
        """
        m = _COMMENT_AFTER_RE.match(self.smap._text, node.end_mark.index)
        if m is None:
            return
        comment = m.group(1).rstrip()
        whole = f"{node.value} {comment}".strip()
        self.problems.append(
            YamlProblem(
                position_at(self.smap._text, m.start(1), 1 + self.smap._line_offset),
                f"'{comment}' is read as a YAML comment, not as part of the value",
                f'quote the value to keep it: "{whole}"'
                if '"' not in whole and "\\" not in whole
                else "put the whole value in quotes to keep the text after ' #'",
                code="yaml-comment-in-value",
                warning=True,
            )
        )

    def _characters(self, node: yaml.ScalarNode) -> None:
        """Refuse a character content may not hold, also when written as an escape (``"\\f"``).

        The raw file was checked before parsing; only a double-quoted scalar's
        escapes can make one, so the scalar's start is where to look.
        """
        if (at := first_forbidden(node.value)) is not None:
            char = node.value[at]
            self.problems.append(
                YamlProblem(
                    self._pos(node),
                    f"control character {describe(char)} is not allowed",
                    "remove the escape that writes it from the quoted value",
                    fatal=True,
                    code="control-character",
                )
            )

    def convert(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooManyValuesError(path)
        if len(path) > MAX_DEPTH:
            raise _TooDeepError(path, node)
        self.smap._values[path] = node
        if node.tag not in _PLAIN_TAGS:
            self.problems.append(
                YamlProblem(
                    self._pos(node),
                    f"YAML tag '{_tag_text(node.tag)}' is not allowed",
                    f"content is plain data: delete '{_tag_text(node.tag)}' and write the value "
                    "as plain text",
                    fatal=True,
                    code="yaml-tag",
                )
            )
        if isinstance(node, yaml.ScalarNode):
            self._characters(node)
            if not node.style:
                self._comment_after(node)
                if node.value in _NULL_TEXT:
                    return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    YamlProblem(
                        self._pos(key_node),
                        "a key must be plain text",
                        "a field name is a word such as 'title' before ':'",
                        code="yaml-syntax",
                    )
                )
                continue
            key = key_node.value
            self._characters(key_node)
            if key in seen:
                first = self._pos(seen[key])
                self.problems.append(
                    YamlProblem(
                        self._pos(key_node),
                        f"duplicate key '{key}' (first given on line {first.line})",
                        "remove one of the two; YAML keeps only one of them",
                        code="duplicate-key",
                    )
                )
                continue
            seen[key] = key_node
            self.smap._keys[(*path, key)] = key_node
            value = self.convert(value_node, (*path, key))
            if value is not None:  # an empty value is the same as an absent one
                result[key] = value
        return result
