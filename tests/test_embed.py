"""Dense vectors from the packaged WordLlama model, and their stored form."""

from __future__ import annotations

import numpy as np

from broadsheet.understand import embed


def test_the_packaged_model_loads_once_without_a_download() -> None:
    first = embed.wordllama()
    assert first is embed.wordllama()
    assert first.dim == 256


def test_vectors_are_unit_length_float16_values() -> None:
    vec = embed.wordllama().embed("Magnitude 6.1 earthquake shakes Izmir, buildings collapse")
    assert vec.shape == (256,)
    assert abs(float(vec @ vec) - 1.0) < 1e-2
    assert np.array_equal(vec, vec.astype(np.float16).astype(np.float64))


def test_texts_on_one_event_are_closer_than_unrelated_ones() -> None:
    model = embed.wordllama()
    quake = model.embed("Strong earthquake topples apartment blocks in Izmir, rescuers dig")
    quake_too = model.embed("Rescuers search the rubble after a powerful quake hits Izmir")
    football = model.embed("Arsenal beat Porto on penalties to reach the quarter-finals")
    assert embed.cosine(quake, quake_too) > embed.cosine(quake, football) + 0.2


def test_the_word_cache_changes_nothing() -> None:
    model = embed.wordllama()
    text = "Jury convicts former Lakeview mayor Harlan Price of bribery"
    warm = model.embed(text)
    model.clear()
    assert np.array_equal(model.embed(text), warm)


def test_text_without_tokens_has_no_vector() -> None:
    model = embed.wordllama()
    assert model.embed("").size == 0
    assert model.embed("   \n ").size == 0
    assert embed.cosine(model.embed(""), model.embed("news")) == 0.0


def test_pack_round_trips_exactly_in_684_characters() -> None:
    vec = embed.wordllama().embed("Peru quake damages homes in Caylloma")
    packed = embed.pack(vec)
    assert isinstance(packed, str)
    assert len(packed) == 684
    assert np.array_equal(embed.unpack(packed), vec)
    assert embed.unpack(embed.pack(np.zeros(0))).size == 0
