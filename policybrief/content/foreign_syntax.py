"""Find Markdown of other dialects that a brief would print as typed, or lose.

Writers come from GitHub, Pandoc, Quarto and Obsidian, whose Markdown has
syntax that ours (Python-Markdown with tables and footnotes, plus the brief's
own references) does not read: ``~~struck~~``, a definition list's ``: ``
lines, ``H~2~O``, a ``\\`` line break, ``1)`` lists, ``> [!NOTE]`` alerts,
``{#id}`` heading attributes, Pandoc's ``[see @id]`` citations and ``^[inline
notes]``. Each prints with its marks as typed, and some lose what the writer
meant (a citation that makes no note). :func:`find_foreign` finds them, outside
code, so that ``check`` can say where and what to write instead, and finds a
brief reference opened but never closed (``[[id``, ``[@id``), which prints as
typed too.

Every pattern here reads one line (or two) with no nested quantifiers, so the
time is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass

from policybrief.content.exhibits import CAPTION_RE, is_table_start
from policybrief.content.markdown_lines import escaped, in_ranges, scan_lines
from policybrief.content.refs import CitationGroup, Link, find_references
from policybrief.content.table_fit import cell_spans, has_border


@dataclass(frozen=True)
class Foreign:
    """One construct at ``offset`` (characters into the text).

    ``error`` is true when the writer loses something the brief counts (a
    citation, a link), so that a build must not publish it; ``code`` is the
    diagnostic code it is reported under.
    """

    offset: int
    message: str
    hint: str
    code: str
    error: bool = False


def _warning(offset: int, message: str, hint: str) -> Foreign:
    """A construct that prints as typed but loses nothing the brief counts."""
    return Foreign(offset, message, hint, code="foreign-markdown")


#: ``~~words~~``: GitHub's strikethrough (two tildes, not a fence's three).
_STRIKE_RE = re.compile(r"(?<![~\\])~~(?=[^\s~])[^~\n]*+(?<=[^\s~])~~(?!~)")
#: ``H~2~O`` and ``10^3^``: Pandoc's subscript and superscript, after a letter or digit.
_SUB_SUPER_RE = re.compile(r"(?<=[^\W_])([~^])[A-Za-z0-9]{1,12}+\1")
#: A web address written out or in angle brackets: its tildes and carets are its own.
_ADDRESS_RE = re.compile(r"<[^<>\s]*>|\b(?:https?|ftp)://[^\s<>]*|\bwww\.[^\s<>]*")
#: ``==words==``: a highlight (Obsidian, Markdown Extra, Quarto).
_HIGHLIGHT_RE = re.compile(r"(?<![\w=\\])==(?=[^\s=])[^=\n]*+(?<=[^\s=])==(?![\w=])")
#: ``[^ 1]`` or ``[ ^1]``: a note call with a space, which is no call.
_SPACED_CALL_RE = re.compile(r"\[(?:[ \t]+\^[ \t]*|\^[ \t]+)[^\s\[\]]+\]")
#: ``{{< pagebreak >}}``: a Quarto or Hugo shortcode.
_SHORTCODE_RE = re.compile(r"\{\{[<%]\s*+([\w/-]++)[^{}\n]*?[>%]\}\}")
#: ``[^my note]``: a note label with a space, which is no label.
_SPACED_LABEL_RE = re.compile(r"\[\^[^\s\[\]]++(?:[ \t]++[^\s\[\]]++)++\](?!\()")
#: Full-width brackets from a CJK keyboard round what would be a link, citation or note call.
_FULLWIDTH_RE = re.compile(r"[［【](?:[［【]|[@＠^＾])")
#: ``: definition`` at a line's start: a definition list (Pandoc, Markdown Extra).
_DEFINITION_RE = re.compile(r"^ {0,3}:[ \t]+\S", re.M)
#: ``:::`` fenced divs (Pandoc, Quarto).
_DIV_RE = re.compile(r"^ {0,3}:{3,}", re.M)
#: A backslash at a line's end, an odd number of them: CommonMark's hard break.
_BREAK_RE = re.compile(r"(?<!\\)(?:\\\\)*+\\[ \t]*+\n(?=[ \t]*+\S)")
#: ``1)`` starting a line, and the next line too: CommonMark's other ordered-list marker.
_PAREN_ITEM_RE = re.compile(r"^ {0,3}\d{1,9}\)[ \t]+\S(?=[^\n]*+\n {0,3}\d{1,9}\)[ \t])", re.M)
#: ``- [ ] item``: GitHub's task list.
_TASK_RE = re.compile(r"^[ \t]*+(?:[-*+]|\d{1,9}[.)])[ \t]++\[[ xX]\](?=[ \t])", re.M)
#: ``> [!NOTE]``: GitHub's alerts.
_ALERT_RE = re.compile(r"^ {0,3}>[ \t]*+\[!([A-Za-z]++)\]", re.M)
#: ``## Heading {#id .class}``: Pandoc's heading attributes.
_HEADING_ATTRS_RE = re.compile(
    r"^ {0,3}#{1,6}[ \t][^\n]*?(\{[ \t]*+[#.][^{}\n]*+\})[ \t#]*+$", re.M
)
#: ``[words]{.class}`` or ``[words](url){target=_blank}``: Pandoc's attributes
#: (ours reads only ``[words]{lang=xx}``).
_SPAN_ATTRS_RE = re.compile(r"[\])](\{[ \t]*+(?!lang=)(?:[.#][A-Za-z]|[\w-]++=)[^{}\n]*+\})")
#: ``^[text]``: Pandoc's inline note.
_INLINE_NOTE_RE = re.compile(r"(?<!\\)\^\[")
#: ``[see @id, p. 4]`` or ``[-@id]``: brackets that may hold a Pandoc citation
#: (ours start ``[@``), not a link's words (``[see @id](url)``).
_BRACKETS_RE = re.compile(r"(?<![\\!\[])\[(?!@)((?:[^\[\]\n]|\n(?![ \t]*+\n))*+)\](?![(\[])")
#: ``@id`` in a Pandoc citation's brackets.
_PANDOC_ITEM_RE = re.compile(r"(?<![\w.@])@([A-Za-z0-9][\w-]*+)")
#: Words in brackets, one line's.
_ANY_BRACKETS_RE = re.compile(r"\[(?:[^\[\]\n]|\n(?![ \t]*+\n))*+\]")
#: ``@id`` standing alone in prose (not an e-mail address, not in brackets).
_BARE_CITE_RE = re.compile(r"(?<![\w.@\[;/［【-])@([A-Za-z0-9][\w-]*+)")
#: ``[id]``: single brackets round what could be an actor's or agenda item's id.
_SINGLE_LINK_RE = re.compile(r"(?<![\[\\!\]])\[([a-z0-9][a-z0-9-]*+)\](?![\[\](:{])")
#: ``[[`` and ``[@`` that may open a brief reference.
_OPENERS_RE = re.compile(r"(?<![\\\[])\[(\[|@)")

_STRIKE_HINT = "write <del>words</del> for words struck through, or *words* for emphasis"


def find_foreign(
    text: str,
    in_code: Callable[[int], bool],
    *,
    sources: Set[str] = frozenset(),
    linkable: Set[str] = frozenset(),
) -> Iterator[Foreign]:
    """Yield each foreign construct of ``text`` outside code, in reading order per kind.

    ``in_code`` tells whether an offset is inside code; ``sources`` are the
    project's source ids (a Pandoc citation of one loses a note),
    ``linkable`` its actors' and agenda items' ids (``[id]`` in single brackets
    was meant as a link). Nothing is raised.
    """
    found: list[Foreign] = []
    if "~" in text or "^" in text:
        found += _marks(text, in_code)
    if "==" in text or "［" in text or "【" in text or "[ " in text or "[^" in text:
        found += _typos(text, in_code)
    if "{{" in text:
        for m in _SHORTCODE_RE.finditer(text):
            if not in_code(m.start()):
                found.append(
                    _warning(
                        m.start(),
                        f"'{_shown(m.group())}' (a Quarto or Hugo shortcode) is not part of "
                        "the content format and prints as typed",
                        "delete it: the PDF's pages break where they fill, keeping headings "
                        "with their text and tables whole where they fit",
                    )
                )
    if ":" in text:
        found += _blocks(text, in_code)
    if "\\" in text:
        found += _breaks(text, in_code)
    if ")" in text or "[" in text or ">" in text:
        found += _lists(text, in_code)
    if "{" in text:
        found += _attributes(text, in_code)
    if "@" in text:
        found += _citations(text, in_code, sources)
    if _UNSEPARATED_HINT_RE.search(text):
        found += _unseparated(text)
    if "<" in text:
        found += _unclosed_html(text, in_code)
    if "[" in text:
        found += _unclosed(text, in_code)
        if linkable:
            found += _single_links(text, in_code, linkable)
    yield from sorted(found, key=lambda f: f.offset)


def _marks(text: str, in_code: Callable[[int], bool]) -> Iterator[Foreign]:
    in_addresses = in_ranges([(m.start(), m.end()) for m in _ADDRESS_RE.finditer(text)])

    def literal(at: int) -> bool:
        return in_code(at) or in_addresses(at)

    for m in _STRIKE_RE.finditer(text):
        if not literal(m.start()):
            yield _warning(
                m.start(),
                f"'{_shown(m.group())}': strikethrough is not part of the content format "
                "and prints with its tildes",
                _STRIKE_HINT,
            )
    for m in _SUB_SUPER_RE.finditer(text):
        if literal(m.start()) or escaped(text, m.start()) or _in_path(text, m.start()):
            continue
        kind = "subscript" if m.group(1) == "~" else "superscript"
        yield _warning(
            m.start(),
            f"'{_shown(m.group())}': Pandoc's {kind} is not part of the content format "
            f"and prints with its {'tildes' if kind == 'subscript' else 'carets'}",
            "type the character itself (H₂O, 10³, m²), or write H<sub>2</sub>O, 10<sup>3</sup>",
        )
    for m in _INLINE_NOTE_RE.finditer(text):
        if not in_code(m.start()):
            yield _warning(
                m.start(),
                "'^[': Pandoc's inline note is not part of the content format; it prints "
                "as typed and makes no note",
                "write a call where the note belongs, text.[^1], and the note on a line of its "
                "own: [^1]: The note.",
            )


def _typos(text: str, in_code: Callable[[int], bool]) -> Iterator[Foreign]:
    """Highlights, note calls with a space, and full-width brackets: all print as typed."""
    for m in _HIGHLIGHT_RE.finditer(text):
        if not in_code(m.start()):
            yield _warning(
                m.start(),
                f"'{_shown(m.group())}': a highlight is not part of the content format and "
                "prints with its equals signs",
                "write <mark>words</mark>, or *words* for emphasis",
            )
    for m in _SPACED_CALL_RE.finditer(text):
        if not in_code(m.start()):
            yield _warning(
                m.start(),
                f"'{m.group()}' is no note call (a note call has no space) and prints as typed",
                f"write [^{m.group().strip('[]^ ').lstrip('^ ')}]",
            )
    for m in _SPACED_LABEL_RE.finditer(text):
        if not in_code(m.start()):
            yield _warning(
                m.start(),
                f"'{_shown(m.group())}': a note's label has no spaces, so this is no note "
                "(nor its definition) and prints as typed",
                f"write [^{'-'.join(m.group()[2:-1].split())}], in the call and the definition",
            )
    for m in _FULLWIDTH_RE.finditer(text):
        if not in_code(m.start()):
            yield _warning(
                m.start(),
                f"full-width brackets ('{m.group()}', from a CJK keyboard) are text: they "
                "make no link, citation or note",
                "type ASCII brackets: [[id]], [@source-id], [^1]",
            )


def _blocks(text: str, in_code: Callable[[int], bool]) -> Iterator[Foreign]:
    opened = False  # whether a div's opening line was reported: its bare closer is not
    for m in _DIV_RE.finditer(text):
        line_end = text.find("\n", m.end())
        bare = not text[m.end() : line_end if line_end >= 0 else None].strip()
        if in_code(m.start()) or (bare and opened):
            continue
        opened = not bare
        yield _warning(
            m.start(),
            "':::' (a Pandoc or Quarto div) is not part of the content format and prints as typed",
            "delete the ':::' lines; a brief's boxes come from its fields (summary, key_judgments)",
        )
    for m in _DEFINITION_RE.finditer(text):
        if not in_code(m.start()):
            yield _warning(
                m.start(),
                "a line starting ': ' (a definition list) is not part of the content format: "
                "it prints as typed, joined to the line above",
                "write a list instead, '- **Term**: what it means', or HTML's <dl>",
            )


def _breaks(text: str, in_code: Callable[[int], bool]) -> Iterator[Foreign]:
    for m in _BREAK_RE.finditer(text):
        at = m.group().rindex("\\") + m.start()
        if not in_code(at):
            yield _warning(
                at,
                "a backslash at a line's end is not a line break here: it prints as typed",
                "end the line with two spaces to break it there, or leave a blank line to "
                "start a new paragraph",
            )


def _lists(text: str, in_code: Callable[[int], bool]) -> Iterator[Foreign]:
    run_end = -1  # the end of the last line of a run of '1)' lines reported
    for m in _PAREN_ITEM_RE.finditer(text):
        if m.start() > run_end and not in_code(m.start()):
            yield _warning(
                m.start(),
                f"'{m.group().strip().split()[0]}' does not start a numbered list here: the "
                "lines print as one paragraph",
                "write the number with a full stop: '1. First', '2. Second'",
            )
        run_end = text.find("\n", text.find("\n", m.start()) + 1)
        run_end = len(text) if run_end < 0 else run_end
    for m in _TASK_RE.finditer(text):
        if not in_code(m.start()):
            yield _warning(
                m.end() - 3,
                "a task list's box '[ ]' is not part of the content format and prints as typed",
                "say the item's state in words, or delete the brackets",
            )
    for m in _ALERT_RE.finditer(text):
        if not in_code(m.start()):
            yield _warning(
                m.start(1) - 2,
                f"'[!{m.group(1)}]' (a GitHub alert) is not part of the content format and "
                "prints as typed in a quotation",
                "delete it; put what matters most in the brief's summary or a key judgment",
            )


def _attributes(text: str, in_code: Callable[[int], bool]) -> Iterator[Foreign]:
    for m in _HEADING_ATTRS_RE.finditer(text):
        if not in_code(m.start(1)):
            yield _warning(
                m.start(1),
                f"'{_shown(m.group(1))}' after a heading prints as typed: headings take no "
                "attributes",
                "delete it; to link to the heading, put an anchor in it: "
                '## Trade <span id="trade"></span>, then [see](#trade)',
            )
    for m in _SPAN_ATTRS_RE.finditer(text):
        if not in_code(m.start(1)):
            yield _warning(
                m.start(1),
                f"'{_shown(m.group(1))}' (Pandoc's attributes) prints as typed: the only "
                "attribute read is a language, [words]{lang=fr}",
                "delete it, or write {lang=xx} to mark the words' language",
            )


def _citations(text: str, in_code: Callable[[int], bool], sources: Set[str]) -> Iterator[Foreign]:
    # Most texts hold "@" only in citations of our own: [@a] or [@a; @b].
    if text.count("@") == text.count("[@") + text.count(";@") + text.count("; @"):
        return
    # Anything in brackets is ours, a Pandoc citation reported below, or a link's words.
    in_brackets = in_ranges([(m.start(), m.end()) for m in _ANY_BRACKETS_RE.finditer(text)])
    for m in _BRACKETS_RE.finditer(text):
        if "@" not in m.group(1) or in_code(m.start()):
            continue
        items = [i for i in _PANDOC_ITEM_RE.finditer(m.group(1)) if i.group(1) in sources]
        if not items:
            continue
        words = m.group(1)
        before = words[: words.index("@")].strip().lstrip("-").strip()
        ours_ = f"[{words[words.index('@') :].strip()}]"
        yield Foreign(
            m.start(),
            f"'{_shown(m.group())}' is a Pandoc citation, which prints as typed and makes no note",
            (
                # Pandoc prints the words in the note: a footnote keeps them there.
                f"for the words in the note, as Pandoc prints them, a footnote: text.[^1] "
                f"and, on a line of its own, [^1]: {before[:1].upper() + before[1:]} {ours_}.; "
                f"or, for the words in the text, '{before} {ours_}'"
                if before
                else f"the brackets hold only citations: write '{ours_}'"
            ),
            code="invalid-citation",
            error=True,
        )
    for m in _BARE_CITE_RE.finditer(text):
        at = m.start()
        if m.group(1) in sources and not in_code(at) and not in_brackets(at):
            yield _warning(
                at,
                f"'@{m.group(1)}' outside brackets prints as typed and makes no note",
                f"write [@{m.group(1)}] to cite the source",
            )


#: A line that starts a list in GitHub's and CommonMark's Markdown even right
#: under a paragraph's line: a bullet, or the number 1.
_LIST_START_RE = re.compile(r" {0,3}(?:[-*+]|1[.)])[ \t]+\S")
#: A line right under another that may start a list, or a table's delimiter row:
#: only a text with one is read line by line for :func:`_unseparated`.
_UNSEPARATED_HINT_RE = re.compile(
    r"(?<=.)\n {0,3}(?:[-*+]|1[.)])[ \t]|^ {0,3}\|?[ \t]*+:?-++:?[ \t]*+\|", re.M
)  # (a table's delimiter row also stands under a title right under a paragraph)
#: A paragraph's line a list or table may follow directly here: a table's
#: caption, a heading.
_OWN_LINE_RE = re.compile(r" {0,3}(?:#|Table:[ \t])")


def _table_starts(lines: list[str], index: int) -> bool:
    """Whether a table of GitHub's starts at ``lines[index]``: a row, then a delimiter
    row with a pipe and as many cells (a line with a pipe over a ``---`` rule is none)."""
    if not is_table_start(lines, index):
        return False
    delimiter = lines[index + 1]
    border = has_border(lines[index])
    return "|" in delimiter and len(cell_spans(delimiter, border)) == len(
        cell_spans(lines[index], border)
    )


def _unseparated(text: str) -> Iterator[Foreign]:
    """A list or table right under a paragraph's line, which Markdown here reads
    as more of the paragraph (GitHub's starts a list or table there)."""
    lines = list(scan_lines(text))
    plain = [ln.text.rstrip("\r\n") for ln in lines]
    for i in range(1, len(lines)):
        before, line = lines[i - 1], lines[i]
        if before.kind != "text" or line.kind != "text" or _OWN_LINE_RE.match(plain[i - 1]):
            continue
        if plain[i - 1].lstrip().startswith((">", "|")) or "|" in plain[i - 1]:
            continue  # a quotation's line, or a table's own row
        at = line.offset + len(plain[i]) - len(plain[i].lstrip())  # at its first mark
        if CAPTION_RE.match(plain[i].lstrip()) and _table_starts(plain, i + 1):
            yield Foreign(
                at,
                "a table's 'Table:' title right under a paragraph's line prints as part of "
                "the paragraph, and the table has no title",
                "leave a blank line before the 'Table:' line",
                code="table-in-paragraph",
                error=True,
            )
        elif _table_starts(plain, i):
            yield Foreign(
                at,
                "a table right under a paragraph's line prints as text, pipes and all",
                "leave a blank line before the table (or its 'Table:' title)",
                code="table-in-paragraph",
                error=True,
            )
        elif _LIST_START_RE.match(plain[i]) and not _LIST_START_RE.match(plain[i - 1]):
            yield _warning(
                at,
                "a list right under a paragraph's line prints as more of the paragraph, "
                "its markers as typed",
                "leave a blank line before the list",
            )


#: Elements whose start tag opens a raw HTML block that runs to its end tag
#: (Python-Markdown's block-level elements without the void ``hr``).
_HTML_BLOCKS = frozenset(
    "address article aside blockquote center colgroup dd details div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup legend li main menu nav "
    "ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
#: A start or end tag: the slash of an end tag, the name, the slash of ``<br/>``.
_ANY_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*+)\b[^<>]*?(/?)>")
#: A start tag at a block's start: after a blank line, or the text's start.
_BLOCK_TAG_RE = re.compile(r"(?:\A|\n[ \t]*\n) {0,3}(<([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>)")


def _unclosed_html(text: str, in_code: Callable[[int], bool]) -> Iterator[Foreign]:
    """A raw HTML block whose end tag never comes: Markdown then reads the rest of
    the text as HTML, so its headings, emphasis, links and citations print as typed.

    One pass: each element's start tags are matched with its end tags, nested
    ones as Markdown nests them, and a block's start left unmatched is reported.
    """
    starts = {
        m.start(1)
        for m in _BLOCK_TAG_RE.finditer(text)
        if m.group(2).lower() in _HTML_BLOCKS and not m.group(3)
    }
    if not starts:
        return
    open_tags: dict[str, list[int]] = {}
    for m in _ANY_TAG_RE.finditer(text):
        name = m.group(2).lower()
        if name not in _HTML_BLOCKS or m.group(3) or in_code(m.start()):
            continue
        stack = open_tags.setdefault(name, [])
        if not m.group(1):
            stack.append(m.start())
        elif stack:
            stack.pop()
    unclosed = sorted(at for stack in open_tags.values() for at in stack if at in starts)
    if unclosed:
        at = unclosed[0]
        name = _ANY_TAG_RE.match(text, at).group(2).lower()  # type: ignore[union-attr]
        yield Foreign(
            at,
            f"<{name}> is never closed: the rest of the text is read as HTML, its headings, "
            "emphasis, links and citations printed as typed",
            f"close it with </{name}> where the block ends, or write Markdown instead",
            code="unclosed-html",
            error=True,
        )


def _unclosed(text: str, in_code: Callable[[int], bool]) -> Iterator[Foreign]:
    if "[[" not in text and "[@" not in text:
        return
    # The tokenizer's references (remembered per text): when every opener is one, done.
    refs = [r for r in find_references(text) if isinstance(r, Link | CitationGroup)]
    links = sum(isinstance(r, Link) for r in refs)
    if text.count("[[") <= links and text.count("[@") <= len(refs) - links:
        return
    in_closed = in_ranges(sorted((r.offset, r.end) for r in refs))
    for m in _OPENERS_RE.finditer(text):
        at = m.start()
        if in_code(at) or in_closed(at) or escaped(text, at):
            continue
        rest = _PARAGRAPH_END_RE.split(text[m.end() : m.end() + 200], 1)[0]
        if m.group(1) == "@" and _LINK_WORDS_RE.match(rest):
            continue  # a Markdown link whose words start with '@': [@user](url)
        if m.group(1) == "[":
            if _CLOSES_RE.match(rest) or _LINK_WORDS_RE.match(rest):
                continue  # a link too long for LINK_RE's rules, or [[x]](url) Markdown
            if _balanced(text, at):
                continue  # brackets in brackets, as text: [[1, 2], [3, 4]]
            yield Foreign(
                at,
                "'[[' opens a link that is never closed: it prints as typed",
                "close it in the same paragraph: [[id]] or [[id|words]]; write \\[[ for two "
                "brackets as text",
                code="unclosed-reference",
                error=True,
            )
        elif inner := re.match(r"[^\[\]\n]*+\[([^\[\]\n]*+)\][^\[\]\n]*+\]", rest):
            yield Foreign(
                at,
                "a citation holding brackets ('[@"
                + _shown(inner.group())
                + "') prints as typed and makes no note",
                "write the locator without brackets: '[@"
                + _shown(inner.group().replace("[", "").replace("]", ""))
                + "]'",
                code="invalid-citation",
                error=True,
            )
        else:
            yield Foreign(
                at,
                "'[@' opens a citation that is never closed: it prints as typed and makes no note",
                "close it: [@source-id] or [@source-id, p. 4]; write \\[@ for the characters "
                "as text",
                code="unclosed-reference",
                error=True,
            )


def _single_links(
    text: str, in_code: Callable[[int], bool], linkable: Set[str]
) -> Iterator[Foreign]:
    defined = set(re.findall(r"^ {0,3}\[([^\]\n]+)\]:", text, re.M))
    for m in _SINGLE_LINK_RE.finditer(text):
        id_ = m.group(1)
        if id_ in linkable and id_ not in defined and not in_code(m.start()):
            yield _warning(
                m.start(),
                f"'[{id_}]' prints with its brackets: a link takes two",
                f"write [[{id_}]] to link it",
            )


def _in_path(text: str, at: int) -> bool:
    """Whether ``at`` lies in a word holding a slash (a file path: ``~user/a~b~c``)."""
    start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1
    ends = [e for e in (text.find(" ", at), text.find("\n", at)) if e >= 0]
    return "/" in text[start : min(ends, default=len(text))]


def _shown(construct: str) -> str:
    """A construct as a message quotes it: on one line, at most 40 characters."""
    construct = " ".join(construct.split())
    return construct if len(construct) <= 40 else construct[:39] + "…"


#: How far :func:`_balanced` looks for the bracket closing an opening one.
_BALANCE_REACH = 1000
#: A paragraph's end: a line holding nothing but spaces.
_PARAGRAPH_END_RE = re.compile(r"\n[ \t]*+\n")
#: Words up to a ``]`` then an address or label (a Markdown link), over one line break.
_LINK_WORDS_RE = re.compile(r"(?:[^\[\]\n]|\n(?![ \t]*+\n))*+\][ \t]*+[(\[]")
#: Words up to ``]]``, over one line break.
_CLOSES_RE = re.compile(r"(?:[^\[\]\n]|\n(?![ \t]*+\n))*+\]\]")


def _balanced(text: str, at: int) -> bool:
    """Whether the ``[`` at ``at`` is closed by a ``]`` of its own in its paragraph
    (``[[1, 2], [3, 4]]``, ``[[The minister] said]``): nested brackets as text."""
    depth = 0
    stop = min(len(text), at + _BALANCE_REACH)
    if end := _PARAGRAPH_END_RE.search(text, at, stop):
        stop = end.start()
    for index in range(at, stop):
        char = text[index]
        if char in "[]" and not escaped(text, index):
            depth += 1 if char == "[" else -1
            if depth == 0:
                return True
    return False
