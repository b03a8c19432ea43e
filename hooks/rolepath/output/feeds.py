"""Atom 1.0 feeds (RFC 4287) of what's new, built with the standard library's ElementTree.

ElementTree escapes text and attributes; what it does not do is refuse the characters XML 1.0
forbids (most control characters), which can turn up in commit messages. They are removed here,
so a feed always parses.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..content.history import Change
from ..content.i18n import ENGLISH, Translator
from ..content.model import Role
from . import urls

ATOM_NS = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed."""

    id: str
    """A permanent, unique IRI: `change_entries` makes 'urn:rolepath:change:<commit>:<scope>'."""
    title: str
    updated: datetime.datetime
    """Naive datetimes are taken as UTC."""
    link: str
    """The page the entry is about (absolute, or relative to the feed's site URL)."""
    summary: str


def atom_feed(
    title: str,
    site_url: str,
    feed_url: str,
    entries: Iterable[FeedEntry],
    *,
    page_url: str = "",
    updated: datetime.datetime | None = None,
    author: str | None = None,
) -> bytes:
    """A complete Atom 1.0 document, UTF-8 encoded, with an XML declaration.

    ``site_url`` is the site's root (MkDocs' ``site_url``; may be empty). ``feed_url`` is the
    feed's own address and ``page_url`` the page it belongs to (the role page for a role's
    feed, the home page by default); these and relative entry links are resolved against
    ``site_url``, so site-relative URLs like 'roles/x/feed.xml' are what to pass. Without a
    ``site_url`` links are made relative to the feed itself (which is what Atom resolves them
    against) and the feed's id becomes a URN (Atom ids must be absolute). The feed's
    ``updated`` is the newest entry's unless given (the Unix epoch for an empty feed), so
    rebuilding an unchanged portal gives the same bytes.
    """
    entries = list(entries)
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"

    feed_folder = posixpath.dirname(feed_url)

    def absolute(url: str) -> str:
        """Against the site root; without one, relative to the feed (Atom resolves against it)."""
        if base:
            return urljoin(base, url)
        if urlsplit(url).scheme or url.startswith("/"):
            return url
        relative = posixpath.relpath(url or ".", feed_folder or ".")
        return relative + "/" if (not url or url.endswith("/")) and not relative.endswith("/") else relative

    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(_tag("feed"))
    _text(feed, "id", _iri(absolute(feed_url) if base else feed_url, "feed"))
    _text(feed, "title", title)
    newest = max((_aware(entry.updated) for entry in entries), default=None)
    _text(feed, "updated", _timestamp(updated or newest or _EPOCH))
    author_element = ET.SubElement(feed, _tag("author"))
    _text(author_element, "name", author or title)
    _link(feed, "self", "application/atom+xml", absolute(feed_url))
    if base or page_url:
        _link(feed, "alternate", "text/html", absolute(page_url) or "./")
    _text(feed, "generator", "rolepath")
    for entry in entries:
        element = ET.SubElement(feed, _tag("entry"))
        _text(element, "id", _iri(entry.id, "entry"))
        _text(element, "title", entry.title)
        _text(element, "updated", _timestamp(entry.updated))
        _link(element, "alternate", "text/html", absolute(entry.link))
        _text(element, "summary", entry.summary)
    ET.indent(feed)
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def site_feed(
    changes: Sequence[Change], *, site_url: str, site_name: str, translator: Translator = ENGLISH
) -> bytes:
    """The site-wide feed (`urls.SITE_FEED`) of what changed anywhere in the portal."""
    feed_url = site_url + urls.SITE_FEED
    title = translator.gettext("%(site)s: what's new", site=site_name)
    return atom_feed(title, site_url, feed_url, change_entries(changes, "./", translator=translator))


def role_feed(
    role: Role, changes: Sequence[Change], *, site_url: str, site_name: str, translator: Translator = ENGLISH
) -> bytes:
    """One role's feed (`urls.role_feed_url`): what changed in the files behind the role."""
    feed_url = site_url + urls.role_feed_url(role.id)
    entries = change_entries(changes, urls.role_url(role.id), scope=role.id, translator=translator)
    title = translator.gettext("%(site)s: what's new for %(role)s", site=site_name, role=role.title)
    return atom_feed(title, site_url, feed_url, entries)


def _link(parent: ET.Element, rel: str, media_type: str, href: str) -> None:
    ET.SubElement(parent, _tag("link"), {"rel": rel, "type": media_type, "href": _clean(href)})


def change_entries(
    changes: Sequence[Change], link: str, scope: str = "site", translator: Translator = ENGLISH
) -> list[FeedEntry]:
    """Feed entries for a list of `Change`: the title is the change's Portal-Note (what changed, in
    words, without one); the summary says what changed.

    ``link`` is the page each entry points to (the role page for a role's feed); ``scope`` (a
    role id, or 'site') keeps entry ids unique across feeds that share a commit.
    """
    return [
        FeedEntry(
            id=f"urn:rolepath:change:{change.commit}:{scope}",
            title=change.note or change.summary_in(translator),
            updated=change.date,
            link=link,
            summary=change.summary_in(translator),
        )
        for change in changes
    ]


def _tag(name: str) -> str:
    return f"{{{ATOM_NS}}}{name}"


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _tag(name))
    element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _iri(value: str, kind: str) -> str:
    """Atom ids must be absolute IRIs: a relative feed URL (no site_url set) becomes a URN."""
    if urlsplit(value).scheme:
        return value
    return f"urn:rolepath:{kind}:{value.lstrip('/') or 'index'}"


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=datetime.UTC)


def _timestamp(moment: datetime.datetime) -> str:
    """RFC 3339, as Atom requires: 2026-03-14T09:30:00+00:00."""
    return _aware(moment).replace(microsecond=0).isoformat()
