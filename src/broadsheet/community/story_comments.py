"""Comments under a story: the comments of its articles, as one conversation.

A comment belongs to an article (``comments.article_id``); a story's thread is the
threads of its member articles put together, so it follows the story as it grows and
merges, and nothing has to move when the clusterer changes its mind. A new comment
written on the story's page is stored on the story's first report (its lead article);
a reply goes to the article of the comment it answers. Each top-level comment made on
another article of the story says which one.

Posting goes through ``comments.post``: the same checks, limits and moderation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from broadsheet.community import comments
from broadsheet.community.comments import Node
from broadsheet.community.context import Community, Refused
from broadsheet.store import comments as comment_store
from broadsheet.store import reader
from broadsheet.store import stories as story_store
from broadsheet.store.comments import Comment
from broadsheet.store.members import Member

MAX_MEMBERS = 1000
NO_STORY = "There is no such story."


class StoryMoved(Exception):
    """The story was merged into another one: its comments are there now."""

    def __init__(self, story_id: str) -> None:
        super().__init__(story_id)
        self.story_id = story_id


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: int
    title: str
    outlet: str


@dataclass(frozen=True, slots=True)
class StoryThread:
    story_id: str
    title: str
    lead_article_id: int  # where a new comment from the story page is stored
    articles: dict[int, ArticleRef]  # the story's articles, by id
    nodes: list[Node]

    @property
    def count(self) -> int:
        return sum(1 + n.replies for n in self.nodes)


@dataclass(frozen=True, slots=True)
class _Story:
    id: str
    title: str
    lead: int
    articles: dict[int, ArticleRef]


def _story(c: Community, story_id: str) -> _Story:
    """The story and its articles; ``StoryMoved`` when merged, ``Refused`` when unknown."""
    if not story_id or len(story_id) > 40:
        raise Refused(NO_STORY, status=404)
    with c.store.read() as conn:
        row = story_store.get_story(conn, story_id)
        if row is None:
            raise Refused(NO_STORY, status=404)
        if row["merged_into"]:
            raise StoryMoved(str(row["merged_into"]))
        members = story_store.members(conn, story_id, limit=MAX_MEMBERS)
        outlets = {s.id: s.name for s in reader.sources_by_id(conn).values()}
    if not members:
        raise Refused(NO_STORY, status=404)
    articles = {
        a.id: ArticleRef(a.id, a.title or "Untitled", outlets.get(a.source_id, "")) for a in members
    }
    lead = row["first_article_id"] if row["first_article_id"] in articles else members[0].id
    return _Story(story_id, str(row["title"] or articles[lead].title), int(lead), articles)


def load(c: Community, story_id: str, *, viewer: Member | None, sort: str) -> StoryThread:
    story = _story(c, story_id)
    with c.store.read() as conn:
        rows = comment_store.threads(
            conn, list(story.articles), viewer_id=viewer.id if viewer else None
        )
    return StoryThread(
        story.id,
        story.title,
        story.lead,
        story.articles,
        comments.build_thread(rows, sort=sort),
    )


def post(
    c: Community,
    member: Member,
    *,
    story_id: str,
    parent_id: int | None,
    body: str,
    ip: str,
    now: datetime,
    proof: tuple[str, str] | None = None,
) -> Comment:
    """A comment from the story page: on the lead article, or a reply where its parent is."""
    story = _story(c, story_id)
    article_id = story.lead
    if parent_id is not None:
        with c.store.read() as conn:
            parent = comment_store.get_comment(conn, parent_id)
        if parent is None or parent.article_id not in story.articles:
            raise Refused("That comment cannot be answered.", status=404)
        article_id = parent.article_id
    return comments.post(
        c,
        member,
        article_id=article_id,
        parent_id=parent_id,
        body=body,
        ip=ip,
        now=now,
        proof=proof,
    )
