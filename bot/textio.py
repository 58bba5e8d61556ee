"""Turning what a user or a directory hands us (bytes, HTML, pasted text) into article text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from bot.article_header import header_field
from bot.charsets import Undecodable, decode_bytes
from bot.furniture import is_furniture, without_site_name

MAX_ARTICLE_CHARS = 200_000
MIN_ARTICLE_CHARS = 80
# An article is tens of kilobytes; a file this large is something else, and decoding or
# parsing it would take hundreds of megabytes before its text could be refused.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024


class BadInput(ValueError):
    """A text we refuse, with a message fit to show the user."""


# The related-links block that ends an article on news sites: nothing after it is article text.
_ARTICLE_END = re.compile(
    r"^\s*(?:е[щш]е по теме|свежее из этой рубрики|читайте также|похожие новости)",
    re.IGNORECASE,
)
# Lines that belong to the website around an article, not to the article.
_BOILERPLATE = re.compile(
    r"^\s*[\[(]?\s*(?:"
    r"смотрите также|по теме|"
    r"другие новости|последние новости|подписывайтесь|поделиться|"
    r"фото(?:графия)?\s*(?::|—|-|пресс-службы|с сайта|из открытых|автора|:)|"
    r"источник фото|фото:|иллюстративное фото|видео:|реклама\b|"
    r"если вы нашли ошибку|нашли ошибку|комментарии\b|теги:|метки:"
    r").*$",
    re.IGNORECASE | re.MULTILINE,
)
_HTML_HINT = re.compile(r"<(?:html|body|p|div|article|br|span|h[1-6])\b", re.IGNORECASE)
_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "figure",
    "figcaption",
    "iframe",
    "svg",
    "button",
]
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div", "br", "tr")
# Building the tree costs time in proportion to the nesting depth at every tag, so 400,000
# nested <div>s take minutes. No article nests a tenth as deep; such a page is refused before
# the parser sees it. The depth is counted without elements that never hold others (void) or
# that the next sibling closes by itself (optional end tags), so sloppy real pages pass.
MAX_HTML_DEPTH = 1000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
_VOID = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr")
_OPTIONAL_END = ("p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option")
_NOT_NESTING = frozenset((*_VOID, *_OPTIONAL_END, "source", "track", "optgroup", "colgroup"))


def too_large(size: int | None = None) -> str:
    shown = f" ({size / 1024 / 1024:.1f} МБ)" if size else ""
    return f"Файл больше {MAX_ARTICLE_BYTES // 1024 // 1024} МБ{shown} — это не похоже на статью."


def decode(data: bytes) -> str:
    """The file's text when its encoding is certain (see `bot.charsets`), else BadInput."""
    try:
        return decode_bytes(data)
    except Undecodable as error:
        if str(error) == "binary data":
            raise BadInput("Это не текстовый файл (двоичные данные).") from None
        raise BadInput(
            "Не удалось уверенно определить кодировку файла (части в разных кодировках или "
            "повреждённые байты). Сохраните его в UTF-8 и пришлите снова."
        ) from None


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:5000]))


def html_depth(html: str, stop_at: int = MAX_HTML_DEPTH) -> int:
    """How deeply the elements of `html` nest (see MAX_HTML_DEPTH), in one linear pass;
    counting stops once past `stop_at`."""
    depth = deepest = 0
    for tag in _TAG.finditer(html):
        closing, name, self_closing = tag.groups()
        if self_closing or name.lower() in _NOT_NESTING:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
        if deepest > stop_at:
            break
    return deepest


def html_to_text(html: str) -> tuple[str, str | None]:
    """The article's text, one block per line, and the page title when there is one."""
    if html_depth(html) > MAX_HTML_DEPTH:
        raise BadInput(
            f"HTML вложен глубже {MAX_HTML_DEPTH} уровней — это не похоже на страницу со статьёй."
        )
    tree = HTMLParser(html)
    title_node = tree.css_first("h1") or tree.css_first("title")
    title = title_node.text(strip=True) if title_node else None
    tree.strip_tags(_DROP_TAGS)
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    if root is None:
        return "", title
    for node in root.css(",".join(_BLOCK_TAGS)):
        node.insert_after("\n")
    return root.text(separator="", strip=False), title


def clean_text(text: str) -> str:
    """Normalise whitespace and drop website boilerplate and everything after "Еще по теме"."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines: list[str] = []
    in_header = True  # «Автор: …» atop a pasted text is metadata (bot.article_header), kept here
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        in_header = in_header and (not line or header_field(line) is not None)
        if in_header:
            lines.append(line)
            continue
        if _ARTICLE_END.match(line):
            break
        if _BOILERPLATE.match(line) or is_furniture(line):
            continue
        lines.append(without_site_name(line))
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return cleaned


def prepare_text(raw: str | bytes) -> tuple[str, str | None]:
    """Bytes or a string in, clean article text and an HTML title (if any) out; BadInput if unusable."""
    if len(raw) > MAX_ARTICLE_BYTES:
        raise BadInput(too_large(len(raw) if isinstance(raw, bytes) else None))
    text = decode(raw) if isinstance(raw, bytes) else raw
    if "\x00" in text:
        raise BadInput("Это не текстовый файл (двоичные данные).")
    title = None
    if looks_like_html(text):
        text, title = html_to_text(text)
    text = clean_text(text)
    check_article(text)
    return text, title


def check_article(text: str) -> None:
    """BadInput unless `text` is long enough, short enough and mostly letters to be an article."""
    if len(text) < MIN_ARTICLE_CHARS:
        raise BadInput(
            f"Слишком короткий текст ({len(text)} символов): нужна статья от {MIN_ARTICLE_CHARS}."
        )
    if len(text) > MAX_ARTICLE_CHARS:
        raise BadInput(
            f"Слишком длинный текст ({len(text):,} символов, предел {MAX_ARTICLE_CHARS:,}).".replace(
                ",", " "
            )
        )
    letters = sum(ch.isalpha() for ch in text)
    if letters < len(text) * 0.4:
        raise BadInput("Это не похоже на текст статьи: слишком мало букв.")


def content_hash(text: str) -> str:
    """Identity of a text regardless of whitespace and case, so re-pastes count as duplicates."""
    return hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest()
