"""Read block structure as writers type it: fenced code blocks and lists indented by 2 or 4.

Python-Markdown wants list items nested by four spaces and has fences only
through an extension whose rules differ from the ones ``check`` applies. Here
the lines are read once by :func:`policybrief.content.markdown_lines.scan_lines` (the
tokenizer validation uses too) and handed to Python-Markdown in the shape it
understands: each fenced block becomes finished ``<pre><code>`` HTML, and each
list line is re-indented by four spaces per level of nesting. So what ``check``
treats as code is exactly what prints as code.
"""

from __future__ import annotations

import re

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import Markup, escape

from policybrief.content.markdown_lines import Fence, scan_lines

_LANGUAGE_RE = re.compile(r"[A-Za-z0-9_+#.-]+")


def code_block(fence: Fence) -> Markup:
    """A fenced block as ``<pre><code>``: its text verbatim, its language (the info
    string's first word) as a ``language-`` class when it reads as one."""
    words = fence.info.split()
    language = words[0].lstrip(".") if words else ""
    body = escape(fence.body)
    if language and _LANGUAGE_RE.fullmatch(language):
        return Markup('<pre><code class="language-{}">{}</code></pre>').format(language, body)
    return Markup("<pre><code>{}</code></pre>").format(body)


class _Blocks(Preprocessor):
    """Stash fenced blocks as HTML and re-indent list lines to Python-Markdown's four spaces."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines) + "\n"
        out: list[str] = []
        numbered: dict[int, bool] = {}  # per depth: whether the last item there was numbered
        loose = False  # the item above went on with a paragraph after a blank line
        previous = "blank"
        for line in scan_lines(text):
            content = line.text.rstrip("\n")
            if line.kind == "item":
                # Python-Markdown starts a new list or item only after a blank line in
                # these two cases, where writers (and CommonMark) need none.
                number = content.lstrip()[:1].isdigit()
                changed = numbered.get(line.depth, number) != number
                if (loose or changed) and out and out[-1]:
                    out.append("")
                numbered = {d: n for d, n in numbered.items() if d < line.depth}
                numbered[line.depth], loose = number, False
            elif line.kind == "list" and previous == "blank":
                loose = True
            elif line.kind not in ("list", "blank"):
                numbered, loose = {}, False
            previous = line.kind
            if line.kind == "fence":
                if line.fence is None:  # a later line of a block already stashed
                    continue
                indent = " " * (4 * (line.depth + 1))
                # Blank lines around keep the block out of a paragraph; in a list
                # item the indentation keeps it inside the item.
                placeholder = self.md.htmlStash.store(code_block(line.fence))
                out.extend(["", indent + placeholder, ""])
            elif line.kind == "item":
                out.append(" " * (4 * line.depth) + content.lstrip(" \t"))
            elif line.kind == "list":
                out.append(" " * (4 * (line.depth + 1)) + content.lstrip(" \t"))
            elif line.kind == "blank":
                # Python-Markdown keeps a text's first line of spaces as a line of a
                # paragraph, which would make the code or list after it prose.
                out.append("")
            else:
                out.append(content)
        return out


class BlocksExtension(Extension):
    """Register the block reader after whitespace normalisation (30), before raw HTML (20)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.preprocessors.register(_Blocks(md), "brief_blocks", 28)
