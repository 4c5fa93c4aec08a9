"""Each analysis step on its own: lemmas, Nynorsk → Bokmål, compounds, synonyms, spelling."""

from __future__ import annotations

from tiltaksbanken.search.analysis import (
    analyse,
    compound_parts,
    lemma,
    terms_of_word,
    whole_and_parts,
)


def test_inflected_forms_share_a_term() -> None:
    assert set(analyse("boliger")) & set(analyse("bolig"))
    assert set(analyse("flyktningene")) & set(analyse("flyktninger"))
    assert set(analyse("jobbspesialister")) & set(analyse("jobbspesialist"))


def test_nynorsk_forms_meet_their_bokmaal_twins() -> None:
    for nn, nb in (("bustad", "bolig"), ("ungdomar", "ungdom"), ("skule", "skole"), ("heim", "hjem"),
                   ("lågterskeltilbod", "lavterskeltilbud"), ("utanfor", "utenfor"),
                   ("mellombels", "midlertidig"), ("born", "barn"), ("tilsette", "ansatte"),
                   ("bustadlause", "bostedsløse"), ("gjeldsrådgjeving", "gjeldsrådgivning")):
        assert set(analyse(nn)) & set(analyse(nb)), (nn, nb)


def test_a_nynorsk_compound_carries_its_bokmaal_compound_whole() -> None:
    # the whole compound is the strongest match, so a Nynorsk compound meets the Bokmål one
    # whole, not only part by part
    for nn, nb in (("tenestedesign", "tjenestedesign"), ("bustadsosialt", "boligsosialt"),
                   ("heimebesøk", "hjemmebesøk")):
        assert terms_of_word(nb)[0] in terms_of_word(nn), (nn, nb)


def test_compounds_are_split_into_known_parts() -> None:
    assert compound_parts("gjeldsrådgivning") == ("gjeld", "rådgivning")
    assert set(analyse("gjeld")) <= set(analyse("gjeldsrådgivning"))
    assert set(analyse("rådgivning")) <= set(analyse("gjeldsrådgivning"))
    assert "koordinator" in " ".join(terms_of_word("familiekoordinator"))


def test_common_words_and_endings_are_not_split() -> None:
    assert compound_parts("arbeid") == ()
    assert compound_parts("oppsøkende") == ()  # -ende is an ending, not a word part


def test_stopwords_carry_no_terms() -> None:
    assert analyse("og i på for med") == []
    assert lemma("ungdommer") == "ungdom"


def test_a_lemmatiser_guess_no_word_list_knows_leaves_the_word_as_written() -> None:
    # simplemma gives «lavinntekk» for «lavinntekt»: the compound would lose its parts
    assert lemma("lavinntekt") == "lavinntekt"
    assert {"lav", "inntekt"} <= set(terms_of_word("lavinntekt"))
    assert set(whole_and_parts("lavinntektsfamilier")[1]) <= set(analyse("familier med lavinntekt"))
    assert lemma("familier") == "familie"  # a known lemma is still taken


def test_the_noun_ending_het_is_no_compound_part() -> None:
    for word in ("avhengighet", "bevissthet", "tilgjengelighet"):
        assert "het" not in compound_parts(word)
