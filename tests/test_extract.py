"""Article extraction: furniture left out, metadata read, hostile pages survived."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

import broadsheet
from broadsheet.errors import ExtractError
from broadsheet.ingest.extract import extract_article, extract_file, extracted_to_json
from broadsheet.ingest.metadata import clean_byline

URL = "https://news.example/world/2025/03/harbour-bridge-reopens"

PARAGRAPHS = [
    "The harbour bridge reopened to traffic on Tuesday morning after eighteen months of "
    "repairs, ending a long detour that had added almost an hour to the commute of "
    "thousands of people living on the northern shore.",
    "Engineers replaced the main cables and more than four hundred deck panels, the city "
    "council said, and the work finished three weeks ahead of the revised schedule that "
    "was announced last spring after storms delayed the delivery of steel.",
    "Traders on the quay said business had suffered during the closure. “We lost half of "
    "our regular customers,” said Mira Olsen, who runs a bakery near the southern ramp. "
    "“Today the queue was out of the door again before eight.”",
    "The council expects about forty thousand vehicles a day to use the crossing once the "
    "temporary ferry service ends on Friday, and it will review the speed limit next year.",
]

FURNITURE = [
    "We use cookies to improve your experience and to show personalised ads. Accept all",
    "Independent journalism since 1871. Subscribe from 9 a month.",
    "Try us free for a month, cancel any time.",
    "The Morning Tide",
    "Our editors' pick of the day's news, in your inbox at 7am.",
    "reCAPTCHA verification failed, please try again.",
    "Ferry timetable changes for the winter season",
    "Council approves new cycle lanes on the quay",
    "What a relief, the detour was a nightmare every single morning for my whole family.",
    "© 2025 Harbour News Group. All rights reserved.",
    "Share on Facebook",
]


def news_page(*, extra_head: str = "", body_paragraphs: list[str] | None = None) -> str:
    paragraphs = PARAGRAPHS if body_paragraphs is None else body_paragraphs
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Harbour bridge reopens after eighteen months",
        "datePublished": "2025-03-04T07:30:00+01:00",
        "dateModified": "2025-03-04T12:05:00+01:00",
        "author": [
            {"@type": "Person", "name": "Jane Doe"},
            {"@type": "Person", "name": "Ravi Patel"},
        ],
        "image": {"@type": "ImageObject", "url": "/images/bridge.jpg"},
        "publisher": {"@type": "Organization", "name": "Harbour News"},
    }
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Harbour bridge reopens after eighteen months | Harbour News</title>
<link rel="canonical" href="/world/2025/03/harbour-bridge-reopens">
<meta property="og:site_name" content="Harbour News">
<meta property="og:title" content="Harbour bridge reopens after eighteen months">
<meta name="description" content="Repairs finished three weeks early.">
<script type="application/ld+json">{json.dumps(ld)}</script>
<script>window.tracking = "do not extract me";</script>
{extra_head}
</head><body>
<div id="cookie-consent" class="consent-banner" role="dialog"><p>{FURNITURE[0]}</p>
<button>Accept all</button></div>
<header class="masthead"><nav class="primary"><ul><li><a href="/">Home</a></li>
<li><a href="/world/">World</a></li><li><a href="/sport/">Sport</a></li></ul></nav></header>
<div class="promo-strip"><p>{FURNITURE[1]} <a href="/subscribe/">Subscribe</a></p></div>
<main><div class="layout"><article class="story">
<h1 class="headline">Harbour bridge reopens after eighteen months</h1>
<p class="byline">By <a href="/profile/jane-doe">Jane Doe</a> and Ravi Patel</p>
<p class="dateline">4 March 2025 · Last modified on 4 March 2025</p>
<ul class="share-tools"><li><a href="#fb">{FURNITURE[10]}</a></li>
<li><a href="#mail">Share via email</a></li></ul>
<div class="article-body">
{body}
</div></article>
<aside class="rail">
<section class="trial-promo"><h3>Read without limits</h3><p>{FURNITURE[2]}</p>
<a href="/subscribe/">Start your free month</a></section>
<section class="related"><h3>More on this story</h3><ul>
<li><a href="/a">{FURNITURE[6]}</a></li><li><a href="/b">{FURNITURE[7]}</a></li></ul></section>
<section class="newsletter"><h3>{FURNITURE[3]}</h3><p>{FURNITURE[4]}</p>
<form action="/newsletter" method="post"><input type="email" name="email">
<button type="submit">Sign up</button><p class="form-error" role="alert">{FURNITURE[5]}</p>
</form></section></aside></div>
<section id="comments" class="comments"><h2>Comments (1)</h2>
<div class="comment"><p class="comment-author">harbourfan</p>
<p class="comment-text">{FURNITURE[8]}</p></div></section></main>
<footer class="site-footer"><p>{FURNITURE[9]}</p><p>Contact us · Privacy · Terms</p></footer>
</body></html>"""


def test_article_text_is_found_and_furniture_is_not() -> None:
    item = extract_article(news_page(), url=URL)
    for paragraph in PARAGRAPHS:
        assert paragraph in item.text
    for furniture in FURNITURE:
        assert furniture not in item.text, furniture
    for fragment in ("cookies", "reCAPTCHA", "inbox", "Subscribe", "free", "Comments", "Home"):
        assert fragment not in item.text
    assert "do not extract me" not in item.text
    assert item.text == "\n\n".join(PARAGRAPHS)


def test_html_is_sanitized_body() -> None:
    page = news_page(
        body_paragraphs=[
            *PARAGRAPHS[:2],
            'More details are in <a href="/docs/report.pdf?utm_source=x&amp;id=3">the '
            "engineers' report</a>, which the council published in full on <em>Tuesday</em>.",
        ]
    )
    item = extract_article(page, url=URL)
    assert item.html is not None
    assert item.html.startswith("<p>")
    assert (
        '<a href="https://news.example/docs/report.pdf?id=3" rel="nofollow noopener noreferrer">'
        in item.html
    )
    assert "<em>Tuesday</em>" in item.html
    for furniture in FURNITURE:
        assert furniture not in item.html
    assert "<script" not in item.html
    assert "<form" not in item.html


def test_metadata_fields() -> None:
    item = extract_article(news_page(), url=URL)
    assert item.title == "Harbour bridge reopens after eighteen months"
    assert item.byline == "Jane Doe and Ravi Patel"
    assert item.published == datetime(2025, 3, 4, 6, 30, tzinfo=UTC)
    assert item.updated == datetime(2025, 3, 4, 11, 5, tzinfo=UTC)
    assert item.image_url == "https://news.example/images/bridge.jpg"
    assert item.canonical_url == "https://news.example/world/2025/03/harbour-bridge-reopens"
    assert item.site_name == "Harbour News"
    assert item.description == "Repairs finished three weeks early."
    assert item.language == "en"
    assert item.word_count == sum(len(p.split()) for p in PARAGRAPHS)


def test_metadata_from_meta_tags_and_time_element() -> None:
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    page = f"""<html><head><title>Bridge reopens – Quay Courier</title>
<meta property="og:site_name" content="Quay Courier">
<meta property="article:published_time" content="2025-03-04">
<meta property="og:image" content="javascript:alert(1)">
<meta name="twitter:image" content="//cdn.example/bridge.png">
<meta property="og:url" content="https://courier.example/bridge">
<meta name="author" content="By Sam Lee | Updated 3:45 PM">
</head><body><article><h1>Bridge reopens</h1>
<time datetime="2025-03-05T10:00:00Z">5 March</time>{body}</article></body></html>"""
    item = extract_article(page.encode("utf-8"), url="https://courier.example/x?id=1")
    assert item.title == "Bridge reopens"
    assert item.published == datetime(2025, 3, 4, tzinfo=UTC)  # a date alone is midnight UTC
    assert item.updated is None
    assert item.image_url == "https://cdn.example/bridge.png"  # javascript: refused
    assert item.canonical_url == "https://courier.example/bridge"
    assert item.byline == "Sam Lee"
    assert item.site_name == "Quay Courier"


def test_time_element_when_no_meta_date() -> None:
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    page = f'<html><body><article><time datetime="2025-03-05T10:00:00-05:00">5 March</time>{body}'
    item = extract_article(page)
    assert item.published == datetime(2025, 3, 5, 15, 0, tzinfo=UTC)
    assert item.canonical_url is None
    assert item.image_url is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("BY JANE DOE, Staff Writer", "JANE DOE"),
        ("Jan Kowalski, Foreign Correspondent", "Jan Kowalski"),
        ("Jane Doe | Updated November 19, 2019 12:21 AM", "Jane Doe"),
        ("By Jane Doe and Ravi Patel", "Jane Doe and Ravi Patel"),
        ("Jane Doe, Ravi Patel, Li Wei", "Jane Doe, Ravi Patel, Li Wei"),
        ("by Lucía Marvell (Meridian Press Agency)", "Lucía Marvell, Meridian Press Agency"),
        ("Carrie Arnold and By", "Carrie Arnold"),
        ("Rachael Link, MS and RD", "Rachael Link"),
        ("jane@example.com", None),
        ("https://example.com/profile/jane", None),
        ("By 2019-11-19", None),
    ],
)
def test_byline_cleaning(raw: str, expected: str | None) -> None:
    assert clean_byline(raw) == expected


def test_language_from_text_overrides_declaration() -> None:
    german = [
        "Die Hafenbrücke ist am Dienstagmorgen nach achtzehn Monaten Bauzeit wieder für den "
        "Verkehr freigegeben worden, wie die Stadtverwaltung mitteilte.",
        "Die Ingenieure haben die Hauptkabel und mehr als vierhundert Fahrbahnplatten ersetzt; "
        "die Arbeiten wurden drei Wochen früher als geplant abgeschlossen.",
    ]
    item = extract_article(news_page(body_paragraphs=german), url=URL)  # page says lang="en-GB"
    assert item.language == "de"


def test_language_falls_back_to_declaration_for_short_text() -> None:
    page = (
        '<html lang="pt-BR"><body><article><p>Ponte reaberta hoje de manhã, disse a '
        "prefeitura da cidade.</p></article></body></html>"
    )
    assert extract_article(page).language == "pt"


def test_legacy_charset_bytes() -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"></head><body><article>'
        + "".join(f"<p>{text} Café crème.</p>" for text in PARAGRAPHS[:2])
        + "</article></body></html>"
    )
    item = extract_article(page.replace("“", '"').replace("”", '"').encode("iso-8859-1"))
    assert "Café crème." in item.text


def test_extract_file_reads_html_and_gzip(tmp_path: Path) -> None:
    plain = tmp_path / "page.html"
    plain.write_text(news_page(), encoding="utf-8")
    packed = tmp_path / "page.html.gz"
    packed.write_bytes(gzip.compress(news_page().encode("utf-8")))
    assert extract_file(plain).text == extract_file(packed).text == "\n\n".join(PARAGRAPHS)


def test_public_entry_point_and_json() -> None:
    item = broadsheet.extract(news_page(), url=URL)
    data = extracted_to_json(item)
    assert data["published"] == "2025-03-04T06:30:00+00:00"
    assert data["updated"] == "2025-03-04T11:05:00+00:00"
    assert data["word_count"] == item.word_count
    assert data["text"] == item.text
    json.dumps(data)  # JSON-ready as it is


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   ",
        "<html><body></body></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        "<html><head><title>Only a title</title></head><body><p>Short.</p></body></html>",
        b"\x00\x01\x02\xff\xfe binary garbage",
    ],
)
def test_no_article_raises(page: str | bytes) -> None:
    with pytest.raises(ExtractError):
        extract_article(page)


def test_embedded_post_is_kept_as_a_quote() -> None:
    tweet = (
        '<div class="social-embed"><blockquote class="twitter-tweet"><p lang="en">The new '
        "bridge deck looks fantastic from the water this morning, well done everyone involved"
        '</p>&mdash; Port Authority (@port) <a href="https://twitter.com/port/status/1">'
        "March 4, 2025</a></blockquote></div>"
    )
    page = news_page(body_paragraphs=[PARAGRAPHS[0], tweet, *PARAGRAPHS[1:]])
    item = extract_article(page, url=URL)
    assert "well done everyone involved" in item.text
    assert item.html is not None
    assert "<blockquote>" in item.html


def test_article_split_around_ads_is_joined() -> None:
    chunk = '<div class="grid"><div class="body-chunk">{}</div><div class="ad-slot"></div></div>'
    first = "".join(f"<p>{text}</p>" for text in PARAGRAPHS[:2])
    more = [
        "Cyclists will get a separate lane on the eastern side of the deck from the summer, "
        "once the painted markings have been tested in wet weather by the council engineers.",
        "The old toll booths will be removed over the coming weekend, and drivers were asked "
        "to expect short delays at both ramps while the cranes are working on the approach.",
    ]
    second = "".join(f"<p>{text}</p>" for text in PARAGRAPHS[2:] + more)
    page = (
        "<html><body><main><article><h1>Bridge reopens</h1><div class='chunks'>"
        + chunk.format(first)
        + chunk.format(second)
        + "</div></article></main><footer><p>Contact us</p></footer></body></html>"
    )
    text = extract_article(page).text
    for paragraph in PARAGRAPHS + more:
        assert paragraph in text
    assert text.index(PARAGRAPHS[1]) < text.index(PARAGRAPHS[2]) < text.index(more[1])


def test_teaser_rail_and_promos_inside_the_article_are_dropped() -> None:
    rail = (
        "<ul><li><a href='/x'>Ferry fares to rise in April</a> The operator blamed fuel.</li>"
        "<li><a href='/y'>New cycle lanes approved</a> Work starts in May on the quay.</li>"
        "<li><a href='/z'>Fish market to move</a> Traders have mixed feelings about it.</li></ul>"
    )
    inserts = [
        "READ MORE: Ferry timetable changes for the winter season",
        "Sign up to our newsletter to get the day's top stories delivered to your inbox.",
        rail,
        "Follow us on Twitter and Facebook.",
        "(Reporting by Jane Doe; Editing by Ravi Patel)",
    ]
    body = [PARAGRAPHS[0], inserts[0], PARAGRAPHS[1], inserts[1], PARAGRAPHS[2], inserts[2]]
    body += [PARAGRAPHS[3], inserts[3], inserts[4]]
    page = (
        "<html><body><article>"
        + "".join(part if part.startswith("<ul>") else f"<p>{part}</p>" for part in body)
        + "</article></body></html>"
    )
    item = extract_article(page)
    assert item.text == "\n\n".join(PARAGRAPHS)


def test_table_layout_page_keeps_only_the_story_column() -> None:
    story = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    page = f"""<html><body><div id="cookiebar">{FURNITURE[0]}</div>
<table width="980"><tr><td colspan="3">| <a href="/">Home</a> | <a href="/news">News</a> |</td></tr>
<tr><td width="160"><p><b><a href="/notices/">Family notices</a></b></p>
<p><font size="1">{FURNITURE[1]}</font></p><p><b>{FURNITURE[2]}</b></p></td>
<td width="600"><table width="100%"><tr><td><b>Harbour bridge reopens</b></td></tr>
<tr><td><span class="author">By Morag Keillor</span><br>Posted: Monday, 10 March 2025</td></tr>
<tr><td><table align="right"><tr><td><img src="/b.jpg" alt="The bridge at dawn."></td></tr>
<tr><td><font size="1"><i>The bridge at dawn.</i></font></td></tr></table></td></tr>
<tr><td class="storytext">{story}</td></tr>
<tr><td><b>Readers' comments (1)</b><p><b>harbourfan</b> wrote:<br>{FURNITURE[8]}</p></td></tr>
</table></td>
<td width="220"><p><b>{FURNITURE[3]}</b></p><form action="/s"><font size="1">{FURNITURE[4]}</font>
<input type="text" name="email"></form><p class="err">{FURNITURE[5]}</p>
<p><b>Other stories</b></p><p><a href="/a">{FURNITURE[6]}</a></p></td></tr>
<tr><td colspan="3">{FURNITURE[9]}</td></tr></table></body></html>"""
    item = extract_article(page.encode("cp1252", errors="replace"), url=URL)
    assert item.text == "\n\n".join(PARAGRAPHS)
    assert item.byline == "Morag Keillor"


def test_standfirst_and_caption_are_not_text() -> None:
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    page = (
        "<html><body><article><h1>Bridge reopens</h1>"
        '<p class="article-dek">Repairs finished three weeks early, the council said.</p>'
        '<figure><img src="/b.jpg" alt="The bridge at dawn on Tuesday."></figure>'
        "<p>The bridge at dawn on Tuesday.</p>" + body + "</article></body></html>"
    )
    assert extract_article(page).text == "\n\n".join(PARAGRAPHS)


def test_unmarked_comment_section_is_cut() -> None:
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    comments = (
        "<h3>Comments (2)</h3><p>Finally! I have waited for this bridge to reopen for what "
        "feels like years, and the ferry was always full in the mornings.</p>"
        "<p>Shame about the cost overrun, but the new deck looks very well built indeed.</p>"
    )
    page = f"<html><body><div><h1>Bridge reopens</h1>{body}{comments}</div></body></html>"
    assert extract_article(page).text == "\n\n".join(PARAGRAPHS)


def test_deeply_nested_page_is_bounded() -> None:
    depth = 100_000
    page = "<html><body>" + "<div>" * depth + "<p>" + "deep words " * 50 + "</p>"
    page += "</div>" * depth + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + "</body></html>"
    try:
        item = extract_article(page)
    except ExtractError:
        return  # refusing is fine; crashing or hanging is not
    assert item.text


def test_huge_page_is_bounded() -> None:
    page = "<html><body><article>" + "<p>" + " ".join(["word"] * 60) + "</p>" * 1
    page += "<div><span>filler text</span></div>" * 200_000 + "</article></body></html>"
    item = extract_article(page)
    assert item.word_count >= 60


def test_hostile_text_survives() -> None:
    page = (
        "<html><body><article>"
        + "".join(f"<p>{text} \ud800 \x00 \u202e</p>" for text in PARAGRAPHS)
        + '<p><a href="javascript:alert(1)">click me</a> and <img src=x onerror=alert(1)></p>'
        + "</article></body></html>"
    )
    item = extract_article(page, url=URL)
    assert PARAGRAPHS[0].split(",")[0] in item.text
    assert item.html is not None
    assert "javascript:" not in item.html
    assert "onerror" not in item.html


def test_sample_world_pages_over_loopback() -> None:
    """Every article page of the demo world: served on 127.0.0.x, fetched, extracted."""
    server_module = pytest.importorskip("broadsheet.demo.server")
    now = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    with server_module.DemoServer(now=now) as server, httpx.Client(timeout=10) as client:
        articles = server.golden()
        assert articles
        for article in articles:
            url = server.url_for(article)
            response = client.get(url)
            assert response.status_code == 200, url
            item = extract_article(response.content, url=url)
            for furniture in article.furniture:
                assert furniture not in item.text, (url, furniture)
            for paragraph in article.body.split("\n\n"):
                assert paragraph in item.text, (url, paragraph)
            assert item.title == article.title, url
            assert item.byline == article.byline, url
            assert item.published == article.published, url
            assert item.updated == article.updated, url
            assert item.language == article.language, url
            if item.image_url is not None:  # not every outlet declares its picture
                assert item.image_url.endswith(article.image_path), url
