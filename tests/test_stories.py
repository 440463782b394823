"""Online story clustering on small handmade streams."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from broadsheet.understand.embed import Dense
from broadsheet.understand.stories import (
    ArticleIn,
    Changes,
    ClusterConfig,
    StoryClusterer,
    assign_jsonl,
)

T0 = datetime(2024, 3, 4, 8, 0, tzinfo=UTC)

# Two earthquakes, two trials, and unrelated news, as outlets would write them.
IZMIR = [
    (
        "Magnitude 6.1 earthquake shakes Izmir, buildings collapse",
        "A magnitude 6.1 earthquake struck off the Aegean coast near Izmir on Monday, "
        "collapsing at least four apartment blocks in the Bayrakli district. Turkey's "
        "disaster agency AFAD said rescuers had pulled 23 people from the rubble in Izmir.",
    ),
    (
        "Rescuers search rubble in Izmir after strong quake",
        "Rescue teams in Izmir worked through the night after Monday's magnitude 6.1 "
        "earthquake brought down apartment blocks in Bayrakli. AFAD, Turkey's disaster "
        "agency, said the Aegean quake injured dozens and that the search would go on.",
    ),
    (
        "Turkey: Aegean earthquake topples Izmir apartment blocks",
        "Apartment blocks in Izmir's Bayrakli district collapsed when a 6.1 magnitude "
        "earthquake hit the Aegean coast of Turkey. The AFAD disaster agency reported "
        "survivors pulled from the rubble and aftershocks felt across Izmir.",
    ),
]
AREQUIPA = [
    (
        "Magnitude 5.8 earthquake hits southern Peru near Arequipa",
        "A magnitude 5.8 earthquake struck southern Peru on Monday near Arequipa, "
        "cracking adobe houses in the Caylloma province. Peru's geophysical institute IGP "
        "said landslides blocked roads in the Colca valley north of Arequipa.",
    ),
    (
        "Peru quake damages homes in Caylloma, landslides block Colca roads",
        "Adobe houses were damaged in Caylloma after Monday's magnitude 5.8 earthquake in "
        "southern Peru. The IGP institute said the quake was centred north of Arequipa, "
        "and landslides cut roads through the Colca valley.",
    ),
]
TRIAL_A = [
    (
        "Jury convicts former Lakeview mayor Harlan Price of bribery",
        "A federal jury in Chicago convicted former Lakeview mayor Harlan Price of taking "
        "bribes from a waste-hauling contractor. Prosecutors said Price took $240,000 in "
        "cash; his lawyer said the defence would appeal the bribery verdict.",
    ),
    (
        "Ex-mayor Harlan Price found guilty in bribery trial",
        "Harlan Price, the former mayor of Lakeview, was found guilty of bribery by a "
        "federal jury in Chicago. Jurors heard that Price accepted $240,000 from a "
        "waste-hauling contractor, and sentencing is set for June.",
    ),
]
TRIAL_B = [
    (
        "Jury acquits Denver councilwoman Maria Okafor in bribery trial",
        "A jury in Denver acquitted city councilwoman Maria Okafor of bribery charges tied "
        "to a parking garage contract. Okafor's lawyer said the verdict cleared her name; "
        "prosecutors had accused Okafor of taking $15,000 from a developer.",
    ),
    (
        "Maria Okafor not guilty of bribery, Denver jury finds",
        "Denver councilwoman Maria Okafor was found not guilty of bribery after a two-week "
        "trial over a parking garage contract. The jury rejected claims that Okafor took "
        "$15,000 from a developer.",
    ),
]
FILLER = [
    (
        "Arsenal beat Porto on penalties to reach the quarter-finals",
        "Arsenal reached the Champions League quarter-finals after beating Porto on "
        "penalties at the Emirates. David Raya saved two spot kicks in the shootout.",
    ),
    (
        "Apple unveils new MacBook Air with M3 chip",
        "Apple announced a MacBook Air powered by its M3 chip, promising longer battery "
        "life. The laptops go on sale next week in two screen sizes.",
    ),
    (
        "Wheat prices climb as drought hits the US plains",
        "Wheat futures rose in Chicago trading as drought spread across Kansas and "
        "Oklahoma, the largest winter wheat growing states, raising fears for the harvest.",
    ),
]


def _article(key: str, title: str, text: str, hours: float = 0.0, lang: str = "en") -> ArticleIn:
    return ArticleIn(
        id=key,
        title=title,
        text=text,
        published=T0 + timedelta(hours=hours),
        source=None,
        lang=lang,
    )


def _stream() -> list[ArticleIn]:
    """Interleaved: look-alike events arrive mixed, as they would from many feeds."""
    groups = {"izmir": IZMIR, "arequipa": AREQUIPA, "trial_a": TRIAL_A, "trial_b": TRIAL_B}
    order: list[ArticleIn] = [_article(f"filler{i}", t, x, i) for i, (t, x) in enumerate(FILLER)]
    longest = max(len(items) for items in groups.values())
    hour = 3.0
    for i in range(longest):
        for name, items in groups.items():
            if i < len(items):
                title, text = items[i]
                order.append(_article(f"{name}{i}", title, text, hour))
                hour += 0.5
    return order


def _stories(clusterer: StoryClusterer, prefix: str, count: int) -> set[str]:
    return {clusterer.story_of(f"{prefix}{i}") for i in range(count)}


def test_same_event_articles_share_a_story_and_look_alikes_do_not() -> None:
    clusterer = StoryClusterer()
    for article in _stream():
        clusterer.add(article)
    izmir = _stories(clusterer, "izmir", 3)
    arequipa = _stories(clusterer, "arequipa", 2)
    trial_a = _stories(clusterer, "trial_a", 2)
    trial_b = _stories(clusterer, "trial_b", 2)
    assert len(izmir) == len(arequipa) == len(trial_a) == len(trial_b) == 1
    assert izmir != arequipa  # two earthquakes
    assert trial_a != trial_b  # two bribery trials
    fillers = _stories(clusterer, "filler", 3)
    assert len(fillers) == 3
    assert not fillers & (izmir | arequipa | trial_a | trial_b)


def test_add_returns_the_story_and_repeats_are_idempotent() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(_article("a", *IZMIR[0]))
    second = clusterer.add(_article("b", *IZMIR[1], hours=1))
    assert first == second == clusterer.story_of("a")
    assert clusterer.add(_article("a", *IZMIR[0])) == first
    assert clusterer.stories[first].members == ["a", "b"]


def test_same_words_a_fortnight_apart_are_different_stories() -> None:
    clusterer = StoryClusterer()
    early = clusterer.add(_article("jan", *IZMIR[0]))
    late = clusterer.add(_article("feb", *IZMIR[1], hours=24 * 14))
    assert early != late


def test_headline_only_items_cluster_with_the_lower_threshold() -> None:
    headlines = [
        ("h0", "Sbarro files for bankruptcy again"),
        ("x0", "Netflix raises subscription prices in Canada"),
        ("h1", "Pizza chain Sbarro files for Chapter 11 bankruptcy"),
        ("x1", "NASA delays Artemis moon mission to 2026"),
        ("h2", "Sbarro bankruptcy: pizza chain files second time"),
    ]
    clusterer = StoryClusterer()
    for i, (key, title) in enumerate(headlines):
        clusterer.add(_article(key, title, "", hours=i * 0.1))
    assert len(_stories(clusterer, "h", 3)) == 1
    assert clusterer.story_of("x0") != clusterer.story_of("x1")
    assert clusterer.story_of("x0") != clusterer.story_of("h0")


def test_languages_are_never_mixed_and_unrelated_foreign_texts_stay_apart() -> None:
    clusterer = StoryClusterer()
    clusterer.add(_article("en", *IZMIR[0]))
    german = [
        (
            "Erdbeben der Stärke 6,1 erschüttert Izmir",
            "Ein Erdbeben der Stärke 6,1 hat am Montag die türkische Küstenstadt Izmir "
            "erschüttert. Mehrere Wohnhäuser im Stadtteil Bayrakli sind eingestürzt, die "
            "Katastrophenschutzbehörde AFAD meldet 23 Gerettete.",
        ),
        (
            "Bundestag beschließt neues Heizungsgesetz",
            "Der Bundestag hat am Freitag das umstrittene Heizungsgesetz beschlossen. Die "
            "Opposition kritisierte die Kosten für die Hausbesitzer, die Regierung sprach "
            "von einem wichtigen Schritt für den Klimaschutz.",
        ),
        (
            "Bahnstreik legt den Fernverkehr in ganz Deutschland lahm",
            "Ein Streik der Lokführergewerkschaft hat am Mittwoch den Fernverkehr der "
            "Deutschen Bahn weitgehend lahmgelegt. Die Bahn richtete einen Notfahrplan ein "
            "und riet Reisenden, ihre Fahrten zu verschieben.",
        ),
    ]
    for i, (title, text) in enumerate(german):
        clusterer.add(_article(f"de{i}", title, text, hours=1 + i, lang="de-DE"))
    assert clusterer.story_of("de0") != clusterer.story_of("en")
    assert len(_stories(clusterer, "de", 3)) == 3


def test_related_puts_same_story_first_and_never_returns_filler() -> None:
    clusterer = StoryClusterer()
    for article in _stream():
        clusterer.add(article)
    ranked = clusterer.related("izmir0", k=10)
    ids = [article_id for article_id, _ in ranked]
    assert set(ids[:2]) == {"izmir1", "izmir2"}
    assert not any(i.startswith(("filler", "trial")) for i in ids)
    # The other earthquake may follow as a close story, but only after the same story.
    assert all(i.startswith("arequipa") for i in ids[2:])
    scores = [score for _, score in ranked[:2]]
    assert scores == sorted(scores, reverse=True)
    assert "izmir0" not in ids
    assert clusterer.related("filler0", k=5) == []


def test_related_elsewhere_gives_only_other_stories_and_large_stories_stay_cheap() -> None:
    clusterer = StoryClusterer(ClusterConfig(related_floor=0.01))
    for article in _stream():
        clusterer.add(article)
    elsewhere = clusterer.related_elsewhere("izmir0", k=10)
    assert elsewhere
    assert not any(a.startswith("izmir") for a, _ in elsewhere)
    assert clusterer.related("izmir0", k=10)[2:] == elsewhere[:8]  # after izmir1 and izmir2
    # related() compares a story's latest ``related_scan`` members only.
    small = StoryClusterer(ClusterConfig(related_scan=1))
    for article in _stream():
        small.add(article)
    same = [a for a, _ in small.related("izmir0", k=10) if a.startswith("izmir")]
    assert same == ["izmir2"]


def test_forget_old_keeps_a_week_of_news_and_resumes() -> None:
    clusterer = StoryClusterer()
    for article in _stream():
        clusterer.add(article)
    assert clusterer.forget_old() == 0
    old_story = clusterer.story_of("izmir0")
    late = clusterer.add(_article("late", *TRIAL_A[0], hours=24 * 12))
    before = len(clusterer.stories)
    assert clusterer.forget_old() == before - 1
    assert set(clusterer.stories) == {late}
    assert old_story not in clusterer.stories
    assert set(clusterer.state()["articles"]) == {"late"}
    assert clusterer.merged_into == {}
    resumed = StoryClusterer.from_state(json.loads(json.dumps(clusterer.state())))
    again = resumed.add(_article("later", *TRIAL_A[1], hours=24 * 12 + 1))
    assert again == late


def test_forget_old_keeps_only_a_long_storys_latest_vectors_and_its_dense_sum() -> None:
    config = ClusterConfig(related_scan=2, member_limit=2)
    clusterer = StoryClusterer(config)
    ids = [f"izmir{i}" for i in range(3)]
    for i, (title, text) in enumerate(IZMIR):
        clusterer.add(_article(ids[i], title, text, hours=i))
    (story,) = clusterer.stories.values()
    dense = story.dense.copy()
    clusterer.forget_old()
    state = json.loads(json.dumps(clusterer.state()))
    assert set(state["articles"]) == set(ids[1:])  # the oldest member's vectors are let go
    resumed = StoryClusterer.from_state(state, config)
    (again,) = resumed.stories.values()
    assert again.members == ids
    assert again.dense.tolist() == dense.tolist()  # the sum is stored, not rebuilt
    late = _article("izmir-late", *IZMIR[0], hours=4)
    assert resumed.add(late) == clusterer.add(late) == story.id


def test_related_floor_is_a_setting() -> None:
    loose = StoryClusterer(ClusterConfig(related_floor=0.0))
    strict = StoryClusterer(ClusterConfig(related_floor=0.99))
    for clusterer in (loose, strict):
        for article in _stream():
            clusterer.add(article)
    loose_ids = {i for i, _ in loose.related("izmir0", k=20)}
    strict_ids = {i for i, _ in strict.related("izmir0", k=20)}
    assert strict_ids == {"izmir1", "izmir2"}  # same-story coverage needs no floor
    assert loose_ids > strict_ids


def _jsonl(articles: list[ArticleIn]) -> list[str]:
    return [
        json.dumps(
            {
                "id": a.id,
                "title": a.title,
                "text": a.text,
                "published": a.published.isoformat() if a.published else None,
                "source": a.source,
                "lang": a.lang,
            }
        )
        for a in articles
    ]


def test_assign_jsonl_prints_final_story_ids_in_input_order() -> None:
    lines = _jsonl(_stream())
    out = io.StringIO()
    clusterer = assign_jsonl([*lines, ""], out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["id"] for row in rows] == [json.loads(line)["id"] for line in lines]
    for row in rows:
        assert row["story"] == clusterer.story_of(row["id"])
        assert row["story"] in clusterer.stories


def test_merges_keep_the_older_id_and_resolve_retired_ones() -> None:
    # Nothing joins by score, so every article starts a story; the merge pass then folds
    # the close ones together and the unrelated one stays apart.
    clusterer = StoryClusterer(ClusterConfig(threshold=0.99, merge_threshold=0.2))
    first = clusterer.add(_article("a", *IZMIR[0]))
    clusterer.add(_article("x", *FILLER[0], hours=0.5))
    final = clusterer.add(_article("b", *IZMIR[1], hours=1))
    assert final == first
    assert clusterer.story_of("b") == first
    retired = set(clusterer.merged_into)
    assert len(retired) == 1
    assert not retired & set(clusterer.stories)
    assert clusterer.merged_into[retired.pop()] == first
    assert clusterer.stories[first].members == ["a", "b"]
    assert clusterer.story_of("x") not in (first, *clusterer.merged_into)


def test_state_round_trips_through_json_and_resumes_identically() -> None:
    stream = _stream()
    whole = StoryClusterer()
    for article in stream:
        whole.add(article)
    half = StoryClusterer()
    for article in stream[:7]:
        half.add(article)
    resumed = StoryClusterer.from_state(json.loads(json.dumps(half.state())))
    for article in stream[7:]:
        resumed.add(article)
    for article in stream:
        assert resumed.story_of(article.id) == whole.story_of(article.id)
    assert resumed.related("izmir0") == whole.related("izmir0")


def test_naive_and_aware_times_are_both_accepted() -> None:
    clusterer = StoryClusterer()
    aware = clusterer.add(_article("a", *IZMIR[0]))
    naive_time = datetime(2024, 3, 4, 9, 0)  # noqa: DTZ001 - a naive time is the case under test
    naive = ArticleIn("b", *IZMIR[1], published=naive_time, source=None)
    assert clusterer.add(naive) == aware
    undated = ArticleIn("c", *IZMIR[2], published=None, source=None)
    assert clusterer.add(undated) == aware


_RUN = """
import io, json, sys
from broadsheet.understand.stories import assign_jsonl
out = io.StringIO()
assign_jsonl(sys.stdin.read().splitlines(), out)
print(out.getvalue(), end="")
"""


def test_results_do_not_depend_on_hash_seed() -> None:
    lines = "\n".join(_jsonl(_stream())) + "\n"
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _RUN],
            input=lines,
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert len(next(iter(outputs)).splitlines()) == len(_stream())


# -- dense vectors ----------------------------------------------------------------------

TFIDF_ONLY = ClusterConfig(embed_mix=0, short_embed_mix=0, merge_embed_mix=0, related_mix=0)


class TopicEmbedder:
    """Gives every text that names a topic word that topic's vector: dense vectors that
    see the subject and nothing else, as a mean of word embeddings nearly does."""

    dim = 4

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, text: str) -> Dense:
        self.calls += 1
        lower = text.lower()
        for axis, word in enumerate(("heist", "quake", "bribery")):
            if word in lower:
                vec = np.zeros(self.dim)
                vec[axis] = 1.0
                return vec
        return np.array([0.0, 0.0, 0.0, 1.0])


class NoModel:
    """An embedder that must not be used."""

    dim = 4

    def embed(self, text: str) -> Dense:
        raise AssertionError(f"embedded {text!r}")


HEISTS = [
    (
        "Robbers in drag raid Harry Winston boutique in Paris heist",
        "Four men, two dressed as women, emptied the display cases of the Harry Winston "
        "jewellers near the Champs-Elysees on Thursday, taking rings and watches.",
    ),
    (
        "Ram-raiders drive SUV into Casty store near Place Vendome in Paris heist",
        "Thieves rammed a car through the window of the Casty shop on Rue de Castiglione "
        "at dawn on Monday and escaped with watches worth two million euros.",
    ),
]


def _pair(clusterer: StoryClusterer, dated: bool) -> tuple[str, str]:
    for i, (title, text) in enumerate(HEISTS):
        when = T0 + timedelta(hours=i) if dated else None
        clusterer.add(ArticleIn(f"h{i}", title, text, published=when, source=None))
    return clusterer.story_of("h0"), clusterer.story_of("h1")


def test_dense_vectors_join_dated_articles_but_never_undated_ones() -> None:
    # Two heists in Paris share few words; the topic vectors call them the same thing.
    # Within one time window that is taken as evidence of one event; without dates it
    # is not, and the words alone keep them apart.
    words_only = _pair(StoryClusterer(TFIDF_ONLY), dated=True)
    assert words_only[0] != words_only[1]
    dated = _pair(StoryClusterer(embedder=TopicEmbedder()), dated=True)
    assert dated[0] == dated[1]
    undated = _pair(StoryClusterer(embedder=TopicEmbedder()), dated=False)
    assert undated[0] != undated[1]


def test_a_resumed_clusterer_rebuilds_story_dense_vectors() -> None:
    first = StoryClusterer(embedder=TopicEmbedder())
    title, text = HEISTS[0]
    first.add(ArticleIn("h0", title, text, published=T0, source=None))
    resumed = StoryClusterer.from_state(
        json.loads(json.dumps(first.state())), embedder=TopicEmbedder()
    )
    title, text = HEISTS[1]
    later = ArticleIn("h1", title, text, published=T0 + timedelta(hours=1), source=None)
    assert (
        resumed.add(later)
        == resumed.story_of("h0")
        == _pair(StoryClusterer(embedder=TopicEmbedder()), dated=True)[0]
    )


def test_related_articles_from_other_stories_need_shared_words() -> None:
    # Dense vectors rank, but they never admit an article of another story by themselves.
    clusterer = StoryClusterer(
        ClusterConfig(embed_mix=0, related_floor=0.2), embedder=TopicEmbedder()
    )
    for article in _stream():
        clusterer.add(article)
    assert clusterer.related("filler0", k=5) == []
    # The other bribery trial is the same subject to the dense vectors, but shares too
    # few words to be offered.
    assert [i for i, _ in clusterer.related("trial_a0", k=10)] == ["trial_a1"]


def test_tfidf_only_configuration_never_loads_a_model() -> None:
    clusterer = StoryClusterer(TFIDF_ONLY, embedder=NoModel())
    for article in _stream():
        clusterer.add(article)
    assert clusterer.related("izmir0")
    assert all(data["dense"] == "" for data in clusterer.state()["articles"].values())


def test_only_the_model_languages_get_dense_vectors() -> None:
    embedder = TopicEmbedder()
    clusterer = StoryClusterer(embedder=embedder)
    clusterer.add(_article("en", *IZMIR[0]))
    clusterer.add(
        _article("de", "Erdbeben erschüttert Izmir", "Mehrere Häuser eingestürzt.", lang="de")
    )
    articles = clusterer.state()["articles"]
    assert embedder.calls == 1
    assert articles["en"]["dense"]
    assert articles["de"]["dense"] == ""


def test_state_stores_dense_vectors_compactly_and_resumes_identically() -> None:
    stream = _stream()
    whole = StoryClusterer()
    for article in stream:
        whole.add(article)
    half = StoryClusterer()
    for article in stream[:6]:
        half.add(article)
    state = json.loads(json.dumps(half.state()))
    assert all(len(data["dense"]) == 684 for data in state["articles"].values())
    resumed = StoryClusterer.from_state(state)
    for article in stream[6:]:
        resumed.add(article)
    assert resumed.state()["stories"] == whole.state()["stories"]
    for article in stream:
        assert resumed.related(article.id, k=10) == whole.related(article.id, k=10)


def test_a_state_written_before_dense_vectors_still_loads() -> None:
    old = StoryClusterer(TFIDF_ONLY)
    for article in _stream()[:6]:
        old.add(article)
    state = json.loads(json.dumps(old.state()))
    for data in state["articles"].values():
        del data["dense"]
    for data in state["stories"]:
        data["short"] = int(data["short"])
    resumed = StoryClusterer.from_state(state)
    for article in _stream()[6:]:
        resumed.add(article)
    assert len(_stories(resumed, "izmir", 3)) == 1


def _replay(rows: dict[str, Any], changes: Changes) -> dict[str, Any]:
    """What a store holds after writing ``changes`` over ``rows``, through JSON."""
    stories = {k: v for k, v in rows["stories"].items() if k not in changes.drop_stories}
    articles = {k: v for k, v in rows["articles"].items() if k not in changes.drop_articles}
    stories.update(changes.upsert_stories)
    articles.update(changes.upsert_articles)
    return json.loads(json.dumps({"head": changes.head, "stories": stories, "articles": articles}))


def test_changes_saved_as_rows_resume_like_the_whole_state() -> None:
    # Nothing joins by score, so the merge pass folds stories; a short related_scan
    # trims long stories; the late articles make forget_old drop the first week.
    config = ClusterConfig(threshold=0.99, merge_threshold=0.2, related_scan=2, member_limit=2)
    late = [_article(f"late{i}", *TRIAL_A[i], hours=24 * 12 + i) for i in range(2)]
    stream = [*_stream(), *late]
    live = StoryClusterer(config)
    rows: dict[str, Any] = {"stories": {}, "articles": {}}
    merged_away = dropped = forgot = 0
    for start in range(0, len(stream), 4):
        for article in stream[start : start + 4]:
            live.add(article)
        forgotten = live.forget_old()
        changes = live.take_changes()
        merged_away += len(set(changes.drop_stories) & set(live.merged_into))
        dropped += len(changes.drop_articles)
        assert len(changes.upsert_articles) <= 4  # an article row is written once
        forgot += forgotten
        if forgotten:
            assert len(changes.drop_stories) >= forgotten
        rows = _replay(rows, changes)
    assert merged_away  # all three happened: merges, trimmed members, forgotten stories
    assert dropped
    assert forgot
    assert live.take_changes().upsert_stories == {}  # nothing changed since
    parts = StoryClusterer.from_parts(
        rows["head"], rows["stories"].values(), rows["articles"], config
    )
    whole = StoryClusterer.from_state(json.loads(json.dumps(live.state())), config)
    for article_id in rows["articles"]:
        assert parts.story_of(article_id) == whole.story_of(article_id) == live.story_of(article_id)
    assert parts.state() == whole.state() == live.state()
    more = [_article(f"more{i}", *TRIAL_A[i], hours=24 * 12 + 2 + i) for i in range(2)]
    for article in [*more, _article("quake", *IZMIR[0], hours=24 * 12 + 5)]:
        assert parts.add(article) == whole.add(article) == live.add(article)
    assert parts.related("more0") == whole.related("more0") == live.related("more0")


def test_merged_away_ids_are_resolved_when_rows_are_read() -> None:
    clusterer = StoryClusterer(ClusterConfig(threshold=0.99, merge_threshold=0.2))
    clusterer.add(_article("a", *IZMIR[0]))
    first = clusterer.take_changes()
    clusterer.add(_article("x", *FILLER[0], hours=0.5))
    clusterer.add(_article("b", *IZMIR[1], hours=1))
    second = clusterer.take_changes()
    assert set(second.upsert_articles) == {"x", "b"}  # "a" is not rewritten
    assert second.upsert_articles["b"]["story"] in second.drop_stories  # merged away
    rows = _replay(_replay({"stories": {}, "articles": {}}, first), second)
    resumed = StoryClusterer.from_parts(rows["head"], rows["stories"].values(), rows["articles"])
    assert resumed.story_of("b") == resumed.story_of("a") == clusterer.story_of("a")
    assert resumed.state()["articles"]["b"]["story"] == clusterer.story_of("a")


def test_headline_words_weigh_more_in_dated_articles_only() -> None:
    # "harbour" is used once in the headline, "crane" once in the body: equal weight
    # undated, the headline word twice the body word's (before idf, which is equal here)
    # when the article is dated.
    def weights(published: datetime | None) -> tuple[float, float]:
        clusterer = StoryClusterer(TFIDF_ONLY, embedder=NoModel())
        clusterer.add(
            ArticleIn("a", "Harbour", "A crane collapsed.", published=published, source=None)
        )
        vec = clusterer.state()["articles"]["a"]["vec"]
        return vec["harbour"], vec["crane"]

    headline, body = weights(None)
    assert headline == body
    headline, body = weights(T0)
    assert abs(headline / body - TFIDF_ONLY.dated_title_weight) < 1e-9
    assert TFIDF_ONLY.dated_title_weight > 1


def test_lead_is_the_most_central_member_unless_the_first_is_nearly_as_central() -> None:
    side = (
        "Leisure centre shelters families after the Izmir earthquake",
        "Volunteers set up camp beds in a leisure centre for families whose homes in "
        "Bayrakli were damaged by Monday's magnitude 6.1 earthquake in Izmir.",
    )
    stream = [side, *IZMIR]
    clusterer = StoryClusterer(TFIDF_ONLY, embedder=NoModel())
    ids = [clusterer.add(_article(f"i{n}", *item, hours=n)) for n, item in enumerate(stream)]
    assert len(set(ids)) == 1
    story = ids[0]
    sums = clusterer.state()["stories"][0]["centroid"]

    def closeness(article_id: str) -> float:
        vec = clusterer.state()["articles"][article_id]["vec"]
        return float(sum(w * sums.get(t, 0.0) for t, w in vec.items()))

    central = max(("i1", "i2", "i3"), key=closeness)
    assert closeness(central) > closeness("i0")
    assert clusterer.lead(story) == central
    # a first report nearly as central as the best keeps the story's title
    keeps_first = StoryClusterer(replace(TFIDF_ONLY, lead_margin=1.0), embedder=NoModel())
    for n, item in enumerate(stream):
        keeps_first.add(_article(f"i{n}", *item, hours=n))
    assert keeps_first.lead(story) == "i0"
