"""parse_feed on hand-written documents: every format, the link/date/text rules, errors."""

from __future__ import annotations

import codecs
import gzip
import json
from datetime import UTC, datetime

import pytest

from broadsheet.errors import ParseError
from broadsheet.ingest.dates import parse_date
from broadsheet.ingest.feeds import parse_feed
from broadsheet.model import ParsedFeed

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def parse(data: bytes | str, **kwargs: object) -> ParsedFeed:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return parse_feed(raw, now=NOW, **kwargs)  # type: ignore[arg-type]


RSS2 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"
     xmlns:atom="http://www.w3.org/2005/Atom" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
<channel>
  <title>The &amp;lt;Daily&amp;gt; News &#8212; World</title>
  <link>https://news.example/world/</link>
  <atom:link rel="self" href="https://news.example/world/rss.xml"/>
  <description>All the news</description>
  <language>en-GB</language>
  <ttl>15</ttl>
  <image><title>Not the feed title</title><url>https://news.example/logo.png</url></image>
  <item>
    <title><![CDATA[Storm hits <b>coast</b> &amp; towns]]></title>
    <link>https://news.example/world/storm?utm_source=rss</link>
    <guid isPermaLink="false">story-1</guid>
    <description>&lt;p&gt;Summary with &lt;a href="/x"&gt;a link&lt;/a&gt;&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>Full <em>text</em></p><script>alert(1)</script>]]>
    </content:encoded>
    <dc:creator>Ana Reporter</dc:creator>
    <author>desk@news.example (News Desk)</author>
    <category>Weather</category><category>UK</category><category>Weather</category>
    <pubDate>Mon, 06 Jan 2025 10:00:00 +0100</pubDate>
    <media:thumbnail url="/img/storm.jpg" width="240"/>
    <enclosure url="https://news.example/a.mp3" type="audio/mpeg" length="1"/>
  </item>
  <item>
    <title>Relative link and permalink guid</title>
    <link>second-story</link>
    <guid>https://news.example/world/guid-2</guid>
    <pubDate>Tue, 07 Jan 2025 08:30:00 GMT</pubDate>
    <enclosure url="https://news.example/i2.png" type="image/png" length="1"/>
  </item>
  <item>
    <title>Only a permalink guid</title>
    <guid>https://news.example/world/guid-3</guid>
    <dc:date>2025-01-08T09:00:00Z</dc:date>
  </item>
  <item>
    <title>Feedburner</title>
    <link>https://feeds.feedburner.example/~r/x/~3/abc</link>
    <feedburner:origLink>https://news.example/world/original</feedburner:origLink>
  </item>
</channel>
</rss>
"""


def test_rss2_channel() -> None:
    feed = parse(RSS2, url="https://news.example/world/rss.xml")
    assert feed.kind == "rss"
    assert feed.title == "The <Daily> News — World"
    assert feed.site_url == "https://news.example/world/"
    assert feed.language == "en-gb"
    assert feed.ttl_minutes == 15
    assert feed.warnings == ()
    assert len(feed.entries) == 4


def test_rss2_items() -> None:
    first, second, third, fourth = parse(RSS2, url="https://news.example/world/rss.xml").entries
    assert first.title == "Storm hits coast & towns"
    assert first.url == "https://news.example/world/storm?utm_source=rss"
    assert first.guid == "story-1"
    assert first.summary_html == '<p>Summary with <a href="/x">a link</a></p>'
    assert first.content_html == "<p>Full <em>text</em></p><script>alert(1)</script>"  # raw
    assert first.author == "Ana Reporter"  # dc:creator preferred over the e-mail form
    assert first.tags == ("Weather", "UK")
    assert first.published == datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    assert first.image_url == "https://news.example/img/storm.jpg"
    assert second.url == "https://news.example/world/second-story"
    assert second.guid == "https://news.example/world/guid-2"
    assert second.image_url == "https://news.example/i2.png"
    assert third.url == "https://news.example/world/guid-3"  # guid is a permalink by default
    assert third.published == datetime(2025, 1, 8, 9, 0, tzinfo=UTC)
    assert fourth.url == "https://news.example/world/original"


def test_rss_relative_links_use_the_self_link_then_the_channel_link() -> None:
    # no URL given: the feed's own rel="self" link is the base
    entries = parse(RSS2).entries
    assert entries[1].url == "https://news.example/world/second-story"
    # no self link either: the channel link is the base
    doc = RSS2.replace('<atom:link rel="self" href="https://news.example/world/rss.xml"/>', "")
    assert parse(doc).entries[1].url == "https://news.example/world/second-story"


def test_rss_author_email_form() -> None:
    doc = "<rss><channel><item><guid>1</guid><author>desk@ex.com (News Desk)</author></item>"
    doc += "<item><guid>2</guid><author>Jo Bloggs &lt;jo@ex.com&gt;</author></item></channel></rss>"
    assert [e.author for e in parse(doc).entries] == ["News Desk", "Jo Bloggs"]


RSS091 = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel>
<title>Caf\xe9 Society</title><link>http://cafe.example/</link><language>fr</language>
<item><title>Cr&egrave;me&nbsp;br\xfbl\xe9e &amp; more</title><link>http://cafe.example/1</link>
<description>Tr\xe8s bon&hellip;</description></item>
</channel></rss>"""


def test_rss091_with_netscape_doctype_and_html_entities() -> None:
    feed = parse(RSS091.encode("latin-1"))
    assert feed.kind == "rss"
    assert feed.title == "Café Society"
    assert feed.language == "fr"
    (entry,) = feed.entries
    assert entry.title == "Crème brûlée & more"  # no-break space collapsed
    assert entry.summary_html == "Très bon…"
    assert entry.url == "http://cafe.example/1"
    assert entry.published is None


RSS10 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://heise.example/">
    <title>heise</title><link>https://heise.example/</link><dc:language>de</dc:language>
    <items><rdf:Seq><rdf:li rdf:resource="https://heise.example/1"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://heise.example/1">
    <title>Eins</title><link>https://heise.example/1</link>
    <description>Text</description><dc:date>2025-01-06T10:00:00+01:00</dc:date>
    <dc:creator>Redaktion</dc:creator><dc:subject>IT</dc:subject>
  </item>
  <item rdf:about="https://heise.example/2"><title>Zwei</title></item>
</rdf:RDF>"""


def test_rss10_rdf() -> None:
    feed = parse(RSS10)
    assert feed.kind == "rdf"
    assert feed.title == "heise"
    assert feed.language == "de"
    first, second = feed.entries
    assert first.url == "https://heise.example/1"
    assert first.guid == "https://heise.example/1"
    assert first.published == datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    assert first.author == "Redaktion"
    assert first.tags == ("IT",)
    assert second.url == "https://heise.example/2"  # from rdf:about


def test_rss090_namespace() -> None:
    doc = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://my.netscape.com/rdf/simple/0.9/">
      <channel><title>Old</title><link>http://old.example/</link></channel>
      <item><title>First</title><link>http://old.example/1</link></item></rdf:RDF>"""
    feed = parse(doc)
    assert (feed.kind, feed.title) == ("rdf", "Old")
    assert [(e.title, e.url) for e in feed.entries] == [("First", "http://old.example/1")]


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"
      xml:lang="en-US" xml:base="https://blog.example/">
  <title type="html">Ann &amp;amp; Bob&#8217;s blog</title>
  <link rel="self" href="/atom.xml"/>
  <link rel="alternate" type="text/html" href="/"/>
  <id>tag:blog.example,2025:feed</id>
  <updated>2025-01-09T00:00:00Z</updated>
  <author><name>Ann</name></author>
  <entry xml:base="posts/">
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">An <b>xhtml</b> title</div>
    </title>
    <link rel="alternate" type="application/json" href="one.json"/>
    <link rel="alternate" type="text/html" href="one.html"/>
    <link rel="edit" href="/edit/1"/>
    <link rel="enclosure" type="image/jpeg" href="/img/one.jpg"/>
    <id>tag:blog.example,2025:1</id>
    <published>2025-01-06T10:00:00-05:00</published>
    <updated>2025-01-07T10:00:00Z</updated>
    <category term="py" label="Python"/><category term="web"/>
    <summary type="text">Less &lt;than&gt; &amp; more</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <a href="x">you</a>
    </p></div></content>
  </entry>
  <entry>
    <title>Only updated</title>
    <link href="https://elsewhere.example/2"/>
    <id>tag:blog.example,2025:2</id>
    <updated>2025-01-08T10:00:00Z</updated>
    <author><name>Bob</name><email>bob@blog.example</email></author>
    <content type="html">&lt;p&gt;escaped &lt;b&gt;html&lt;/b&gt;&lt;/p&gt;</content>
    <media:group><media:thumbnail url="https://i.example/2.jpg"/></media:group>
  </entry>
  <entry>
    <title>No link, URL id</title>
    <id>https://blog.example/posts/3</id>
    <updated>2025-01-08T11:00:00Z</updated>
    <content type="image/svg+xml">PHN2Zy8+</content>
  </entry>
</feed>"""


def test_atom_feed() -> None:
    feed = parse(ATOM)
    assert feed.kind == "atom"
    assert feed.title == "Ann & Bob’s blog"
    assert feed.site_url == "https://blog.example/"
    assert feed.language == "en-us"
    first, second, third = feed.entries
    assert first.title == "An xhtml title"
    assert first.url == "https://blog.example/posts/one.html"  # HTML alternate, xml:base chain
    assert first.image_url == "https://blog.example/img/one.jpg"
    assert first.guid == "tag:blog.example,2025:1"
    assert first.published == datetime(2025, 1, 6, 15, 0, tzinfo=UTC)
    assert first.updated == datetime(2025, 1, 7, 10, 0, tzinfo=UTC)
    assert first.tags == ("Python", "web")
    assert first.author == "Ann"  # inherited from the feed
    assert first.summary_html == "Less &lt;than&gt; &amp; more"  # text escaped into HTML
    # the wrapper div is not part of the content
    assert first.content_html == '<p>Hello <a href="x">you</a>\n    </p>'
    assert second.url == "https://elsewhere.example/2"
    assert second.author == "Bob"
    assert second.published == second.updated == datetime(2025, 1, 8, 10, 0, tzinfo=UTC)
    assert second.content_html == "<p>escaped <b>html</b></p>"
    assert second.image_url == "https://i.example/2.jpg"
    assert third.url == "https://blog.example/posts/3"
    assert third.content_html is None  # binary content is not HTML


def test_atom03() -> None:
    doc = """<feed version="0.3" xmlns="http://purl.org/atom/ns#">
      <title>Old Atom</title><link rel="alternate" type="text/html" href="http://a03.example/"/>
      <entry><title>E</title><link rel="alternate" type="text/html" href="http://a03.example/e"/>
        <id>tag:a03,1</id><issued>2004-05-06T07:08:09Z</issued><modified>2004-05-07T00:00:00Z</modified>
        <content type="text/html" mode="escaped">&lt;p&gt;hi&lt;/p&gt;</content>
        <summary type="text/html" mode="base64">PHA+aGk8L3A+</summary>
      </entry></feed>"""
    feed = parse(doc)
    assert (feed.kind, feed.title, feed.site_url) == ("atom", "Old Atom", "http://a03.example/")
    (entry,) = feed.entries
    assert entry.url == "http://a03.example/e"
    assert entry.published == datetime(2004, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert entry.updated == datetime(2004, 5, 7, tzinfo=UTC)
    assert entry.content_html == "<p>hi</p>"
    assert entry.summary_html is None


def test_atom_without_namespace() -> None:
    doc = "<feed><title>T</title><entry><title>E</title><id>1</id></entry></feed>"
    assert [e.title for e in parse(doc).entries] == ["E"]


def test_atom_entry_document() -> None:
    doc = """<entry xmlns="http://www.w3.org/2005/Atom"><title>Lone</title>
      <link href="https://x.example/lone"/><id>urn:lone</id></entry>"""
    feed = parse(doc)
    assert feed.kind == "atom"
    assert [e.url for e in feed.entries] == ["https://x.example/lone"]


def _json_feed(**extra: object) -> bytes:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON &amp; friends",
        "home_page_url": "https://j.example/",
        "language": "en",
        "authors": [{"name": "Feed Author"}],
        "items": [
            {
                "id": 1,
                "url": "/posts/1",
                "title": "One",
                "content_html": "<p>one</p>",
                "summary": "short & sweet",
                "date_published": "2025-01-06T10:00:00+01:00",
                "date_modified": "2025-01-07T10:00:00Z",
                "tags": ["a", "b", 3, None],
                "image": "https://j.example/1.png",
            },
            {
                "id": "2",
                "external_url": "https://other.example/2",
                "content_text": "line <1>\nline 2",
                "author": {"name": "Old Style"},
            },
            {"id": "3", "title": ["not", "a", "string"], "url": 42, "date_published": 7},
            "not an item",
        ],
        **extra,
    }
    return json.dumps(document).encode()


def test_json_feed() -> None:
    feed = parse(_json_feed())
    assert (feed.kind, feed.title, feed.site_url, feed.language) == (
        "json",
        "JSON & friends",
        "https://j.example/",
        "en",
    )
    first, second, third = feed.entries
    assert first.guid == "1"
    assert first.url == "https://j.example/posts/1"
    assert first.content_html == "<p>one</p>"
    assert first.summary_html == "short &amp; sweet"
    assert first.published == datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    assert first.tags == ("a", "b", "3")
    assert first.author == "Feed Author"
    assert first.image_url == "https://j.example/1.png"
    assert second.url == "https://other.example/2"
    assert second.content_html == "line &lt;1&gt;<br>\nline 2"
    assert second.author == "Old Style"
    assert (third.guid, third.url, third.published) == ("3", None, None)
    assert third.title is None


def test_json_feed_surrogates_and_bad_json() -> None:
    doc = b'{"version": "https://jsonfeed.org/version/1", '
    doc += b'"items": [{"id": "x", "title": "a\\ud800b"}]}'
    (entry,) = parse(doc).entries
    assert entry.title == "ab"
    with pytest.raises(ParseError, match="not valid JSON"):
        parse(b'{"version": ')
    with pytest.raises(ParseError, match="not valid JSON"):
        parse(b"[" * 100_000)
    with pytest.raises(ParseError, match="not a JSON Feed"):
        parse(b'{"rss": {"channel": {}}}')


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (gzip.compress(b"<rss/>"), "gzip"),
        (b"<!DOCTYPE html><html><head><title>Hi</title></head><body>x</body></html>", "HTML"),
        (b"<html><head><link rel=alternate></head></html>", "HTML"),
        (b"Just some text, not a feed", "not a feed"),
        (b"\x00\x01\x02\x03binary", "not a feed"),
        (b"<?xml version='1.0'?><catalog><book/></catalog>", "root element is <catalog>"),
        (b"<opml version='2.0'><body/></opml>", "OPML"),
        (b"<?xml version='1.0'?>", "empty"),
        (b"<", "not readable XML"),
    ],
)
def test_not_a_feed(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse(data)


def test_feed_wrapped_in_xhtml_page_is_read() -> None:
    doc = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x.dtd">
    <html xmlns="http://www.w3.org/1999/xhtml"><body><feed xmlns="http://www.w3.org/2005/Atom">
    <title>Inside</title><entry><title>E</title><id>urn:e</id></entry></feed></body></html>"""
    feed = parse(doc)
    assert feed.title == "Inside"
    assert len(feed.entries) == 1
    assert any("HTML page" in w for w in feed.warnings)


def test_unsafe_links_are_dropped_and_counted() -> None:
    doc = """<rss><channel><link>javascript:alert(1)</link>
      <item><title>kept by guid</title><link>javascript:alert(1)</link><guid>g1</guid></item>
      <item><title>dropped</title><link>data:text/html,x</link></item>
      <item><title>no link at all</title><description>still news</description></item>
      <item><title>img</title><link>https://ok.example/</link>
        <enclosure url="file:///etc/passwd" type="image/png"/></item>
      <item></item>
    </channel></rss>"""
    feed = parse(doc, url="https://ok.example/feed")
    assert feed.site_url is None
    assert [(e.title, e.url, e.guid) for e in feed.entries] == [
        ("kept by guid", None, "g1"),
        ("no link at all", None, None),
        ("img", "https://ok.example/", None),
    ]
    assert feed.entries[2].image_url is None
    assert any("2 link(s)" in w for w in feed.warnings)
    assert any("2 entr(y/ies)" in w for w in feed.warnings)


def test_relative_links_need_an_http_base() -> None:
    doc = '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="javascript:alert(1)//">'
    doc += '<entry><id>1</id><link href="relative/path"/></entry></feed>'
    (entry,) = parse(doc, url="https://feed.example/atom").entries
    assert entry.url is None
    rss = "<rss><channel><item><guid>1</guid><link>/a</link></item></channel></rss>"
    assert parse(rss).entries[0].url is None
    assert parse(rss, url="file:///tmp/feed.xml").entries[0].url is None
    assert parse(rss, url="https://feed.example/x/rss").entries[0].url == "https://feed.example/a"


def test_untitled_entry_gets_title_from_its_text() -> None:
    text = "Lorem ipsum dolor sit amet, " * 10
    doc = f"<rss><channel><item><guid>1</guid><description>&lt;p&gt;{text}&lt;/p&gt;</description>"
    doc += "</item></channel></rss>"
    (entry,) = parse(doc).entries
    assert entry.title is not None
    assert entry.title.startswith("Lorem ipsum dolor sit amet,")
    assert entry.title.endswith("…")
    assert len(entry.title) <= 101


def test_max_items() -> None:
    items = "".join(f"<item><link>https://x.example/{i}</link></item>" for i in range(30))
    feed = parse(f"<rss><channel>{items}</channel></rss>", max_items=10)
    assert [e.url for e in feed.entries] == [f"https://x.example/{i}" for i in range(10)]
    assert any("30 items" in w for w in feed.warnings)


def test_dates_future_clamped_and_placeholders_dropped() -> None:
    doc = """<rss><channel>
      <item><guid>future</guid><pubDate>Tue, 06 Jan 2099 10:00:00 GMT</pubDate></item>
      <item><guid>soon</guid><pubDate>Sun, 01 Jun 2025 12:30:00 GMT</pubDate></item>
      <item><guid>zero</guid><pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate></item>
      <item><guid>epoch</guid><pubDate>Thu, 01 Jan 1970 00:00:00 +0000</pubDate></item>
      <item><guid>junk</guid><pubDate>yesterday</pubDate></item>
    </channel></rss>"""
    dates = {e.guid: e.published for e in parse(doc).entries}
    assert dates == {
        "future": NOW,
        "soon": datetime(2025, 6, 1, 12, 30, tzinfo=UTC),  # within the tolerance
        "zero": None,
        "epoch": None,
        "junk": None,
    }
    for value in dates.values():
        assert value is None or value.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon, 06 Jan 2025 10:00:00 GMT", datetime(2025, 1, 6, 10, tzinfo=UTC)),
        ("Mon, 6 Jan 25 10:00:00 PST", datetime(2025, 1, 6, 18, tzinfo=UTC)),
        ("06 Jan 2025 10:00 +0100", datetime(2025, 1, 6, 9, tzinfo=UTC)),
        ("Seg, 24 Set 2018 19:18:49 -0300", datetime(2018, 9, 24, 22, 18, 49, tzinfo=UTC)),
        ("6. März 2025 10:00", datetime(2025, 3, 6, 10, tzinfo=UTC)),
        ("2025-01-06T10:00:00.123+01:00", datetime(2025, 1, 6, 9, tzinfo=UTC)),
        ("2025-01-06 10:00:00", datetime(2025, 1, 6, 10, tzinfo=UTC)),
        ("2025-01-06", datetime(2025, 1, 6, tzinfo=UTC)),
        ("2025/01/06 10:00", datetime(2025, 1, 6, 10, tzinfo=UTC)),
        ("January 6th, 2025 at 10:00 pm", datetime(2025, 1, 6, 22, tzinfo=UTC)),
        ("Mon Jan  6 10:00:00 2025", datetime(2025, 1, 6, 10, tzinfo=UTC)),
        ("Mon Jan 06 2025 10:00:00 GMT+0000 (UTC)", datetime(2025, 1, 6, 10, tzinfo=UTC)),
        ("Wed, 02 Oct 2002 13:00:00 EDT", datetime(2002, 10, 2, 17, tzinfo=UTC)),
        ("2025-01-06T10:00:60Z", datetime(2025, 1, 6, 10, 0, 59, tzinfo=UTC)),
        ("0000-00-00 00:00:00", None),
        ("2025-02-30T00:00:00Z", None),
        ("2025-01-06T10:00:00+25:00", None),
        ("Mon, 32 Foo 2021 25:61:61 +9900", None),
        ("1518478934", None),
        ("-0001-11-30T00:00:00Z", None),
        ("10000-01-01T00:00:00Z", None),
        ("1" * 5000, None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(text: str | None, expected: datetime | None) -> None:
    assert parse_date(text, now=NOW) == expected


def test_encoding_bom_beats_declaration() -> None:
    doc = (
        '<?xml version="1.0" encoding="utf-8"?><rss><channel><title>日本語</title></channel></rss>'
    )
    feed = parse(codecs.BOM_UTF16_LE + doc.encode("utf-16-le"))
    assert feed.title == "日本語"


def test_encoding_http_charset_beats_declaration() -> None:
    doc = (
        '<?xml version="1.0" encoding="utf-8"?><rss><channel><title>Caf\xe9</title></channel></rss>'
    )
    data = doc.encode("cp1252")
    assert parse(data, content_type="text/xml; charset=windows-1252").title == "Café"


def test_encoding_wrong_declaration_is_detected_and_flagged() -> None:
    doc = '<?xml version="1.0" encoding="utf-8"?>'
    doc += "<rss><channel><title>Caf\xe9 “q”</title></channel></rss>"
    feed = parse(doc.encode("cp1252"))
    assert feed.title == "Café “q”"
    assert any("windows-1252" in w for w in feed.warnings)
    latin = '<?xml version="1.0" encoding="iso-8859-1"?>'
    latin += "<rss><channel><title>Café</title></channel></rss>"
    feed = parse(latin.encode("utf-8"))
    assert feed.title == "Café"
    assert any("valid UTF-8" in w for w in feed.warnings)


def test_encoding_cjk_without_declaration() -> None:
    text = "東京の天気は晴れです。明日も晴れるでしょう。" * 4
    doc = f"<rss><channel><item><guid>1</guid><title>{text}</title></item></channel></rss>"
    (entry,) = parse(doc.encode("euc-jp")).entries
    assert entry.title == text


def test_ill_formed_xml_is_recovered() -> None:
    doc = """

<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Broken &nbsp;&copy; AT&T</title>
<item><title>One &amp; only</title><link>https://b.example/1?a=1&b=2</link>
<itunes:subtitle>undeclared prefix</itunes:subtitle>
<content:encoded><![CDATA[<p>kept &nbsp; as is</p>]]></content:encoded></item>
<item><title>Two\x0b</title><link>https://b.example/2</link></item>
<item><title>Three, unclosed</title><link>https://b.example/3</link>
"""
    feed = parse(doc)
    assert feed.title == "Broken © AT&T"
    assert [e.url for e in feed.entries] == [
        "https://b.example/1?a=1&b=2",
        "https://b.example/2",
        "https://b.example/3",
    ]
    assert feed.entries[0].content_html == "<p>kept &nbsp; as is</p>"
    assert feed.entries[1].title == "Two"
    assert any("not well-formed" in w for w in feed.warnings)


def test_feedparser_fallback_for_what_libxml2_loses() -> None:
    doc = b"""<rss><channel><item><title>a</title><link>http://x.example/1</link></item>
      <item><title>b</title><link>http://x.example/2</link></item></rss>
      <rss><item><title>c</title><link>http://x.example/3</link></item></rss>"""
    feed = parse(doc)
    assert [e.title for e in feed.entries] == ["a", "b", "c"]
    assert any("feedparser" in w for w in feed.warnings)


def test_titles_are_plain_text() -> None:
    doc = """<rss><channel><item><guid>1</guid>
      <title>&lt;script&gt;alert(1)&lt;/script&gt;Breaking:   &amp;quot;News&amp;quot;
      \u202eevil\u200b</title></item></channel></rss>"""
    (entry,) = parse(doc).entries
    assert entry.title == 'Breaking: "News" evil'  # script body dropped too
