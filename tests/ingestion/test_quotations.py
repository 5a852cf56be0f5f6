"""Direct quotations read from the text: the quoted words, the speaker the text gives (by name,
by "he", or as the words that describe them), the day they were said, the statement they belong
to; scare quotes, labels and names are not quotations."""

from datetime import date

from apps.ingestion.extraction.pipeline import extract
from apps.ingestion.extraction.quotations import quoted_spans

PUB = date(2020, 3, 5)  # a Thursday


def _quotes(text, published_on=PUB, precision="day"):
    return extract(text, published_on=published_on, precision=precision).quotations


def test_a_quotation_with_its_speaker_its_day_and_its_statement():
    text = (
        '"(I hope) there will be a ceasefire swiftly established in Idlib," Erdogan said '
        "Wednesday ahead of the talks."
    )
    (quote,) = _quotes(text)
    assert quote.text == "(I hope) there will be a ceasefire swiftly established in Idlib"
    assert text[quote.start : quote.end] == quote.text
    assert (quote.speaker_key, quote.speaker_text) == ("actor:erdogan", "Erdogan")
    assert (quote.said_on, quote.said_on_precision) == (date(2020, 3, 4), "day")
    assert quote.quote == text and not quote.partial


def test_a_partial_quote_attributed_in_its_sentence_is_a_quotation():
    text = (
        "Kremlin spokesman Dmitry Peskov said Wednesday the two leaders would discuss Idlib "
        'and "joint measures" they could agree to defuse it.'
    )
    extraction = extract(text, published_on=PUB, precision="day")
    (quote,) = extraction.quotations
    assert (quote.text, quote.speaker_key, quote.partial) == (
        "joint measures",
        "actor:peskov",
        True,
    )
    assert extraction.events[quote.event_index].event_type == "statement"


def test_scare_quotes_labels_and_names_are_not_quotations():
    text = (
        'The "moderate" rebels hold Idlib. '
        'Turkey declared an operation against the regime, named "Spring Shield". '
        'Rebels formed the "Repel the Invaders" operations room in Idlib. '
        'The province saw the "final battle" of the war.'
    )
    assert _quotes(text) == []


def test_a_word_its_speaker_uses_is_a_quotation():
    text = 'Moscow accused Turkish forces of mingling with "terrorists" in Idlib.'
    (quote,) = _quotes(text)
    assert (quote.text, quote.speaker_key, quote.partial) == ("terrorists", "actor:state-rus", True)


def test_single_quotation_marks_quote_but_an_apostrophe_does_not():
    text = (
        "UN envoy Geir Pedersen says Syria is at a 'watershed moment' after the rebels' advance "
        "on Idlib."
    )
    (quote,) = _quotes(text)
    assert quote.text == "watershed moment"


def test_the_speaker_after_the_quotation_or_described_by_role():
    text = (
        '"Victory in Syria has become a matter of prestige for Russia," said Yury Barmin, '
        "an analyst in Moscow.\n\n"
        '"There might be a ceasefire but it will be for show," a Western diplomat told AFP.'
    )
    barmin, diplomat = _quotes(text)
    assert barmin.speaker_text == "Yury Barmin" and barmin.speaker_key
    assert (diplomat.speaker_key, diplomat.speaker_text) == (None, "a Western diplomat")


def test_he_is_the_speaker_quoted_last_and_a_paragraph_goes_on_with_its_speaker():
    text = (
        'Dutch Foreign Minister Stef Blok criticised the "cynical way" Erdogan was using '
        "refugees from Idlib, he said on Thursday.\n\n"
        '"We should not react to the pressure that Turkey is exerting on us," he said. '
        '"We will not pay more under pressure."'
    )
    quotes = _quotes(text)
    assert [q.text for q in quotes] == [
        "cynical way",
        "We should not react to the pressure that Turkey is exerting on us",
        "We will not pay more under pressure",
    ]
    assert len({q.speaker_key for q in quotes}) == 1 and quotes[0].speaker_key is not None
    assert quotes[1].speaker_text == "he"


def test_quotation_marks_pair_within_a_paragraph():
    text = 'He said "one two three.\n\nA new paragraph" here and “four five” there.'
    spans = quoted_spans(text)
    assert [text[a:b] for a, b in spans] == ["four five"]


def test_he_is_who_spoke_in_the_sentence_before_even_when_no_actor_has_the_name():
    text = (
        "Turkey was blamed for the attack in Idlib. In an email to The Guardian, Noam Chomsky "
        'said Recep Tayyip Erdogan is a hypocrite. He said: "Turkey blamed Isis for the attack."'
    )
    (quote,) = _quotes(text)
    assert quote.speaker_text in ("Noam Chomsky", "He")
    assert quote.speaker_key != "actor:erdogan"


def test_the_verb_before_a_participle_names_the_speaker():
    text = (
        "Russian Foreign Minister Sergei Lavrov on Wednesday indicated that Moscow's patience is "
        "running out over Idlib, saying it can't accept \"the endless existence of this terrorist "
        'nest."'
    )
    (quote,) = _quotes(text)
    assert quote.speaker_key == "actor:lavrov"
