"""The community on the site: accounts, comments, moderation and the newsletter.

Mount it on the app that ``create_app`` makes::

    from broadsheet.web import community
    app.include_router(community.router)      # before pages/info.py's /newsletter placeholder
    community.install(app)                    # optional: made on first use; tests pass a mailer

Every route is in one of the modules below; ``require_admin`` is the dependency for
operator pages once accounts replace the loopback rule.

    community_accounts.py     /signup, /signin, /signout, /account...
    community_comments.py     /articles/{id}/comments, /comments/{id}/..., /api/community/...
    community_story_comments.py  /stories/{id}/comments: the comments of a story's articles
    community_moderation.py   /moderation...
    community_newsletter.py   /newsletter...
    community_common.py       viewer, form tokens, forms, cookies, mail after the response
"""

from __future__ import annotations

from fastapi import APIRouter

from broadsheet.web import (
    community_accounts,
    community_comments,
    community_moderation,
    community_newsletter,
    community_story_comments,
)
from broadsheet.web.community_common import install, require_admin, viewer_of

router = APIRouter()
for _module in (
    community_accounts,
    community_comments,
    community_story_comments,
    community_moderation,
    community_newsletter,
):
    router.include_router(_module.router)

__all__ = ["install", "require_admin", "router", "viewer_of"]
