"""Keyphrases and front-page sections, on hand-written text and the demo articles."""

from __future__ import annotations

from benchmarks.entities import demo_article

from broadsheet.understand.keyphrases import SECTIONS, keyphrases, topic_of

# Demo articles and the sections a reader would file them under (more than one where a
# reasonable editor could go either way). topic_of gets 28 of these 30 right: the two
# quakes abroad on Veska go to Local.
EXPECTED: dict[tuple[str, str], set[str]] = {
    ("harbourtimes", "okoro-strike-ends-mariners-wait-for-calder-cup"): {"Sport"},
    ("bugle", "heartbreak-for-athletic-in-calder-cup-final"): {"Sport"},
    ("eveningpost", "mariners-magic-super-sub-okoro"): {"Sport"},
    ("signal", "lumora-breach-how-attackers-got-in"): {"Technology"},
    ("ledger", "lumora-shares-slide-after-data-breach"): {"Business", "Technology"},
    ("ledger", "bank-of-calderra-raises-rates-split-vote"): {"Business"},
    ("eveningpost", "mortgage-misery-interest-rates-16-year-high"): {"Business"},
    ("valleyrecord", "valley-businesses-brace-for-rate-rise"): {"Business"},
    ("ledger", "aerocal-orders-24-jets"): {"Business"},
    ("harbourtimes", "tarsenia-dorvan-prisoner-swap-velmont-talks"): {"World"},
    ("ledger", "dorvan-corridor-deal-reconstruction-hopes"): {"World", "Business"},
    ("eveningpost", "two-dead-fuel-riots-tarsenian-capital"): {"World"},
    ("ledger", "tarsenia-fuel-subsidy-cut-deadly-unrest"): {"World"},
    ("harbourtimes", "velmont-passes-budget-after-nine-hour-debate"): {"Politics"},
    ("eveningpost", "council-tax-rise-budget-squeaks-through"): {"Politics", "Local"},
    ("bugle", "clara-voss-elected-mayor"): {"Politics"},
    ("valleyrecord", "new-maternity-unit-sallow-valley-general"): {"Health"},
    ("signal", "seaweed-zinc-battery-velmont-university"): {"Science", "Technology"},
    ("signal", "skylark-2-reaches-orbit"): {"Science"},
    ("signal", "comet-harrow-linde-naked-eye"): {"Science"},
    ("signal", "tallis-fold-3-review"): {"Technology"},
    ("bugle", "the-tempest-in-the-market-square"): {"Culture"},
    ("harbourtimes", "marigold-ferry-final-crossing"): {"Culture", "Local"},
    ("bugle", "repair-cafe-fixes-1000th-item"): {"Local"},
    ("bugle", "mill-lane-closed-gas-main"): {"Local"},
    ("courier", "route-47-bus-saved-after-campaign"): {"Local"},
    ("valleyrecord", "sallow-ridge-fire-600-evacuated"): {"Local"},
    ("harbourtimes", "dockworkers-walk-out-as-talks-collapse"): {"Business", "Local"},
    ("valleyrecord", "earthquake-off-veska-kills-19"): {"World"},
    ("ledger", "earthquake-kills-19-on-veska"): {"World"},
}


def test_keyphrases_find_the_subject_and_weights_are_ranked() -> None:
    text = (
        "Dockworkers at Port Arden began a 72-hour strike on Tuesday over pay and automation.\n\n"
        "The strike has left container ships waiting in the estuary. The Harbour Workers’ "
        "Union says automation could cost 600 jobs, and the port authority says automation "
        "is needed to compete. Talks on pay broke down at midnight."
    )
    phrases = keyphrases("Port Arden dockworkers strike over automation", text, k=5)
    names = [p for p, _ in phrases]
    assert len(phrases) == 5
    assert "automation" in names
    assert "Port Arden" in names
    weights = [w for _, w in phrases]
    assert weights[0] == 1.0
    assert weights == sorted(weights, reverse=True)
    assert all(0 < w <= 1 for w in weights)
    assert keyphrases(None, "") == []


def test_keyphrases_keep_whole_names_and_drop_near_duplicates() -> None:
    title, text = demo_article("valleyrecord", "bronze-age-boat-found-river-sallow")
    names = [p for p, _ in keyphrases(title, text)]
    assert "River Sallow" in names
    assert "Sallow Valley Archaeological" not in names  # a name is never cut short
    words = [set(p.lower().split()) for p in names]
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            assert not (a <= b)
            assert not (b <= a)


def test_topic_of_uses_a_fixed_set_and_declines_without_cues() -> None:
    assert (
        topic_of("Mariners win the cup", "The striker scored twice as the team won the final.")
        == "Sport"
    )
    assert topic_of(None, "It was a quiet afternoon.") is None
    assert SECTIONS == (
        "World",
        "Politics",
        "Business",
        "Technology",
        "Science",
        "Health",
        "Sport",
        "Culture",
        "Local",
    )


def test_topic_of_on_demo_articles() -> None:
    right = 0
    for (outlet, slug), accepted in EXPECTED.items():
        title, text = demo_article(outlet, slug)
        right += topic_of(title, text) in accepted
    assert right >= 27
