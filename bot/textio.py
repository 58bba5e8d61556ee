"""Turning what a user or a directory hands us (bytes, HTML, pasted text) into article text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser as HTMLParser

MAX_ARTICLE_CHARS = 200_000
MIN_ARTICLE_CHARS = 80


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


def decode(data: bytes) -> str:
    """UTF-8 first (the common case), then whatever charset-normalizer trusts (cp1251...)."""
    if b"\x00" in data[:4096]:
        raise BadInput("Это не текстовый файл (двоичные данные).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        best = from_bytes(data, cp_isolation=["cp1251", "koi8_r", "cp866", "utf_16"]).best()
    except Exception as error:  # charset-normalizer can trip on odd inputs; treat as undecodable
        raise BadInput("Не удалось определить кодировку файла.") from error
    if best is None:
        raise BadInput("Не удалось определить кодировку файла (ожидается UTF-8 или cp1251).")
    return str(best)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:5000]))


def html_to_text(html: str) -> tuple[str, str | None]:
    """The article's text, one block per line, and the page title when there is one."""
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
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if _ARTICLE_END.match(line):
            break
        if _BOILERPLATE.match(line):
            continue
        lines.append(line)
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return cleaned


def prepare_text(raw: str | bytes) -> tuple[str, str | None]:
    """Bytes or a string in, clean article text and an HTML title (if any) out; BadInput if unusable."""
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
