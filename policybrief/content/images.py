"""Tell by its bytes whether a content image prints, and refuse an SVG that could do harm.

A brief shows PNG, JPEG, GIF, WebP and SVG images; the format is read from the
file's first bytes, never from its name. An SVG is a document, not a picture:
opened from the intranet it could run script, and rendered it could fetch
files. So an SVG passes only if it is plain drawing: its elements on an
allow-list (no ``<script>``, ``<foreignObject>``, animation, ``<image>`` or
links), no event handler attributes, every ``href`` and CSS ``url()`` a
``#fragment`` of the same file, no ``@import``, no entity declarations and no
processing instructions (so no ``xml-stylesheet``). Nothing is rewritten:
a refused SVG is an error for the writer to fix, not a picture silently changed.
"""

from __future__ import annotations

import contextlib
import re
import stat
import warnings
import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

#: Magic numbers of the raster formats that print (WebP: "RIFF", a size, "WEBP").
_RASTER = (
    (re.compile(rb"\A\x89PNG\r\n\x1a\n"), "PNG"),
    (re.compile(rb"\A\xff\xd8\xff"), "JPEG"),
    (re.compile(rb"\AGIF8[79]a"), "GIF"),
    (re.compile(rb"\ARIFF....WEBP", re.DOTALL), "WebP"),
)
#: The file name endings each format may have: a file is published under its own
#: name, and a browser believes the name, so the name must match the contents
#: (an "image" named x.html or x.js would be served as a page or a script).
SUFFIXES = {
    "PNG": (".png",),
    "JPEG": (".jpg", ".jpeg"),
    "GIF": (".gif",),
    "WebP": (".webp",),
    "SVG": (".svg",),
}
#: How many leading bytes tell a raster format.
HEADER_BYTES = 16
#: The most pixels a raster image may have. The PDF renderer decodes every image
#: whole (4 bytes a pixel: 200 MB at the limit), and a full A4 page at 300 dpi
#: needs 8.7 million; Pillow's own guard warns only from 89 million.
MAX_PIXELS = 50_000_000
_SVG_NS = "http://www.w3.org/2000/svg"
#: The most elements an SVG may draw once its ``<use>`` copies are expanded (a
#: map exported from a GIS draws a few thousand; 2 KB of nested ``<use>`` drew
#: billions and hung the browser), and the deepest it may nest them.
MAX_SVG_ELEMENTS = 100_000
#: Elements an SVG may draw with a filter (blur, morphology…): each costs a browser
#: a slow paint (30 dilated full-size rectangles took 8 s in Chromium), and the
#: PDF renderer draws none of them (the element prints unfiltered).
MAX_SVG_FILTERED = 32
#: ``filter:`` as a CSS property.
_FILTER_PROPERTY_RE = re.compile(r"(?<![-\w])filter\s*+:\s*+(?!none\b)", re.I)
MAX_SVG_DEPTH = 64
#: SVG elements that only draw. Left out on purpose: script, foreignObject, a,
#: image, feImage, iframe, the animation elements (which can rewrite an href).
_SVG_ELEMENTS = frozenset(
    """svg g defs symbol use title desc metadata switch path rect circle ellipse
    line polyline polygon text tspan textPath linearGradient radialGradient stop
    pattern clipPath mask marker style filter feBlend feColorMatrix
    feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
    feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG
    feFuncR feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight
    feSpecularLighting feSpotLight feTile feTurbulence""".split()
)
#: Editors' bookkeeping (Inkscape, Sodipodi, RDF metadata): inert in every renderer.
_EDITOR_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://creativecommons.org/ns#",
        "http://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/terms/",
    }
)
_URL_RE = re.compile(r"url\(\s*['\"]?\s*(.?)", re.IGNORECASE)
#: A ``data:`` URL's start, after ``url(`` (an embedded font or image).
_DATA_URL_RE = re.compile(r"url\(\s*['\"]?\s*data:", re.IGNORECASE)
#: CSS that fetches or runs something without url(), or hides it behind escapes.
_CSS_FORBIDDEN_RE = re.compile(
    r"@import|image-set\(|expression\(|-moz-binding|behavior\s*:|\\", re.IGNORECASE
)
SVG_HINT = "export the drawing again as plain SVG, or as PNG"


@dataclass(frozen=True)
class ImageProblem:
    """Why an image file cannot be shown, with what to do about it."""

    message: str
    hint: str
    #: The diagnostic's code (:data:`policybrief.errors.CODES`).
    code: str = field(kw_only=True)
    #: True when the file is a good image under a wrong name: renaming it is the fix,
    #: whether a text shows it or not.
    misnamed: bool = field(default=False, kw_only=True)


class _Refused(Exception):  # noqa: N818 (an internal signal, never raised out of this module)
    """The SVG has something not allowed; the message says what and where."""


def raster_format(header: bytes) -> str | None:
    """The name of the raster format ``header`` (the file's first bytes) starts, or None."""
    return next((name for magic, name in _RASTER if magic.match(header)), None)


def image_problem(data: bytes, name: str = "") -> ImageProblem | None:
    """What stops the image file ``data`` named ``name`` from being shown; None when it can be.

    The contents decide the format, and the name's ending must be that format's
    (:data:`SUFFIXES`; an empty ``name`` skips that test). Any bytes are
    accepted as input; nothing is raised.
    """
    found = raster_format(data[:HEADER_BYTES])
    problem = None if found else _svg_problem(data)
    if problem is None and name:
        fmt = found or "SVG"
        if not name.lower().endswith(SUFFIXES[fmt]):
            endings = " or ".join(f"*{s}" for s in SUFFIXES[fmt])
            return ImageProblem(
                f"a {fmt} image must be named {endings}, not '{name.rsplit('/', 1)[-1]}'",
                f"rename the file to end in {' or '.join(SUFFIXES[fmt])} (the site serves it "
                "under its name, and a browser trusts the name)",
                code="unsupported-image",
                misnamed=True,
            )
    return problem


def raster_problem(path: Path) -> ImageProblem | None:
    """What stops the raster image at ``path`` from printing: a file cut short, or
    too many pixels; None if it can.

    Reads the header with Pillow (which opens lazily) and the file's structure
    (:func:`cut_short`), never its pixels. A file Pillow cannot read is left to
    the PDF renderer's own report.
    """
    from PIL import Image

    if fmt := cut_short(path):
        return ImageProblem(
            f"the {fmt} file is cut short: it ends before its image does (a copy, download "
            "or sync that stopped part-way); the PDF would print a grey or black block",
            "copy or export the image again from where it came from",
            code="unsupported-image",
        )

    try:
        with warnings.catch_warnings():
            # Our limit is lower than Pillow's, whose warning would reach the terminal raw.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with _pillow_unguarded(Image), Image.open(path) as image:
                width, height = image.size
    except (OSError, ValueError, SyntaxError):
        # Pillow refuses what browsers show (a bad checksum in a PNG's text chunk):
        # the size comes from the header then, so no such file passes the limit.
        try:
            size = header_size(path.read_bytes()[:_SIZE_BYTES])
        except OSError:
            return None
        if size is None:
            return None
        width, height = size
    if width * height > MAX_PIXELS:
        return _too_many(width * height, (width, height))
    return None


#: How much of a file :func:`header_size` reads: a JPEG's frame header may
#: follow its metadata (an embedded preview, a colour profile).
_SIZE_BYTES = 1 << 20


def header_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels from a PNG, GIF, JPEG or WebP file's first bytes
    ``data``, read from its header without decoding anything; None when the
    header does not say (or ``data`` is no such file)."""
    fmt = raster_format(data[:HEADER_BYTES])
    if fmt == "PNG" and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if fmt == "GIF" and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if fmt == "WebP":
        return _webp_size(data)
    if fmt == "JPEG":
        offset = 2
        while offset + 9 <= len(data) and data[offset] == 0xFF:
            marker = data[offset + 1]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height = int.from_bytes(data[offset + 5 : offset + 7], "big")
                return int.from_bytes(data[offset + 7 : offset + 9], "big"), height
            offset += 2 + int.from_bytes(data[offset + 2 : offset + 4], "big")
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    """A WebP's canvas size from its first chunk (VP8X, VP8L or VP8)."""
    kind = data[12:16]
    if kind == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    if kind == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8 " and len(data) >= 30:
        return (
            int.from_bytes(data[26:28], "little") & 0x3FFF,
            int.from_bytes(data[28:30], "little") & 0x3FFF,
        )
    return None


#: A JPEG's start of scan and end of image markers.
_JPEG_SOS, _JPEG_EOI = b"\xff\xda", b"\xff\xd9"


def cut_short(path: Path) -> str | None:
    """The raster format of the file at ``path`` if the file ends before its image
    does, else None (whole, or not a raster image, or unreadable).

    Read from the file's structure, not its pixels, so a large photo costs a
    read, not a decode: a PNG's chunks must reach ``IEND``; a JPEG must have an
    end-of-image marker after its last scan; a GIF must end with its trailer
    (``;``); a WebP must hold the bytes its RIFF header counts.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    fmt = raster_format(data[:HEADER_BYTES])
    if fmt == "PNG":
        offset = 8
        while offset + 8 <= len(data):
            length = int.from_bytes(data[offset : offset + 4], "big")
            kind = data[offset + 4 : offset + 8]
            offset += 12 + length
            if kind == b"IEND":
                return None if offset <= len(data) else fmt
        return fmt
    if fmt == "JPEG":
        return None if data.rfind(_JPEG_EOI) > data.rfind(_JPEG_SOS) else fmt
    if fmt == "GIF":
        return None if data.rstrip(b"\x00").endswith(b";") else fmt
    if fmt == "WebP":
        return None if int.from_bytes(data[4:8], "little") + 8 <= len(data) else fmt
    return None


@contextlib.contextmanager
def _pillow_unguarded(image_module: Any) -> Iterator[None]:
    """Lift Pillow's pixel guard while a header is read: opening reads no pixels,
    and the guard's error would hide the image's size, which the message gives."""
    saved = image_module.MAX_IMAGE_PIXELS
    image_module.MAX_IMAGE_PIXELS = None
    try:
        yield
    finally:
        image_module.MAX_IMAGE_PIXELS = saved


def _too_many(pixels: int, size: tuple[int, int]) -> ImageProblem:
    return ImageProblem(
        f"image is {pixels / 1e6:.1f} megapixels ({size[0]} × {size[1]}); the limit is "
        f"{MAX_PIXELS // 1_000_000}, scale it down",
        "export it at the size it is printed: a full A4 page at 300 dpi is 8.7 megapixels",
        code="image-too-large",
    )


def _svg_problem(data: bytes) -> ImageProblem | None:
    """What stops ``data`` from being a safe SVG; None when it is one."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    checker = _SvgChecker(parser)
    parser.StartDoctypeDeclHandler = checker.doctype
    parser.ProcessingInstructionHandler = lambda target, _: checker.refuse(
        f"the processing instruction <?{target}?>"
    )
    parser.StartElementHandler = checker.start
    parser.CharacterDataHandler = checker.text
    parser.EndElementHandler = checker.end
    try:
        parser.Parse(data, True)
        try:
            drawn = checker.drawn() if checker.root is not None else 0
        except RecursionError:
            raise _Refused("a chain of <use> copying <use> too long to follow") from None
        filtered = checker.holds.get("", 0) if checker.filter_rules else checker.filtered
        if filtered > MAX_SVG_FILTERED:
            what = (
                f"a <style> rule with a filter over {filtered} elements"
                if checker.filter_rules
                else f"{filtered} elements drawn with a filter"
            )
            raise _Refused(
                f"{what} (at most {MAX_SVG_FILTERED}): a browser paints each slowly, a page "
                "of them stalls it, and the PDF draws none of the filters"
            )
        if drawn > MAX_SVG_ELEMENTS:
            raise _Refused(
                f"its <use> elements copy its drawing to over {MAX_SVG_ELEMENTS:,} "
                "elements, which stalls a browser"
            )
    except _Refused as refused:
        if checker.not_svg:
            return _UNSUPPORTED
        return ImageProblem(f"SVG refused: {refused}", SVG_HINT, code="unsafe-svg")
    except xml.parsers.expat.ExpatError as exc:
        if checker.root is None:
            return _UNSUPPORTED
        why = xml.parsers.expat.errors.messages[exc.code]
        return ImageProblem(
            f"SVG is not well-formed XML ({why}) at line {exc.lineno} of the SVG",
            SVG_HINT,
            code="unsupported-image",
        )
    return None if checker.root is not None else _UNSUPPORTED


_UNSUPPORTED = ImageProblem(
    "not a PNG, JPEG, GIF, WebP or SVG file",
    "save the image in one of these formats (the file's contents decide, not its name)",
    code="unsupported-image",
)


class _SvgChecker:
    """Expat handlers that raise :class:`_Refused` at the first thing not allowed."""

    def __init__(self, parser: xml.parsers.expat.XMLParserType) -> None:
        self.parser = parser
        #: The root element's name once seen; a file without one is no SVG.
        self.root: str | None = None
        self.not_svg = False
        #: The text of the ``<style>`` element being read (expat hands it over in pieces).
        self.style: list[str] | None = None
        #: The open elements' ids ("" for the root, None for an element without one).
        self.open: list[str | None] = []
        #: For the root and each element with an id: the elements it holds (itself
        #: included), and the ids its ``<use>`` elements copy.
        self.holds: dict[str, int] = {}
        self.uses: dict[str, list[str]] = {}
        #: Elements given a filter by attribute or style, and whether a ``<style>``
        #: rule gives one (to any element it selects).
        self.filtered = 0
        self.filter_rules = False

    def refuse(self, what: str) -> None:
        raise _Refused(f"{what} at line {self.parser.CurrentLineNumber} of the SVG")

    def doctype(self, name: str, system: str | None, public: str | None, internal: bool) -> None:
        # Old exporters write SVG 1.1's DOCTYPE, which no renderer fetches; only an
        # internal subset can declare entities (file contents, billion laughs).
        if internal:
            self.refuse("a DOCTYPE that declares entities")

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if self.root is None:
            if local != "svg" or namespace not in ("", _SVG_NS):
                self.not_svg = True
                raise _Refused(f"the root element is <{local}>")
            self.root = local
        if namespace not in _EDITOR_NAMESPACES and (
            namespace not in ("", _SVG_NS) or local not in _SVG_ELEMENTS
        ):
            self.refuse(f"the element <{local}>")
        if self.style is not None:
            # A style element holds text only: a nested one hid the outer's text.
            self.refuse(f"the element <{local}> inside <style>")
        if local == "style":
            self.style = []
        for attribute, value in attributes.items():
            self._attribute(local, attribute.rpartition(" ")[2], value)
        self._count(local, attributes)

    def _count(self, local: str, attributes: dict[str, str]) -> None:
        """Note the element for :meth:`drawn`: its depth, what holds it, what it copies."""
        if len(self.open) >= MAX_SVG_DEPTH:
            self.refuse(f"elements nested more than {MAX_SVG_DEPTH} deep")
        own = {a.rpartition(" ")[2]: v for a, v in attributes.items()}
        self.open.append("" if not self.open else own.get("id"))
        holders = [i for i in self.open if i is not None]
        for holder in holders:
            self.holds[holder] = self.holds.get(holder, 0) + 1
        href = own.get("href", "").strip()
        if local == "use" and href.startswith("#"):
            for holder in holders:
                self.uses.setdefault(holder, []).append(href[1:])

    def drawn(self) -> int:
        """How many elements the SVG draws once each ``<use>`` is expanded.

        Raises:
            _Refused: a ``<use>`` copies an element that holds it (a loop).
        """
        expanded: dict[str, int] = {}
        visiting: set[str] = set()

        def size(node: str) -> int:
            if node in expanded:
                return expanded[node]
            if node in visiting:
                raise _Refused(f"a <use> that copies an element holding it ('#{node}')")
            visiting.add(node)
            total = self.holds.get(node, 0)
            for target in self.uses.get(node, []):
                total += size(target)
                if total > MAX_SVG_ELEMENTS:
                    break
            visiting.discard(node)
            expanded[node] = total
            return total

        return size("")

    def _attribute(self, element: str, name: str, value: str) -> None:
        where = f"{name}= on <{element}>"
        if (name == "filter" and value.strip().lower() not in ("", "none")) or (
            name == "style" and _FILTER_PROPERTY_RE.search(value)
        ):
            self.filtered += 1
        if name.lower().startswith("on"):
            self.refuse(f"the event handler {where}")
        if name == "href" and not value.strip().startswith("#"):
            self.refuse(f"the external reference {where}")
        if "\\" in value:
            self.refuse(f"a backslash escape in {where}")  # CSS escapes hide url( and @import
        if name == "style":
            self._css(value, where)
        self._urls(value, where)

    def text(self, data: str) -> None:
        if self.style is not None:
            self.style.append(data)

    def end(self, name: str) -> None:
        if self.open:
            self.open.pop()
        if self.style is not None and name.rpartition(" ")[2] == "style":
            self._css("".join(self.style), "<style>")
            self.style = None

    def _css(self, css: str, where: str) -> None:
        if where == "<style>" and _FILTER_PROPERTY_RE.search(css):
            self.filter_rules = True  # may apply to any element
        if m := _CSS_FORBIDDEN_RE.search(css):
            self.refuse(f"'{m.group(0)}' in {where}")
        self._urls(css, where)

    def _urls(self, value: str, where: str) -> None:
        for m in _URL_RE.finditer(value):
            if m.group(1) != "#":
                embedded = _DATA_URL_RE.match(value, m.start()) is not None
                # An embedded font or image is not external, but the PDF would not load it.
                what = (
                    "a data: url() (an embedded font or image)" if embedded else "an external url()"
                )
                self.refuse(f"{what} in {where}")


#: The SVG elements whose character data a renderer draws as text.
_SVG_TEXT = frozenset({"text", "tspan", "textPath"})


def svg_text(data: bytes, *, on_path: bool = False) -> str:
    """The text an SVG drawing draws (its ``<text>``, ``<tspan>`` and ``<textPath>``
    character data), for the glyph check and the choice of fonts: a label no
    theme font covers would print as empty boxes. With ``on_path``, only the text
    set along a path (``<textPath>``), which the PDF renderer prints on a straight
    line at the drawing's top left corner, off its path and mostly cut off. Empty
    for a file that is not well-formed (``check`` reports that). Raises nothing."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    depth = 0
    found: list[str] = []
    kept = _SVG_TEXT if not on_path else frozenset({"textPath"})

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        if name.rpartition(" ")[2] in kept or depth:
            depth += 1

    def end(name: str) -> None:
        nonlocal depth
        if depth:
            depth -= 1
            if not depth:
                found.append(" ")

    def text(data: str) -> None:
        if depth:
            found.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError:
        return ""
    return "".join(found)


def drawings(text: str, content: Path, *, on_path: bool = False) -> Iterator[tuple[int, str, str]]:
    """The SVG images the Markdown ``text`` shows, read from ``content`` (the project's
    ``content/``): each one's offset in ``text``, its ``src`` and the text it draws
    (:func:`svg_text`, with ``on_path``). A file that cannot be read is skipped: a
    missing image is reported where it is named."""
    from policybrief.content.refs import Image, find_references

    if ".svg" not in text.lower():
        return
    for ref in find_references(text):
        if isinstance(ref, Image) and ref.src.lower().endswith(".svg"):
            path = asset_file(content, ref.src)
            if path is None:
                continue  # not an image of content/assets/: reported at the image
            try:
                data = path.read_bytes()
            except OSError:
                continue
            yield ref.offset, ref.src, svg_text(data, on_path=on_path)


def asset_file(content: Path, src: str) -> Path | None:
    """The file ``src`` (``assets/NAME``, as a text writes it) names in ``content``'s
    ``assets/`` folder, links resolved, or None when it names anything else: a path
    outside that folder (``/etc/x.svg``, ``assets/../../x.svg``, a link leading
    out), something not a regular file (a FIFO, ``/dev/zero``), a file past the
    asset size limit, or a name no file system takes (a NUL). Raises nothing."""
    from policybrief.content.load import MAX_ASSET_BYTES

    parts = PurePosixPath(src).parts
    if "\x00" in src or not parts or parts[0] != "assets" or ".." in parts or ":" in src:
        return None
    try:
        folder = (content / "assets").resolve(strict=True)
        path = (content / src).resolve(strict=True)
        info = path.stat()
    except (OSError, ValueError, RuntimeError):
        return None
    if not path.is_relative_to(folder) or not stat.S_ISREG(info.st_mode):
        return None
    return path if info.st_size <= MAX_ASSET_BYTES else None
