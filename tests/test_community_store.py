"""The community's tables on SQLite and PostgreSQL: migration 0002 matches the schema,
counters and single-use tokens hold under concurrent use; Markdown; the CLI."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner

from broadsheet.community import markdown
from broadsheet.community.cli import admin, newsletter
from broadsheet.community.ratelimit import Limit, client_key, hit, network_key, peek
from broadsheet.config import Settings
from broadsheet.model import ArticleDraft
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import guards
from broadsheet.store import members as member_store
from broadsheet.store import subscribers as subscriber_store
from broadsheet.store.community_schema import COMMUNITY_TABLES
from broadsheet.store.db import Store, open_store
from broadsheet.store.schema import metadata
from tests.community_support import NOW, clear_community


def test_migration_0002_matches_the_community_schema(store: Store) -> None:
    with store.read() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    ours = [d for d in diff if any(t in str(d) for t in COMMUNITY_TABLES)]
    assert ours == []
    assert set(COMMUNITY_TABLES) <= set(metadata.tables)


def test_counters_count_every_hit_from_many_threads(store: Store) -> None:
    clear_community(store)
    limit = Limit("test", 1000, timedelta(minutes=10))
    verdicts = []

    def worker() -> None:
        for _ in range(10):
            verdicts.append(hit(store, limit, "key", now=NOW))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(v.used for v in verdicts) == list(range(1, 41))


def test_limits_slide_so_a_burst_across_a_window_edge_gets_no_second_allowance(
    store: Store,
) -> None:
    clear_community(store)
    limit = Limit("edge", 4, timedelta(minutes=15))
    edge = datetime(2025, 6, 1, 12, 15, tzinfo=UTC)  # a multiple of 15 minutes
    before = [hit(store, limit, "k", now=edge - timedelta(seconds=5 - n)) for n in range(3)]
    after = [hit(store, limit, "k", now=edge + timedelta(seconds=n + 1)) for n in range(3)]
    assert [v.allowed for v in before + after] == [True, True, True, True, False, False]
    assert hit(store, limit, "k", now=edge + timedelta(minutes=7, seconds=30)).used == 7
    # Sixteen minutes on, only the hit of 7.5 minutes ago (and this one) still count.
    assert hit(store, limit, "k", now=edge + timedelta(minutes=16)).used == 2
    assert hit(store, limit, "k", now=edge + timedelta(minutes=40)).used == 1
    assert peek(store, limit, "k", now=edge + timedelta(minutes=40)).used == 1


def test_a_token_is_spent_once(store: Store) -> None:
    clear_community(store)
    with store.begin() as conn:
        assert guards.spend_token(conn, "nonce-1", expires_at=NOW + timedelta(hours=1))
        assert not guards.spend_token(conn, "nonce-1", expires_at=NOW + timedelta(hours=1))
    with store.begin() as conn:
        assert guards.prune(conn, now=NOW + timedelta(hours=2)) == 1
        assert guards.spend_token(conn, "nonce-1", expires_at=NOW + timedelta(hours=3))


def test_client_keys_group_ipv6_by_64_and_networks() -> None:
    assert client_key("2001:db8::1") == client_key("2001:db8::ffff") == "ip:2001:db8::/64"
    assert client_key("192.0.2.7") == "ip:192.0.2.7"
    assert network_key("192.0.2.7") == network_key("192.0.2.200") == "net:192.0.2.0/24"
    assert network_key("2001:db8:1:2::1") == "net:2001:db8:1::/48"


def test_markdown_subset_and_links() -> None:
    html = markdown.render(
        "**bold** _it_ `code`\n\n> quote\n\n- one\n- [two](https://example.org/?a=1&b=2)"
    )
    assert "<strong>bold</strong>" in html
    assert "<em>it</em>" in html
    assert "<code>code</code>" in html
    assert "<blockquote>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://example.org/?a=1&amp;b=2" rel="nofollow ugc noopener">two</a>' in html
    assert markdown.render("# Breaking") == "<p># Breaking</p>"  # no headings
    assert markdown.render("---") == "<p>---</p>"  # no rules
    image = markdown.render("![x](https://tracker.example/p.gif)")
    assert "<img" not in image
    assert 'href="https://tracker.example/p.gif"' in image
    for hostile in (
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](data:text/html;base64,AAAA)",
    ):
        assert "href" not in markdown.render(hostile)
    assert (
        markdown.count_links(
            "see [x](https://a.example) and http://b.example",
            markdown.render("see [x](https://a.example) and http://b.example"),
        )
        == 2
    )


def test_cli_creates_the_admin_and_dry_runs_the_newsletter(settings: Settings) -> None:
    env = {
        "BROADSHEET_DATA_DIR": str(settings.data_dir),
        "BROADSHEET_ADMIN_PASSWORD": "a long admin password",
    }
    runner = CliRunner()
    created = runner.invoke(admin, ["create", "Boss@Example.org", "--name", "The Boss"], env=env)
    assert created.exit_code == 0, created.output
    assert "created admin boss@example.org" in created.output
    again = runner.invoke(admin, ["create", "boss@example.org"], env=env)
    assert again.exit_code == 1
    assert "exists already" in again.output
    store = open_store(Settings(data_dir=settings.data_dir))
    try:
        with store.read() as conn:
            boss = member_store.member_by_email(conn, "boss@example.org")
        assert boss is not None
        assert boss.is_admin
        assert boss.verified
    finally:
        store.close()
    dry = runner.invoke(newsletter, ["send", "--dry-run"], env=env)
    assert dry.exit_code == 0
    assert "0 digests due; nothing sent (dry run)" in dry.output


def test_newsletter_dry_run_prints_who_would_get_what(settings: Settings) -> None:
    now = datetime.now(UTC)
    store = open_store(settings)
    try:
        with store.begin() as conn:
            source = feed_store.source_for_host(
                conn, host="news.example", name="Herald", site_url=None, now=now
            )
            article_store.save_article(
                conn,
                ArticleDraft(
                    canonical_url="https://news.example/a",
                    url="https://news.example/a",
                    source_id=source.id,
                    title="Ferry returns",
                    text="Body.",
                    status="extracted",
                    published_at=now - timedelta(minutes=30),
                ),
                now=now,
            )
            subscriber_store.add_pending(
                conn,
                address="fan@example.org",
                mailbox_key="fan@example.org",
                token_salt="s",
                member_id=None,
                now=now,
                send_hour=0,
            )
            fan = subscriber_store.by_mailbox(conn, "fan@example.org")
            assert fan is not None
            subscriber_store.confirm(conn, fan.id, now=now)
    finally:
        store.close()
    env = {
        "BROADSHEET_DATA_DIR": str(settings.data_dir),
        "BROADSHEET_BASE_URL": "http://127.0.0.1:8000",
    }
    dry = CliRunner().invoke(newsletter, ["send", "--dry-run"], env=env)
    assert dry.exit_code == 0, dry.output
    assert "fan@example.org\tday:" in dry.output
    assert "Ferry returns (Herald)" in dry.output
    assert "1 digests due; nothing sent (dry run)" in dry.output
