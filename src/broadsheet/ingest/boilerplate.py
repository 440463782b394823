"""Page furniture that survives the extractor, removed by general news-page rules.

trafilatura in recall mode finds the whole article but also keeps some of what surrounds
it: the headline and standfirst above the text, "read more" and "don't miss" teasers,
newsletter boxes with their success and error messages, subscription promos, share and
comment prompts, related-link rails, copyright lines. The rules below judge each block by
its position, its shape (length, link density, a bare date or URL) and a few phrase
patterns that mean the same thing on any news site; none is specific to one site.
"""

from __future__ import annotations

import re
import unicodedata

from broadsheet.ingest.blocks import Block

# Short blocks (at most this many words) are judged by the phrase patterns.
SHORT_BLOCK_WORDS = 40
# A block at most this long whose text is nearly all link text is a teaser or a nav item.
LINK_BLOCK_WORDS = 20
LINK_DENSITY = 0.8

_FURNITURE_PHRASES = [
    # teasers and rails
    r"^(read|see|watch|listen)( (more|also|next|now|this))?\b\s*[:|>»-]",
    r"^(read|see) (more|also)$",
    r"^(related|recommended|trending|popular|most (read|popular|viewed|shared|watched))\b.{0,40}$",
    r"^related( (stories|articles|content|links|coverage|posts))?\s*:",
    r"^(more|also) (from|on|in) [\w. ]{1,40}\s*[:|]?",
    r"^(you (may|might) (also )?(like|enjoy|be interested in)|don'?t miss|more stories|top stories|editor'?s picks)\b",
    r"^(leggi anche|lesen sie auch|lire aussi|leia (tamb[ée]m|mais)|lea tambi[ée]n|ver tamb[ée]m|mehr zum thema)\b",
    r"^explore further$",
    # subscriptions, newsletters, promos, apps
    r"\bsign(ing)? up\b.{0,60}\b(newsletter|inbox|email|updates|free)\b",
    r"^(sign up|subscribe|register|log ?in|sign in|join)\b.{0,80}$",
    r"\b(subscribe|subscription|subscribers?)\b.{0,80}\b(today|now|here|free|only|per (month|week)|/ ?month)\b",
    r"\btry (us|it|\w+) (free|for free)\b",
    r"\b(free trial|special offer|limited time offer|unlimited (digital )?access)\b",
    r"\bbecome a (member|subscriber|supporter|patron)\b|\bjoin (now|today)\b",
    r"\bnewsletters?\b",
    r"\b(thanks|thank you) for (signing up|subscribing|registering)\b",
    r"^(sorry|thank you|thanks)\W{0,3}$",
    r"\b(keep an eye on|check) your inbox\b",
    r"\bdelivered (straight |directly )?to your inbox\b",
    r"\berror (processing|with) your (subscription|request|sign-?up)\b",
    r"\b(get|download) (the|our) [\w ]{1,30} app\b",
    r"\bclick here\b",
    # errors, captchas, cookies, scripts
    r"\b(re)?captcha\b",
    r"\b(an error (has )?occurred|something went wrong|please try again( later)?)\b",
    r"\b(enable|turn on) javascript\b|\bjavascript (is )?(disabled|required)\b",
    r"\b(we|this (site|website)) uses? cookies\b|\bcookie (policy|settings|preferences|consent)\b",
    r"\bby (continuing|using) (to (use|browse) )?(this|our) (site|website)\b",
    r"\byour browser (is|does not)\b",
    # sharing, following, contacting, comments
    r"^share (this|the|on|via)\b|\bshare (it )?with a friend\b",
    r"^(follow|like|find) (us|me|him|her|them|@\w+)\b",
    r"^follow\b.{0,100}\b(on|at) (twitter|facebook|instagram|youtube|linkedin)\b",
    r"\bfollow (us|him|her|them|me) (on|at)\b|\bfollow @\w+",
    r"^(e-?mail|write to|contact|reach)\b.{0,80}(@\w|\btwitter\b)",
    r"\b(may|can) be reached at\b|\bhave a (news )?tip\?",
    r"^(\d+\s+)?comments?( \(\d+\))?$",
    r"\b(leave|post|add|write) a (comment|reply)\b|\bpost comment\b|\bjoin the (conversation|discussion)\b",
    r"\btell us what you think\b|\bwhat do you think\?$",
    r"\bcomments? (are|is) (closed|moderated)\b",
    # credits, sources, reading time
    r"^\(?(\w+ )?(reporting|writing|editing|research|additional reporting) by\b",
    r"\bcontributed (reporting|to this (report|story|article))\b",
    r"^(source|sources|citation|filed under|tags?|topics?|categories)\s*(:|\n|$)",
    r"\b\d+\s*(-| )?min(ute)?s?\.? read\b|\b(reading time|tempo de leitura|tiempo de lectura|lesezeit|temps de lecture)\b",
    # legal and page chrome
    r"(©|ⓒ|\(c\)|copyright)\s*(\d{4}|[a-z])",
    r"\ball rights reserved\b",
    r"\bfor your personal,? non-?commercial use\b",
    r"^(order reprints|print (this )?(article|page)|text size|advertisement|sponsored( content)?|skip to (main )?content|back to top|scroll to continue|story continues below)\b",
]
_FURNITURE = re.compile("|".join(f"(?:{p})" for p in _FURNITURE_PHRASES), re.IGNORECASE)

_URL_ONLY = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_DATE_WORDS = re.compile(
    r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?"
    r"|oct(ober)?|nov(ember)?|dec(ember)?|mon(day)?|tue(sday)?|wed(nesday)?|thu(rsday)?"
    r"|fri(day)?|sat(urday)?|sun(day)?|today|yesterday|updated?|published|posted|last"
    r"|modified|first|on|at|am|pm|a\.m|p\.m|gmt|utc|[ecmp][sd]t|bst|cet|ago|hours?|minutes?|mins?"
    r"|days?|read|\d+(st|nd|rd|th)?)\b",
    re.IGNORECASE,
)
_PUNCTUATION = re.compile(r"[\W_]+")
# A calendar date: a month name next to a number, or a numeric date, or a year.
_HAS_DATE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d\s+(jan|feb|mar|apr|may"
    r"|jun|jul|aug|sep|oct|nov|dec)|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b(19|20)\d\d\b",
    re.IGNORECASE,
)


def remove_furniture(
    blocks: list[Block],
    *,
    title: str | None = None,
    description: str | None = None,
    byline: str | None = None,
) -> list[Block]:
    """Drop the blocks that are page furniture rather than article text."""
    kept = _drop_leading_headers(blocks, title, description)
    title_key = _key(title) if title else None
    byline_key = _key(byline) if byline else None
    result = []
    for block in kept:
        key = _key(block.text)
        if not key or key in {title_key, byline_key} or _is_furniture(block):
            continue
        result.append(block)
    while result and result[-1].kind == "head":
        result.pop()
    return result


def _drop_leading_headers(
    blocks: list[Block], title: str | None, description: str | None
) -> list[Block]:
    """Headings before the first paragraph are the headline and standfirst, not the text."""
    title_key = _key(title) if title else None
    description_key = _key(description) if description else None
    start = 0
    while start < len(blocks):
        block = blocks[start]
        key = _key(block.text)
        if block.kind == "head" or (title_key and key == title_key):
            start += 1
        elif _is_dateline(block.text) or _is_byline(block.text):
            start += 1
        else:
            break
    return blocks[start:]


def _is_furniture(block: Block) -> bool:
    return furniture_reason(block) is not None


def furniture_reason(block: Block) -> str | None:
    """Why ``block`` is page furniture, or ``None`` when it reads as article text."""
    text = block.text
    words = block.words
    if words <= LINK_BLOCK_WORDS and block.link_density >= LINK_DENSITY:
        return "short link"
    if block.kind == "list" and block.link_density >= LINK_DENSITY:
        return "link list"
    if _URL_ONLY.match(text):
        return "bare URL"
    if _is_dateline(text):
        return "dateline"
    if words <= SHORT_BLOCK_WORDS:
        match = _FURNITURE.search(_plain(text))
        if match:
            return f"phrase {match.group(0)!r}"
    return None


def _is_dateline(text: str) -> bool:
    """A short block that holds nothing but a date, a time and words like "updated"."""
    if len(text) > 80:
        return False
    rest = _DATE_WORDS.sub(" ", text)
    return not _PUNCTUATION.sub("", rest) and _HAS_DATE.search(text) is not None


_BYLINE = re.compile(r"^(by|par|von|por|di|door|af|av)\s+\S", re.IGNORECASE)


def _is_byline(text: str) -> bool:
    return len(text.split()) <= 12 and _BYLINE.match(text) is not None


def _plain(text: str) -> str:
    """Text with typographic apostrophes and dashes folded, for the phrase patterns."""
    return (
        text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    )


def _key(text: str) -> str:
    """A comparison key: case-folded letters and digits only."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _PUNCTUATION.sub("", folded)
