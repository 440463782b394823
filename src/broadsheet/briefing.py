"""Story briefs: read a story's members from the store, digest them, store the digest.

    story's member versions → fingerprint → same as stored?  yes: done
                                                  no:  members' text and entities
                                                       → understand.brief.digest_story
                                                       → store.briefs.save_brief

``pipeline.assign_stories`` calls :func:`refresh_briefs` for the stories each batch
changed, so a story's brief, perspectives and key players are recomputed when the story
grows, not on every view. The story page calls :func:`ensure_brief`, which computes a
brief only when none is stored yet or an article of the story was edited since.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection

from broadsheet.store import briefs as brief_store
from broadsheet.store.briefs import Placement, StoredBrief
from broadsheet.store.db import Store
from broadsheet.understand.brief import BriefInput, Named, digest_story, pick_for_brief

log = logging.getLogger(__name__)

# Part of every fingerprint: change it when the digest changes, and stored ones are redone.
METHOD = "digest-1"


def ensure_brief(conn: Connection, story_id: str, *, now: datetime) -> StoredBrief | None:
    """The story's digest as stored, computed and stored first when missing or stale.

    None for a story without articles. Run it inside ``Store.begin()``.
    """
    return _ensure(conn, story_id, now=now)[0]


def _ensure(conn: Connection, story_id: str, *, now: datetime) -> tuple[StoredBrief | None, bool]:
    """The digest, and whether it was computed now."""
    members = brief_store.placements(conn, story_id)
    if not members:
        return None, False
    mark = brief_store.fingerprint(members, method=METHOD)
    stored = brief_store.get_brief(conn, story_id)
    if stored is not None and stored.fingerprint == mark:
        return stored, False
    started = time.process_time()
    data = _digest(conn, story_id, members)
    cpu_ms = (time.process_time() - started) * 1000
    revision = brief_store.save_brief(
        conn, story_id, fingerprint=mark, data=data, cpu_ms=cpu_ms, now=now
    )
    return StoredBrief(story_id, mark, data, revision, cpu_ms, now), True


def refresh_briefs(
    store: Store, story_ids: Sequence[str], *, retired: Sequence[str] = (), now: datetime
) -> int:
    """Bring the briefs of ``story_ids`` up to date, one transaction each; drop those of
    the ``retired`` (merged-away) stories. Returns how many were computed."""
    if retired:
        with store.begin() as conn:
            brief_store.forget(conn, retired)
    computed = 0
    for story_id in story_ids:
        with store.begin() as conn:
            computed += _ensure(conn, story_id, now=now)[1]
    if computed:
        log.info("briefed %d of %d changed stories", computed, len(story_ids))
    return computed


def _digest(conn: Connection, story_id: str, members: list[Placement]) -> dict[str, object]:
    copies = [p.duplicate_of is not None for p in members]
    chosen = pick_for_brief([str(p.source_id) for p in members], copies)
    texts = brief_store.articles_by_id(conn, [members[i].article_id for i in chosen])
    inputs = [
        BriefInput(
            id=str(a.id),
            title=a.title or "",
            text=a.text,
            source=str(a.source_id),
            published=a.published_at or a.created_at,
        )
        for a in texts
    ]
    names = brief_store.named_in(conn, story_id)
    named = [
        tuple(Named(*n) for n in names.get(p.article_id, ()))
        for p in members
        if p.duplicate_of is None
    ]
    return digest_story(inputs, named).to_json()
