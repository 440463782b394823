"""People, organisations and places: unit cases and quality floors on annotated demo articles.

The floors sit a little under what ``benchmarks/entities.py`` measured (all 23 annotated
articles: F1 person 0.948, organisation 0.933, place 0.929, all 0.938; the 4 never-tuned
"test" articles: 0.833; the capitalised-words baseline: 0.335 over all).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.entities import ANNOTATIONS, demo_stories, evaluate, load_annotations

from broadsheet.understand.entities import entity_key, find_entities, find_mentions
from broadsheet.understand.entities_eval import capitalised_baseline, normalise


def kinds(text: str) -> dict[str, str]:
    return {m.text: m.kind for m in find_mentions(text)}


def test_mentions_carry_exact_offsets() -> None:
    text = "Union secretary Maria Okafor spoke outside Velmont City Council on Tuesday."
    mentions = find_mentions(text)
    assert mentions
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text


def test_title_is_a_person_cue_and_not_part_of_the_name() -> None:
    found = kinds("The ruling was read by Judge Eleanor Whitcombe. Mayor Helen Voss left early.")
    assert found == {"Eleanor Whitcombe": "person", "Helen Voss": "person"}


def test_suffixes_prefixes_and_prepositions_type_names() -> None:
    text = (
        "Staff at Lumora Systems met officials from the Bank of Calderra in Velmont. "
        "Smoke rose over Sallow Ridge and Port Arden."
    )
    found = kinds(text)
    assert found["Lumora Systems"] == "organisation"
    assert found["Bank of Calderra"] == "organisation"
    assert found["Velmont"] == "place"
    assert found["Sallow Ridge"] == "place"
    assert found["Port Arden"] == "place"


def test_a_surname_alone_is_the_same_person() -> None:
    text = (
        "Maria Okafor, 52, leads the union. Talks failed on Monday, Okafor said, "
        "and Mrs Okafor’s members will strike."
    )
    entities = find_entities(text)
    people = [e for e in entities if e.kind == "person"]
    assert len(people) == 1
    assert people[0].name == "Maria Okafor"
    assert people[0].mentions == 3
    assert people[0].aliases == ("Okafor",)
    assert people[0].key == "person:maria-okafor"


def test_organisation_short_forms_and_acronyms_merge() -> None:
    text = (
        "Greyfen Consulting billed the utility. Greyfen had no staff. "
        "Members of the Harbour and Dock Workers’ Union voted; the HDWU will strike."
    )
    entities = {e.name: e for e in find_entities(text)}
    assert entities["Greyfen Consulting"].aliases == ("Greyfen",)
    assert entities["Harbour and Dock Workers’ Union"].aliases == ("HDWU",)


def test_of_splits_a_person_from_an_organisation() -> None:
    found = kinds("The statement came from Maria Okafor of the Harbour Workers’ Union yesterday.")
    assert found == {"Maria Okafor": "person", "Harbour Workers’ Union": "organisation"}


def test_sentence_openers_and_demonyms_are_not_names() -> None:
    text = (
        "Investigators said the Tarsenian forces left Tarsenia. Former officials "
        "in Tarsenia agreed."
    )
    assert kinds(text) == {"Tarsenia": "place"}


def test_figures_and_events_are_left_out() -> None:
    found = kinds("They paid Cr 25,000 before the Calder Cup final in Port Arden.")
    assert found == {"Port Arden": "place"}


def test_headline_adds_salience_and_title_case_headlines_add_no_new_names() -> None:
    text = "Velmont City Council met. Helen Voss spoke. Helen Voss left. Voss returned."
    plain = find_entities(text)
    assert plain[0].name == "Helen Voss"
    titled = find_entities(text, title="Council budget approved in Velmont City Council vote")
    assert titled[0].name == "Velmont City Council"
    shouty = find_entities(text, title="Dockworkers Walk Out At Kingsquay Terminal")
    assert {e.name for e in shouty} == {e.name for e in plain}


def test_other_languages_and_empty_text_give_nothing() -> None:
    assert find_mentions("Die Regierung in Berlin hat Maria Okafor getroffen.", "de") == []
    assert find_entities("", title=None) == []
    assert find_mentions("   ") == []


def test_entity_key_is_an_ascii_slug() -> None:
    assert entity_key("person", "Hana Sörensen") == "person:hana-sorensen"
    assert entity_key("organisation", "Halden & Crisp") == "organisation:halden-crisp"


def test_annotations_name_demo_articles_and_their_text() -> None:
    stories = demo_stories()
    paths = sorted(ANNOTATIONS.glob("*.json"))
    assert len(paths) >= 10
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert (data["outlet"], data["slug"]) in stories, path.name
    for slug, text, entities in load_annotations():
        folded = normalise(text)
        for entity in entities:
            forms = [str(entity["text"]), *map(str, entity.get("aliases", []))]  # type: ignore[call-overload]
            for form in forms:
                assert normalise(form) in folded, f"{slug}: {form!r} not in the article"


@pytest.mark.parametrize(
    ("kind", "floor"),
    [("person", 0.92), ("organisation", 0.91), ("place", 0.90), ("all", 0.91)],
)
def test_f1_floors_on_annotated_demo_articles(kind: str, floor: float) -> None:
    assert evaluate(find_mentions)[kind].f1 >= floor


def test_never_tuned_articles_and_baseline_margin() -> None:
    assert evaluate(find_mentions, "test")["all"].f1 >= 0.80
    ours = evaluate(find_mentions)["all"].f1
    baseline = evaluate(capitalised_baseline)["all"].f1
    assert ours >= baseline + 0.5


def test_readme_describes_the_annotation_format() -> None:
    readme = Path(ANNOTATIONS, "README.md").read_text(encoding="utf-8")
    for word in ("person", "organisation", "place", "aliases", "split"):
        assert word in readme
