"""Lesson Markdown → sanitized HTML: a pure engine."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Sequence
from typing import Any, Final

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

MAX_MARKDOWN_CHARS: Final = 200_000
STATIC_PREFIX: Final = "/static/"
ALLOWED_TAGS: Final = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "ul", "ol", "li"}
    | {"strong", "em", "del", "s", "sub", "sup", "code", "pre", "a", "img", "abbr"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
)
_ATTRIBUTES: Final = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
    "abbr": {"title"},
    "code": {"class"},
}
# Removed with their content, not just unwrapped.
_DROP_WITH_CONTENT: Final = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript"}
)


class ContentTooLong(ValueError):
    """Lesson source is larger than MAX_MARKDOWN_CHARS."""


def is_static_image(src: str) -> bool:
    """Whether `src` is a relative path under /static/ (no scheme, host or `..`)."""
    if not src.startswith(STATIC_PREFIX) or "\\" in src or "//" in src:
        return False
    path = src.split("?", 1)[0].split("#", 1)[0]
    return posixpath.normpath(path).startswith(STATIC_PREFIX)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if is_static_image(value) else None
    if tag == "code" and attribute == "class":
        return value if value.startswith("language-") and value[9:].isalnum() else None
    return value


def _render_image(
    renderer: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    if is_static_image(str(token.attrGet("src") or "")):
        return str(renderer.image(tokens, idx, options, env))
    # An image from elsewhere becomes its alt text rather than an empty <img>.
    return str(renderer.renderInline(token.children or [], options, env))


@functools.cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.add_render_rule("image", _render_image)
    return md


def render_markdown(source: str, *, heading_offset: int = 1) -> str:
    """Render lesson Markdown to safe HTML; `# Title` becomes <h2> by default (the page owns <h1>)."""
    if len(source) > MAX_MARKDOWN_CHARS:
        raise ContentTooLong(f"lesson text exceeds {MAX_MARKDOWN_CHARS} characters")
    md = _parser()
    env: EnvType = {}
    tokens = md.parse(source, env)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + heading_offset, 6)}"
    return sanitize_html(md.renderer.render(tokens, md.options, env))


def sanitize_html(html: str) -> str:
    """Clean HTML to the lesson allow-list: no scripts, handlers, javascript: URLs or foreign images."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
        strip_comments=True,
    )
