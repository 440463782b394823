"""Near-duplicate detection of syndicated copies."""

from __future__ import annotations

from broadsheet.understand.neardup import NearDupConfig, NearDuplicateIndex, shingles

WIRE = [
    "Officials in the port city of Valmora said on Tuesday that a fire at a fertiliser "
    "warehouse had been brought under control after burning for nearly eleven hours.",
    "The blaze broke out shortly after midnight in a storage hall holding ammonium "
    "nitrate, prompting the evacuation of about 2,400 residents from nearby streets.",
    "Fire chief Lena Horvath told reporters that no one had been killed, but that six "
    "firefighters were treated in hospital for smoke inhalation and minor burns.",
    "Investigators from the national safety board are expected to arrive on Wednesday "
    "to examine why sprinklers in the hall failed to activate when the fire started.",
    "The warehouse operator, Delta Agro Logistics, said in a statement that it was "
    "cooperating fully with the authorities and had suspended operations at the site.",
]
TITLE = "Fire at Valmora fertiliser warehouse brought under control"
ORIGINAL = TITLE + "\n\n" + "\n\n".join(WIRE)

OTHER = (
    "Central bank keeps interest rates on hold\n\n"
    "The central bank left its benchmark interest rate unchanged at 4.25 percent on "
    "Thursday, saying inflation was easing more slowly than expected. Governor Tomas "
    "Brenner said policymakers wanted more evidence that wage growth was cooling before "
    "cutting borrowing costs, and markets pushed back bets on a cut until the autumn. "
    "Two members of the committee voted for a quarter-point reduction."
)
SAME_EVENT_OWN_WORDS = (
    "Valmora warehouse blaze: thousands evacuated\n\n"
    "Around 2,400 people had to leave their homes in Valmora overnight as flames tore "
    "through a fertiliser store run by Delta Agro Logistics. Firefighters needed most of "
    "the night to contain the fire; six of them went to hospital. The national safety "
    "board will look into the failed sprinkler system, according to the fire service."
)


def _index_with_original() -> NearDuplicateIndex:
    index = NearDuplicateIndex()
    assert index.add("orig", ORIGINAL) is None
    assert index.add("other", OTHER) is None
    return index


def test_reworded_headline_is_a_copy() -> None:
    index = _index_with_original()
    copy = "UPDATE 1-Blaze in Valmora contained, investigators due\n\n" + "\n\n".join(WIRE)
    assert index.add("copy", copy) == "orig"


def test_added_paragraph_is_a_copy() -> None:
    index = _index_with_original()
    extra = (
        "Local schools will stay closed on Wednesday while air quality is checked, the "
        "mayor's office said."
    )
    assert index.add("copy", ORIGINAL + "\n\n" + extra) == "orig"


def test_trimmed_paragraph_is_a_copy() -> None:
    index = _index_with_original()
    trimmed = TITLE + "\n\n" + "\n\n".join(WIRE[:4])
    assert index.add("copy", trimmed) == "orig"


def test_different_page_furniture_is_a_copy() -> None:
    index = _index_with_original()
    framed = (
        "Home | World | Share on Facebook | Share on X | Updated 10:42 GMT\n\n"
        + ORIGINAL
        + "\n\n(Reporting by Ana Petrov; Editing by Mark Little) Read more: most viewed"
    )
    assert index.add("copy", framed) == "orig"


def test_different_texts_and_own_words_coverage_are_not_copies() -> None:
    index = _index_with_original()
    assert index.add("own-words", SAME_EVENT_OWN_WORDS) is None
    assert index.add("unrelated", OTHER.replace("4.25", "3.75") + " Completely new.") != "orig"
    assert len(index) == 4


def test_the_most_similar_earlier_copy_wins() -> None:
    index = NearDuplicateIndex()
    index.add("trimmed", TITLE + "\n\n" + "\n\n".join(WIRE[:3]))
    index.add("full", ORIGINAL)
    assert index.add("again", ORIGINAL + " ") == "full"


def test_short_texts_are_never_matched() -> None:
    index = NearDuplicateIndex()
    assert index.add("a", "Fed holds rates steady") is None
    assert index.add("b", "Fed holds rates steady") is None
    assert shingles("Fed holds rates", 4) == {"fed holds rates"}
    assert shingles("", 4) == set()


def test_signatures_are_deterministic_and_estimate_jaccard() -> None:
    first = NearDuplicateIndex()
    second = NearDuplicateIndex(NearDupConfig())
    sig_a, size_a = first.signature(ORIGINAL)
    sig_b, _ = second.signature(ORIGINAL)
    assert (sig_a == sig_b).all()
    assert size_a == len(shingles(ORIGINAL, 4))
    trimmed = TITLE + "\n\n" + "\n\n".join(WIRE[:3])
    exact_a, exact_b = shingles(ORIGINAL, 4), shingles(trimmed, 4)
    jaccard = len(exact_a & exact_b) / len(exact_a | exact_b)
    estimate = float((first.signature(trimmed)[0] == sig_a).mean())
    assert abs(estimate - jaccard) < 0.15


def test_cached_signatures_are_shared_read_only_and_follow_the_configuration() -> None:
    signature, _ = NearDuplicateIndex().signature(ORIGINAL)
    assert not signature.flags.writeable  # one array serves every index: nobody may edit it
    reseeded, _ = NearDuplicateIndex(NearDupConfig(seed=7)).signature(ORIGINAL)
    assert not (reseeded == signature).all()
    index = NearDuplicateIndex()
    assert index.add("a", ORIGINAL) is None
    assert NearDuplicateIndex().add("b", ORIGINAL) is None  # a new index knows nothing
