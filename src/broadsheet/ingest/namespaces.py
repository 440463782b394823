"""XML namespaces the feed readers know, and the prefixes feeds use for them."""

from __future__ import annotations

NS_ATOM = "http://www.w3.org/2005/Atom"
NS_ATOM03 = "http://purl.org/atom/ns#"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_DCTERMS = "http://purl.org/dc/terms/"
NS_CONTENT = "http://purl.org/rss/1.0/modules/content/"
NS_MEDIA = "http://search.yahoo.com/mrss/"
NS_ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
NS_FEEDBURNER = "http://rssnamespace.org/feedburner/ext/1.0"
NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
NS_RSS10 = "http://purl.org/rss/1.0/"
NS_XHTML = "http://www.w3.org/1999/xhtml"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The usual prefix of each namespace, for documents that use a prefix without declaring it.
CONVENTIONAL_PREFIXES: dict[str, str] = {
    "atom": NS_ATOM,
    "content": NS_CONTENT,
    "dc": NS_DC,
    "dcterms": NS_DCTERMS,
    "feedburner": NS_FEEDBURNER,
    "itunes": NS_ITUNES,
    "media": NS_MEDIA,
    "rdf": NS_RDF,
    "xhtml": NS_XHTML,
    "georss": "http://www.georss.org/georss",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "sy": "http://purl.org/rss/1.0/modules/syndication/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
}
