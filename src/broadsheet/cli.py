"""The ``broadsheet`` command.

Exit codes: 0 success; 1 the operation failed (the message says why); 2 bad usage;
3 configuration error; 4 partial failure (some feeds or files failed, the rest worked).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from broadsheet import __version__
from broadsheet.community.cli import admin, newsletter
from broadsheet.config import Settings, describe, load_settings
from broadsheet.errors import BroadsheetError, ConfigError

EXIT_FAILED = 1
EXIT_CONFIG = 3
EXIT_PARTIAL = 4

console = Console(stderr=True)
out = Console()


class Failed(click.ClickException):
    exit_code = EXIT_FAILED


@contextmanager
def _errors() -> Iterator[None]:
    """Turn our errors into one clear line and an exit code, in one place."""
    try:
        yield
    except ConfigError as exc:
        console.print(f"[red]configuration error:[/red] {exc}")
        sys.exit(EXIT_CONFIG)
    except BroadsheetError as exc:
        raise Failed(str(exc)) from exc


def _settings(ctx: click.Context) -> Settings:
    obj: dict[str, Any] = ctx.ensure_object(dict)
    if "settings" not in obj:
        with _errors():
            obj["settings"] = load_settings()
    settings: Settings = obj["settings"]
    return settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="broadsheet")
def main() -> None:
    """Broadsheet: a self-hosted, AI-assisted news aggregator.

    Settings come from BROADSHEET_* environment variables and an optional
    broadsheet.toml; `broadsheet config` lists them.
    """


@main.command()
@click.pass_context
def config(ctx: click.Context) -> None:
    """Print every setting, its value (secrets masked), default and meaning."""
    settings = _settings(ctx)
    for env, value, default, meaning in describe(settings):
        click.echo(f"# {meaning} (default: {default or 'empty'})")
        click.echo(f"{env}={value}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def extract(files: tuple[str, ...]) -> None:
    """Extract the article from saved pages (.html or .html.gz); one JSON line per file."""
    from broadsheet.ingest.extract import extract_file, extracted_to_json  # noqa: PLC0415

    failed = 0
    for name in files:
        try:
            item = extract_file(Path(name))
        except BroadsheetError as exc:
            failed += 1
            click.echo(json.dumps({"file": name, "error": str(exc)}))
            continue
        click.echo(json.dumps({"file": name, **extracted_to_json(item)}, ensure_ascii=False))
    if failed:
        sys.exit(EXIT_PARTIAL if failed < len(files) else EXIT_FAILED)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


@main.command()
@click.option("--all", "force", is_flag=True, help="Fetch every feed, not only those due.")
@click.pass_context
def fetch(ctx: click.Context, force: bool) -> None:
    """Poll due feeds once: fetch, parse, extract and store new articles."""
    from broadsheet.runtime import fetch_once  # noqa: PLC0415

    settings = _settings(ctx)
    with _errors():
        reports = asyncio.run(fetch_once(settings, force=force, progress=_progress()))
    new = sum(r.new for r in reports)
    updated = sum(r.updated for r in reports)
    errors = [r for r in reports if r.outcome == "error"]
    console.print(
        f"{len(reports)} feeds polled: {new} new articles, {updated} updated, "
        f"{len(errors)} feeds failed"
    )
    for report in errors:
        console.print(f"  [red]{report.url}[/red]: {report.error}")
    if errors:
        sys.exit(EXIT_PARTIAL if len(errors) < len(reports) else EXIT_FAILED)


@main.command()
@click.option("--batch", default=20, show_default=True, help="Feeds leased at a time.")
@click.pass_context
def worker(ctx: click.Context, batch: int) -> None:
    """Keep polling feeds as they fall due (run several to share the work)."""
    from broadsheet.runtime import run_worker_forever  # noqa: PLC0415

    settings = _settings(ctx)
    with _errors():
        asyncio.run(run_worker_forever(settings, batch=batch, console=console))


@main.command()
@click.argument("url")
@click.option(
    "--kind",
    type=click.Choice(["auto", "feed", "site", "sitemap", "page"]),
    default="auto",
    show_default=True,
    help="What the URL is; auto works it out (feed, news sitemap, site with discovery, page).",
)
@click.pass_context
def add(ctx: click.Context, url: str, kind: str) -> None:
    """Subscribe to a feed, a site, a news sitemap, or store one article."""
    from broadsheet.runtime import add_source  # noqa: PLC0415

    settings = _settings(ctx)
    with _errors():
        sub = asyncio.run(add_source(settings, url, kind=kind))
    for feed in sub.feeds:
        out.print(f"subscribed: {feed.url} ({feed.kind}, feed #{feed.id})")
    if sub.article_id is not None:
        out.print(f"stored article #{sub.article_id}")


@main.command(name="sources")
@click.pass_context
def sources_cmd(ctx: click.Context) -> None:
    """List feeds with their health: last status, errors, next poll."""
    from broadsheet.runtime import feed_overview  # noqa: PLC0415

    settings = _settings(ctx)
    table = Table("id", "source", "url", "kind", "status", "errors", "last error", "next poll")
    with _errors():
        for row in feed_overview(settings):
            table.add_row(*(str(v) if v is not None else "" for v in row))
    out.print(table)


@main.command()
@click.argument("feed_id", type=int)
@click.pass_context
def remove(ctx: click.Context, feed_id: int) -> None:
    """Unsubscribe from a feed (its stored articles stay)."""
    from broadsheet.runtime import remove_feed  # noqa: PLC0415

    settings = _settings(ctx)
    with _errors():
        if not remove_feed(settings, feed_id):
            raise Failed(f"no feed #{feed_id}")
    out.print(f"removed feed #{feed_id}")


@main.group()
def opml() -> None:
    """Import and export subscriptions as OPML."""


@opml.command(name="import")
@click.argument("file", type=click.File("rb"))
@click.pass_context
def opml_import(ctx: click.Context, file: Any) -> None:
    """Subscribe to every feed listed in an OPML file."""
    from broadsheet.runtime import import_opml  # noqa: PLC0415

    settings = _settings(ctx)
    with _errors():
        added, failed = import_opml(settings, file.read())
    out.print(f"{added} feeds added, {len(failed)} failed")
    for url, why in failed:
        console.print(f"  [red]{url}[/red]: {why}")
    if failed:
        sys.exit(EXIT_PARTIAL if added else EXIT_FAILED)


@opml.command(name="export")
@click.argument("file", type=click.File("wb"), default="-")
@click.pass_context
def opml_export(ctx: click.Context, file: Any) -> None:
    """Write every subscription as OPML (to FILE, or standard output)."""
    from broadsheet.runtime import export_opml  # noqa: PLC0415

    settings = _settings(ctx)
    with _errors():
        file.write(export_opml(settings))


@main.command()
@click.argument("query")
@click.option("--limit", default=10, show_default=True)
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance")
@click.pass_context
def search(ctx: click.Context, query: str, limit: int, sort: str) -> None:
    """Full-text search of stored articles."""
    from broadsheet.runtime import search_articles  # noqa: PLC0415

    settings = _settings(ctx)
    with _errors():
        hits = search_articles(settings, query, limit=limit, sort=sort)
    for hit in hits:
        snippet = hit.snippet.replace("\x02", "[bold]").replace("\x03", "[/bold]")
        out.print(f"#{hit.article.id} [cyan]{hit.article.title}[/cyan]\n  {snippet}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the web site."""
    from broadsheet.runtime import serve_site  # noqa: PLC0415

    settings = _settings(ctx)
    with _errors():
        serve_site(settings, host=host, port=port)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Ingest the sample world, then exit.")
@click.pass_context
def demo(ctx: click.Context, host: str, port: int, no_serve: bool) -> None:
    """Serve a sample news world on loopback, ingest it through the pipeline, open the site.

    Uses its own database in <data dir>/demo, recreated on each run.
    """
    from broadsheet.runtime import run_demo  # noqa: PLC0415

    settings = _settings(ctx)
    with _errors():
        run_demo(settings, host=host, port=port, serve=not no_serve, console=console)


@main.group()
def stories() -> None:
    """Group articles into stories."""


@stories.command(name="assign")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def stories_assign(file: Any) -> None:
    """Read articles as JSONL (id, title, text, published, source) in stream order and
    print {"id", "story"} per article, assigning each online."""
    from broadsheet.understand.stories import assign_jsonl  # noqa: PLC0415

    assign_jsonl(file, sys.stdout)


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8"))
def brief(file: Any) -> None:
    """Read stories as JSONL (cluster_id and its articles) and print one cited,
    multi-source brief per story: {"cluster_id", "summary", "citations"}."""
    from broadsheet.understand.brief import brief_jsonl  # noqa: PLC0415

    brief_jsonl(file, sys.stdout)


main.add_command(admin)
main.add_command(newsletter)
