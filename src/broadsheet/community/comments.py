"""Posting, editing, deleting and reporting comments, and arranging a thread.

What a new comment becomes:

    the author is shadow-limited        shadow     (only they see it)
    the author is a moderator           published
    the author's first comment          pending    (hold: first_comment)
    it has links                        pending    (hold: links)
    otherwise                           published

Comments are stored verbatim (``body``) with their sanitized HTML (``body_html``).
Limits: ``comments_per_hour`` per member, four times that per client address; when
either is more than half used, a proof of work is asked (``NeedsProof``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from broadsheet.community import markdown
from broadsheet.community.context import TOO_MANY, Community, Refused
from broadsheet.community.ratelimit import Limit, Verdict, check_pow, client_key, hit, peek
from broadsheet.store import comments as comment_store
from broadsheet.store.comments import Comment
from broadsheet.store.members import Member

REPORTS_TO_HIDE = 3
REPORT_REASONS = ("spam", "abuse", "off-topic", "other")
SORTS = ("oldest", "newest", "replies")


class NeedsProof(Refused):
    """A limit is near: the form must come back with a solved proof of work."""


@dataclass
class Node:
    comment: Comment
    children: list[Node] = field(default_factory=list)

    @property
    def replies(self) -> int:
        return sum(1 + child.replies for child in self.children)


def _limits(c: Community) -> tuple[Limit, Limit]:
    hour = timedelta(hours=1)
    n = c.config.comments_per_hour
    return Limit("comment-member", n, hour), Limit("comment-ip", 4 * n, hour)


def limits_near(c: Community, member: Member, ip: str, *, now: datetime) -> bool:
    """Whether the next comment form should carry a proof-of-work challenge."""
    if c.config.pow_bits <= 0:
        return False
    by_member, by_client = _limits(c)
    verdicts = (
        peek(c.store, by_member, str(member.id), now=now),
        peek(c.store, by_client, client_key(ip), now=now),
    )
    return any(v.near for v in verdicts)


def _count_and_check(
    c: Community, member: Member, ip: str, proof: tuple[str, str] | None, now: datetime
) -> None:
    if limits_near(c, member, ip, now=now):
        challenge, answer = proof or ("", "")
        if not check_pow(c.store, c.secret, challenge, answer, bits=c.config.pow_bits, now=now):
            raise NeedsProof(
                "Please let your browser finish the short check, then send again.", status=429
            )
    by_member, by_client = _limits(c)
    verdicts: list[Verdict] = [
        hit(c.store, by_member, str(member.id), now=now),
        hit(c.store, by_client, client_key(ip), now=now),
    ]
    if not all(v.allowed for v in verdicts):
        raise Refused(TOO_MANY, status=429)


def _checked_body(c: Community, body: str) -> tuple[str, str, int]:
    if not body.strip():
        raise Refused("Write something first.")
    if len(body) > c.config.comment_max_chars:
        raise Refused(
            f"Comments can be at most {c.config.comment_max_chars} characters long.", status=413
        )
    html = markdown.render(body)
    links = markdown.count_links(body, html)
    if links > c.config.comment_max_links:
        raise Refused(f"Comments can hold at most {c.config.comment_max_links} links.")
    return body, html, links


def _may_write(member: Member) -> None:
    if member.banned:
        raise Refused("Your account can no longer comment.", status=403)
    if not member.verified:
        raise Refused(
            "Confirm your e-mail address before you comment: see your account page.", status=403
        )


def _status(member: Member, links: int) -> tuple[str, str | None]:
    if member.shadow_limited:
        return "shadow", None
    if member.is_moderator:
        return "published", None
    if member.approved_comments < 1:
        return "pending", "first_comment"
    if links:
        return "pending", "links"
    return "published", None


def post(
    c: Community,
    member: Member,
    *,
    article_id: int,
    parent_id: int | None,
    body: str,
    ip: str,
    now: datetime,
    proof: tuple[str, str] | None = None,
) -> Comment:
    _may_write(member)
    body, html, links = _checked_body(c, body)
    with c.store.read() as conn:
        if not comment_store.article_exists(conn, article_id):
            raise Refused("There is no such article.", status=404)
        parent = comment_store.get_comment(conn, parent_id) if parent_id is not None else None
    if parent_id is not None and (
        parent is None or parent.article_id != article_id or parent.status != "published"
    ):
        raise Refused("That comment cannot be answered.", status=404)
    _count_and_check(c, member, ip, proof, now)
    status, hold = _status(member, links)
    with c.store.begin() as conn:
        new_id = comment_store.add_comment(
            conn,
            article_id=article_id,
            parent_id=parent_id,
            member_id=member.id,
            body=body,
            body_html=html,
            status=status,
            hold_reason=hold,
            now=now,
        )
        comment = comment_store.get_comment(conn, new_id)
    assert comment is not None
    return comment


def own_comment(c: Community, member: Member, comment_id: int) -> Comment:
    with c.store.read() as conn:
        comment = comment_store.get_comment(conn, comment_id)
    if (
        comment is None
        or comment.member_id != member.id
        or comment.status in {"removed", "deleted"}
    ):
        raise Refused("That is not a comment you can change.", status=404)
    return comment


def editable(c: Community, comment: Comment, *, now: datetime) -> bool:
    return now - comment.created_at <= timedelta(minutes=c.config.comment_edit_minutes)


def edit(c: Community, member: Member, comment_id: int, *, body: str, now: datetime) -> Comment:
    _may_write(member)
    comment = own_comment(c, member, comment_id)
    if not editable(c, comment, now=now):
        raise Refused("Comments can only be edited for a short while after posting.", status=403)
    body, html, links = _checked_body(c, body)
    status, hold = comment.status, comment.hold_reason
    if status == "published" and links and not member.is_moderator:
        status, hold = "pending", "links"
    with c.store.begin() as conn:
        comment_store.edit_comment(
            conn, comment.id, body=body, body_html=html, status=status, hold_reason=hold, now=now
        )
        fresh = comment_store.get_comment(conn, comment.id)
    assert fresh is not None
    return fresh


def delete(c: Community, member: Member, comment_id: int) -> Comment:
    """The author's soft delete: the text is hidden, replies stay in place."""
    comment = own_comment(c, member, comment_id)
    with c.store.begin() as conn:
        comment_store.set_status(conn, comment.id, "deleted")
    return comment


def report(c: Community, member: Member, comment_id: int, *, reason: str, now: datetime) -> None:
    _may_write(member)
    if reason not in REPORT_REASONS:
        reason = "other"
    with c.store.begin() as conn:
        comment = comment_store.get_comment(conn, comment_id)
        if comment is None or comment.status != "published":
            raise Refused("That comment cannot be reported.", status=404)
        if comment.member_id == member.id:
            raise Refused("You cannot report your own comment.")
        count = comment_store.add_report(
            conn, comment_id, member_id=member.id, reason=reason, now=now
        )
        if count is not None and count >= REPORTS_TO_HIDE:
            comment_store.set_status(conn, comment_id, "pending", hold_reason="reports")


def load_thread(c: Community, article_id: int, *, viewer: Member | None, sort: str) -> list[Node]:
    with c.store.read() as conn:
        rows = comment_store.thread(conn, article_id, viewer_id=viewer.id if viewer else None)
    return build_thread(rows, sort=sort)


def build_thread(comments: list[Comment], *, sort: str = "oldest") -> list[Node]:
    """Comments (oldest first) as a tree; top level sorted, replies oldest first.

    Removed and deleted comments stay only as places in the tree that hold replies.
    """
    nodes = {k.id: Node(k) for k in comments}
    roots: list[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id) if node.comment.parent_id else None
        (parent.children if parent else roots).append(node)
    roots = _prune(roots)
    if sort == "newest":
        roots.sort(key=lambda n: (n.comment.created_at, n.comment.id), reverse=True)
    elif sort == "replies":
        roots.sort(key=lambda n: (-n.replies, n.comment.created_at, n.comment.id))
    return roots


def _prune(nodes: list[Node]) -> list[Node]:
    kept = []
    for node in nodes:
        node.children = _prune(node.children)
        if node.comment.status in {"removed", "deleted"} and not node.children:
            continue
        kept.append(node)
    return kept
