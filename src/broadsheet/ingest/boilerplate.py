"""Page furniture that survives the extractor, removed by general news-page rules.

trafilatura in recall mode finds the whole article but also keeps some of what surrounds
it: the headline and standfirst above the text, "read more" and "don't miss" teasers,
newsletter boxes with their success and error messages, subscription promos, share, follow
and comment prompts, related-link rails, credits and copyright lines. The rules below judge
each block by its position (headings before the first paragraph), its shape (short and
nearly all link text, a bare URL, a bare date, a reader's post) and phrase patterns that
mean the same thing on any news site. A comments heading ends the article; a heading or
short label left at the very end is the title of the box that follows it. None of the
rules is specific to one site.

Phrase patterns only apply to short blocks (``SHORT_BLOCK_WORDS``): a long paragraph that
happens to mention a newsletter is article text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from broadsheet.ingest.blocks import Block, text_key

SHORT_BLOCK_WORDS = 40
# A block at most this long whose text is nearly all link text is a teaser or a nav item.
LINK_BLOCK_WORDS = 20
LINK_DENSITY = 0.8
# A list whose items mostly open with a link (headline) followed by a blurb is a rail.
TEASER_ITEMS = 3
TEASER_SHARE = 0.8
TEASER_LINK_DENSITY = 0.25
DATELINE_CHARS = 80
# A last block this short that does not end like a sentence is a box title.
LABEL_WORDS = 6
_SENTENCE_ENDS = (".", "!", "?", '"', "”", "’", "'", ")", "…", "。", "！", "？")
BYLINE_WORDS = 12

# Matched at the start of a block (lower-cased, typographic quotes and dashes folded).
_AT_START = (
    # teasers and rails
    r"(read|see|watch|listen)( (more|also|next|now|this))?\b\s*[:|>»-]",
    r"(read|see) (more|also)$",
    r"(related|recommended|trending|popular|most (read|popular|viewed|shared|watched))\b.{0,40}$",
    r"related( (stories|articles|content|links|coverage|posts))?\s*:",
    r"(more|also) (from|on|in) [\w. ]{1,40}\s*[:|]?",
    r"(you (may|might) (also )?(like|enjoy|be interested in)|more stories|top stories)\b",
    r"(other|more|related|latest|top|recent) (stories|articles|news|headlines|posts)\b.{0,20}$",
    r"(don't miss|editor's picks)\b",
    r"(leggi anche|lesen sie auch|lire aussi|leia (também|mais)|lea también|ver também)\b",
    r"explore further$",
    # subscriptions, widgets
    r"(sign up|subscribe)\b",
    r"(register|log ?in|sign in|join)\b.{0,60}$",
    r"(sorry|thank you|thanks)\W{0,3}$",
    # sharing, following, contacting, comments
    r"share (this|the|on|via)\b",
    r"(follow|like|find) (us|me|him|her|them|@\w+)\b",
    r"follow\b.{0,100}\b(on|at) (twitter|facebook|instagram|youtube|linkedin)\b",
    r"(e-?mail|write to|contact|reach)\b.{0,80}(@\w|\btwitter\b)",
    r"(\d+\s+)?comments?( \(\d+\))?$",
    # credits and labels
    r"\(?(\w+ )?(reporting|writing|editing|research|additional reporting) by\b",
    r"(source|sources|citation|filed under|tags?|topics?|categories)\s*(:|\n|$)",
    # page chrome
    r"(order reprints|print (this )?(article|page)|text size|advertisement)\b",
    r"(sponsored( content)?|skip to (main )?content|back to top|scroll to continue)\b",
)
# Matched anywhere in a block, each tried only when one of its trigger words is there.
_ANYWHERE = (
    # subscriptions, newsletters, promos, apps
    ("sign signing", r"\bsign(ing)? up\b.{0,60}\b(newsletter|inbox|email|updates|free)\b"),
    (
        "subscribe subscription subscribers subscriber",
        r"\b(subscribe|subscription|subscribers?)\b.{0,80}"
        r"\b(today|now|here|free|only|(a|per) (month|week|year))\b",
    ),
    ("subscription sign", r"\bsubscription failed\b|\bsign you up\b"),
    (
        "free offer unlimited",
        r"\btry (us|it|\w+) (free|for free)\b"
        r"|\b(free trial|special offer|limited time offer|unlimited (digital )?access)\b",
    ),
    (
        "free month",
        r"\bfree (month|for (a|one|\d+) (month|week|days))\b|\bfirst month (free|for)\b",
    ),
    ("become join", r"\bbecome a (member|subscriber|supporter|patron)\b|\bjoin (now|today)\b"),
    ("newsletter newsletters", r"\bnewsletters?\b"),
    ("thanks thank", r"\b(thanks|thank you) for (signing up|subscribing|registering)\b"),
    ("inbox", r"\b(keep an eye on|check|in|to|into) your inbox\b"),
    ("error", r"\berror (processing|with) your (subscription|request|sign-?up)\b"),
    ("app", r"\b(get|download) (the|our) [\w ]{1,30} app\b"),
    ("click", r"\bclick here\b"),
    # errors, captchas, cookies, scripts
    ("captcha recaptcha robot", r"\b(re)?captcha\b|\bnot a robot\b"),
    (
        "error wrong again",
        r"\b(an error (has )?occurred|something went wrong|please try again( later)?)\b",
    ),
    ("javascript", r"\b(enable|turn on) javascript\b|\bjavascript (is )?(disabled|required)\b"),
    (
        "cookie cookies",
        r"\b(we|this (site|website)) uses? cookies\b"
        r"|\bcookie (policy|settings|preferences|consent)\b",
    ),
    (
        "accept personalised personalized",
        r"\baccept (all|cookies)\b|\bpersonali[sz]ed (ads|advertising)\b",
    ),
    (
        "device privacy",
        r"\binformation on (a|your) device\b|\bprivacy (settings|choices|preferences)\b",
    ),
    ("continuing using", r"\bby (continuing|using) (to (use|browse) )?(this|our) (site|website)\b"),
    ("browser", r"\byour browser (is|does not)\b"),
    # sharing, following, contacting, comments
    ("share", r"\bshare (it )?with a friend\b"),
    ("follow", r"\bfollow (us|him|her|them|me) (on|at)\b|\bfollow @\w+"),
    ("reached tip", r"\b(may|can) be reached at\b|\bhave a (news )?tip\?"),
    ("comment", r"\b(leave|post|add|write) a (comment|reply)\b|\bpost comment\b"),
    (
        "join comment comments",
        r"\bjoin the (conversation|discussion)\b|\bcomments? (are|is) (closed|moderated)\b",
    ),
    ("think", r"\btell us what you think\b|\bwhat do you think\?$"),
    # credits, reading time
    ("contributed", r"\bcontributed (reporting|to this (report|story|article))\b"),
    ("read", r"\b\d+\s*(-| )?min(ute)?s?\.? read\b"),
    (
        "reading leitura lectura lesezeit lecture",
        r"\b(reading time|tempo de leitura|tiempo de lectura|lesezeit|temps de lecture)\b",
    ),
    # legal
    ("© ⓒ c copyright reserved", r"(©|ⓒ|\(c\)|copyright)\s*(\d{4}|[a-z])|\ball rights reserved\b"),
    ("personal", r"\bfor your personal,? non-?commercial use\b"),
)
_STARTS = re.compile("|".join(f"(?:{pattern})" for pattern in _AT_START))
_CONTAINS = tuple((frozenset(words.split()), re.compile(pattern)) for words, pattern in _ANYWHERE)
_TOKENS = re.compile(r"\w+|[©ⓒ]")

# "Comments (3)", "Readers' comments", "12 comments": the comment section starts here.
_COMMENTS_HEADING = re.compile(
    r"^((\d+\s+)?((readers'?|user|your)\s+)?comments\s*(\(\d+\)|:)?|comments?\s*\(\d+\))$",
    re.IGNORECASE,
)
# "harbourfan wrote:" on a line of its own, then the post: a comment or a forum reply.
_POSTED_BY = re.compile(r"^[\w .'@-]{1,40} (wrote|says|replied|commented):\n", re.IGNORECASE)
_URL_ONLY = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
# Words a dateline is made of: dates, times, zones and labels like "updated".
_DATE_WORDS = re.compile(
    r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?"
    r"|oct(ober)?|nov(ember)?|dec(ember)?|mon(day)?|tue(sday)?|wed(nesday)?|thu(rsday)?"
    r"|fri(day)?|sat(urday)?|sun(day)?|today|yesterday|updated?|published|posted|last"
    r"|modified|first|on|at|am|pm|a\.m|p\.m|gmt|utc|[ecmp][sd]t|bst|cet|ago|hours?|minutes?"
    r"|mins?|days?|read|\d+(st|nd|rd|th)?)\b",
    re.IGNORECASE,
)
# A calendar date: a month name next to a number, a numeric date, or a year.
_HAS_DATE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
    r"|\d\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b(19|20)\d\d\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(by|par|von|por|di|door|af|av)\s+\S", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")
_TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"})


def remove_furniture(
    blocks: list[Block],
    *,
    title: str | None = None,
    byline: str | None = None,
    captions: Iterable[str] = (),
) -> list[Block]:
    """Drop the blocks that are page furniture rather than article text.

    ``title`` and ``byline`` are the page's own; a block that repeats one of them, or one
    of the ``captions`` (the alt texts of the page's images), is not article text.
    """
    known = {text_key(value) for value in (title, byline, *captions) if value}
    known.discard("")
    kept: list[Block] = []
    for block in _drop_leading_headers(blocks, title):
        if kept and _COMMENTS_HEADING.match(block.text):
            break  # readers' comments follow; nothing after this is the article
        key = text_key(block.text)
        if key and key not in known and furniture_reason(block) is None:
            kept.append(block)
    while kept and _is_trailing_label(kept[-1]):
        kept.pop()
    return kept


def _is_trailing_label(block: Block) -> bool:
    """A heading or a short unpunctuated line with no text after it: the title of the box
    that follows the article (a newsletter, a rail), not part of the article."""
    if block.kind == "head":
        return True
    text = block.text.rstrip()
    short = block.kind == "p" and block.words <= LABEL_WORDS
    return short and not text.endswith(_SENTENCE_ENDS)


def _drop_leading_headers(blocks: list[Block], title: str | None) -> list[Block]:
    """Before the first paragraph come the headline, standfirst, byline and dateline."""
    title_key = text_key(title) if title else None
    start = 0
    for block in blocks:
        if not (
            block.kind == "head"
            or (title_key is not None and text_key(block.text) == title_key)
            or is_dateline(block.text)
            or _is_byline(block.text)
        ):
            break
        start += 1
    return blocks[start:]


def furniture_reason(block: Block) -> str | None:
    """Why ``block`` is page furniture, or ``None`` when it reads as article text."""
    text = block.text
    words = block.words
    if words <= LINK_BLOCK_WORDS and block.link_density >= LINK_DENSITY:
        return "short and all links"
    if block.kind == "list" and block.link_density >= LINK_DENSITY:
        return "list of links"
    if (
        block.items >= TEASER_ITEMS
        and block.linked_items >= TEASER_SHARE * block.items
        and block.link_density >= TEASER_LINK_DENSITY
    ):
        return "list of teasers"
    if _URL_ONLY.match(text):
        return "a bare URL"
    if _POSTED_BY.match(text):
        return "a reader's post"
    if is_dateline(text):
        return "a bare date"
    if words <= SHORT_BLOCK_WORDS:
        folded = text.translate(_TYPOGRAPHY).lower()
        match = _STARTS.match(folded) or _search_phrases(folded)
        if match:
            return f"furniture phrase {match.group(0)!r}"
    return None


def _search_phrases(folded: str) -> re.Match[str] | None:
    tokens = set(_TOKENS.findall(folded))
    for triggers, pattern in _CONTAINS:
        if not triggers.isdisjoint(tokens):
            match = pattern.search(folded)
            if match:
                return match
    return None


def is_dateline(text: str) -> bool:
    """A short block that holds nothing but a date, a time and words like "updated"."""
    if len(text) > DATELINE_CHARS or _HAS_DATE.search(text) is None:
        return False
    return not _NOT_WORD.sub("", _DATE_WORDS.sub(" ", text))


def _is_byline(text: str) -> bool:
    return len(text.split()) <= BYLINE_WORDS and _BYLINE.match(text) is not None
