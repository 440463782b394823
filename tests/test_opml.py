"""OPML import and export."""

from __future__ import annotations

import pytest

from broadsheet.errors import ParseError
from broadsheet.ingest.opml import OpmlOutline, parse_opml, write_opml

EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="Loose" title="Loose feed" type="rss" xmlUrl="https://loose.example/feed"/>
    <outline text="News" title="News">
      <outline text="BBC" type="rss" xmlUrl="https://feeds.bbci.example/news/rss.xml"
               htmlUrl="https://www.bbc.example/news"/>
      <outline text="Guardian &amp; co" xmlurl="https://guardian.example/rss"/>
      <outline text="World">
        <outline text="DW" XMLURL="https://dw.example/rdf" HTMLURL="javascript:alert(1)"/>
      </outline>
    </outline>
    <outline text="Tech">
      <outline text="Bad scheme" xmlUrl="file:///etc/passwd"/>
      <outline text="Relative" xmlUrl="/feed.xml"/>
      <outline text="Dupe" xmlUrl="https://loose.example/feed"/>
      <outline text="LWN" xmlUrl=" https://lwn.example/headlines/rss "/>
    </outline>
    <outline text="Tagged" xmlUrl="https://tagged.example/atom" category="/Science/Space,/Other"/>
  </body>
</opml>"""


def test_parse_opml() -> None:
    assert parse_opml(EXPORT) == [
        OpmlOutline("https://loose.example/feed", "Loose feed", None, None),
        OpmlOutline(
            "https://feeds.bbci.example/news/rss.xml", "BBC", "https://www.bbc.example/news", "News"
        ),
        OpmlOutline("https://guardian.example/rss", "Guardian & co", None, "News"),
        OpmlOutline("https://dw.example/rdf", "DW", None, "World"),
        OpmlOutline("https://lwn.example/headlines/rss", "LWN", None, "Tech"),
        OpmlOutline("https://tagged.example/atom", "Tagged", None, "Science/Space"),
    ]


def test_round_trip() -> None:
    outlines = [
        OpmlOutline("https://a.example/feed", "A & <b>", "https://a.example/", None),
        OpmlOutline("https://b.example/rss", None, None, None),
        OpmlOutline("https://c.example/atom", "C “quoted”", None, "Tech"),
        OpmlOutline("https://d.example/feed.json", "D", "https://d.example/", "Tech"),
        OpmlOutline("https://e.example/rss", "E", None, "Science/Space"),
    ]
    document = write_opml(outlines, title="Export")
    assert document.startswith(b"<?xml")
    assert b'<opml version="2.0">' in document
    assert b"<title>Export</title>" in document
    assert parse_opml(document) == outlines


def test_round_trip_groups_by_category() -> None:
    outlines = [
        OpmlOutline("https://a.example/1", "1", None, "X"),
        OpmlOutline("https://a.example/2", "2", None, "Y"),
        OpmlOutline("https://a.example/3", "3", None, "X"),
        OpmlOutline("https://a.example/4", "4", None, None),
    ]
    again = parse_opml(write_opml(outlines))
    assert set(again) == set(outlines)
    assert [o.xml_url[-1] for o in again] == ["4", "1", "3", "2"]


def test_parse_opml_parses_safely() -> None:
    doc = b"""<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <opml><body><outline text="&x;" xmlUrl="https://x.example/feed"/></body></opml>"""
    (outline,) = parse_opml(doc)
    assert outline.title == "&x;"


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b"not xml at all", b"<rss><channel/></rss>", b"<opml><head/></opml>"],
)
def test_not_opml(data: bytes) -> None:
    with pytest.raises(ParseError):
        parse_opml(data)
