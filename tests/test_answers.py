"""Harder questions than the seeds: other phrasings, typos, Latin names, combinations, periods,
announcements as of a date, and honest "nothing found" answers with suggestions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bot.ingest import ingest_text
from bot.models import ArticleMeta
from bot.search import answer, find_people, render_html_pages, suggest
from bot.store import Store, open_store

LATER = date(2026, 1, 1)  # every bundled article is published by then


@pytest.fixture(scope="module")
def store(bundled_db_file: Path) -> Iterator[Store]:
    store = open_store(bundled_db_file)
    yield store
    store.close()


def ask(store: Store, text: str, today: date = LATER, lang: str = "ru"):
    return answer(store, text, today, lang)


def one_article_store(tmp_path: Path, text: str, published: date) -> Store:
    """A knowledge base of one made-up article."""
    store = open_store(tmp_path / "kb.db")
    ingest_text(store, text, ArticleMeta(published=published))
    return store


def cited_files(result) -> set[str]:
    return {Path(c.file).stem[:3] for c in result.citations if c.file}


# -- people -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Токаевым",
        "Токаеву",
        "токаев",
        "ТОКАЕВ",
        "Токаеф",
        "Такаев",
        "Tokayev",
        "Tokaev",
        "К.Токаев",
    ],
)
def test_every_spelling_of_a_name_finds_the_same_person(store: Store, text: str) -> None:
    result = ask(store, text)
    assert result.intent == "person", result.text
    assert "Касым-Жомарт Токаев" in result.headline
    assert result.citations, "a person answer cites the articles it draws on"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Wang Yi", "Ван И"),
        ("wang yi", "Ван И"),
        ("Xi Jinping", "Си Цзиньпин"),
        ("Jinping", "Си Цзиньпин"),
        ("Nazarbayev", "Назарбаев"),
        ("Lavrov", "Сергей Лавров"),
        ("си цзинпин", "Си Цзиньпин"),
        ("Цзиньпином", "Си Цзиньпин"),
        ("Нуртлеу", "Мурат Нуртлеу"),
    ],
)
def test_latin_inflected_and_misspelt_names(store: Store, text: str, name: str) -> None:
    result = ask(store, text)
    assert result.intent == "person", result.text
    assert name in result.headline


def test_person_answer_lists_roles_and_events_chronologically(store: Store) -> None:
    result = ask(store, "Кто такой Си Цзиньпин?")
    person = result.results[0]
    assert person["type"] == "person"
    assert any("председатель" in role["title"].lower() for role in person["roles"])
    starts = [event["start"] for event in person["events"]]
    assert starts == sorted(starts) and len(starts) >= 3
    assert "7 мая 2015" in result.text


@pytest.mark.parametrize("text", ["Павлов", "Иванов", "Путин", "Ли Цян"])
def test_unrelated_names_are_not_matched_to_someone_else(store: Store, text: str) -> None:
    result = ask(store, text)
    assert result.intent != "person", result.text
    assert result.text.startswith("Ничего не найдено")


# -- combinations -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "встреча Ван И с Мурат Нуртлеу",
        "Нуртлеу и Ван И: когда встречались",
        "когда министр Нуртлеу виделся с Wang Yi",
    ],
)
def test_meeting_of_two_people_in_other_words(store: Store, text: str) -> None:
    result = ask(store, text)
    assert "1 декабря 2023" in result.text, result.text
    assert "004" in cited_files(result)


def test_talks_in_a_given_year_need_both_people_and_the_year(store: Store) -> None:
    result = ask(store, "переговоры Токаева и Си Цзиньпина в 2025 году")
    assert "16 июня 2025" in result.text
    assert "2023" not in result.text.split("Источники:")[0]


def test_documents_signed_in_another_year_are_not_offered(store: Store) -> None:
    result = ask(store, "Какие документы подписали Токаев и Си Цзиньпин в 2015 году?")
    assert "Тачэн" not in result.text and "Транскаспийск" not in result.text


def test_a_visit_to_another_city_is_not_the_astana_visit(store: Store) -> None:
    result = ask(store, "визит Си Цзиньпина в Москву 2015")
    facts = result.text.split("Источники:")[0]
    assert "Визит Си Цзиньпина в Астану" not in facts


# -- dates, agreements, events -------------------------------------------------------------------------


def test_a_month_lists_what_happened_in_it_and_not_the_whole_year(store: Store) -> None:
    result = ask(store, "события июня 2025")
    assert "16 июня 2025" in result.text
    assert "Тяньцзин" not in result.text  # announced for "this year": not dated in June


@pytest.mark.parametrize("text", ["events May 2024", "what happened in May 2024?"])
def test_an_english_month_is_that_month_not_the_year(store: Store, text: str) -> None:
    result = ask(store, text, lang="en")
    assert "20–21" in result.text
    assert "3–4" not in result.text  # the July summit is outside May


def test_a_day_inside_a_two_day_event_finds_it(store: Store) -> None:
    result = ask(store, "21 мая 2024")
    assert "20–21 мая 2024" in result.text


def test_year_lists_events_in_date_order(store: Store) -> None:
    result = ask(store, "2015")
    assert result.intent == "date"
    text = result.text
    assert text.index("7 мая 2015") < text.index("9 мая 2015") < text.index("2–3 сентября 2015")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("меморандумы 2023 года", "Меморандум"),
        ("договор о фитосанитарных требованиях к рапсу", "рапс"),
        ("соглашение по Транскаспийскому маршруту", "Транскаспийск"),
    ],
)
def test_agreements_by_type_year_or_subject(store: Store, text: str, expected: str) -> None:
    result = ask(store, text)
    assert expected.lower() in result.text.lower(), result.text
    assert "001" in cited_files(result)


@pytest.mark.parametrize(
    ("text", "kept", "left_out"),
    [
        ("меморандум", "Меморандум о взаимопонимании", "Протокол между"),
        ("Декларация", "Астанинская декларация", "Меморандум"),
        ("какие протоколы подписали в 2023?", "фитосанитарных", "Меморандум"),
    ],
)
def test_a_named_kind_of_document_narrows_the_list(
    store: Store, text: str, kept: str, left_out: str
) -> None:
    result = ask(store, text)
    assert kept in result.text
    assert left_out not in result.text


def test_agreements_in_general_are_not_narrowed(store: Store) -> None:
    result = ask(store, "соглашения 2023 года")
    assert "Соглашение между правительствами" in result.text
    assert "Меморандум о взаимопонимании" in result.text


def test_an_event_by_type_and_place(store: Store) -> None:
    result = ask(store, "парад в Москве")
    assert "9 мая 2015" in result.text


# -- upcoming --------------------------------------------------------------------------------------------


def test_upcoming_as_of_a_date_shows_what_was_announced_then(store: Store) -> None:
    result = ask(store, "какие саммиты скоро?", today=date(2024, 6, 1))
    assert result.intent == "upcoming"
    assert "3–4 июля 2024" in result.text and "ШОС" in result.text


def test_an_event_under_way_is_still_coming_up_and_marked_so(store: Store) -> None:
    result = ask(store, "что предстоит на этой неделе?", today=date(2024, 7, 4))
    assert result.intent == "upcoming"
    assert "3–4 июля 2024" in result.text and "(идёт)" in result.text, result.text


def test_upcoming_ignores_articles_published_later(store: Store) -> None:
    result = ask(store, "что предстоит", today=date(2015, 6, 1))
    assert cited_files(result) == {"000"}, result.text
    assert "2–3 сентября 2015" in result.text


def test_nothing_announced_is_said_plainly(store: Store) -> None:
    result = ask(store, "ближайшие события", today=date(2030, 1, 1))
    assert result.citations == []
    assert "нет" in result.text


# -- full text and nothing found -------------------------------------------------------------------------


def test_full_text_finds_inflected_words_and_quotes_the_sentence(store: Store) -> None:
    result = ask(store, "электромобилей")
    assert result.intent == "fulltext"
    assert "электромобил" in result.text
    assert all(r["text"] for r in result.results if r["type"] == "sentence")


def test_nothing_found_suggests_the_closest_names(store: Store) -> None:
    result = ask(store, "Токаевичев")
    assert result.intent == "none"
    assert result.text.startswith("Ничего не найдено")
    assert "Возможно, вы имели в виду" in result.text
    assert any("Токаев" in s for s in result.suggestions)


def test_suggest_and_find_people_for_the_bot(store: Store) -> None:
    assert any("Токаев" in s for s in suggest(store, "Токаевичев"))
    names = [hit.name for hit in find_people(store, "ван")]
    assert names and names[0] == "Ван И"
    assert find_people(store, "Tokayev")[0].name == "Касым-Жомарт Токаев"


# -- shape of every answer ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["Си Цзиньпин", "2024", "Казахстан Китай сотрудничество", "саммит", "ШОС"]
)
def test_broad_questions_stay_within_telegram_and_citation_limits(store: Store, text: str) -> None:
    result = ask(store, text)
    assert len(result.text) <= 4096
    assert len(result.citations) <= 10
    numbers = {int(n) for n in __import__("re").findall(r"\[(\d+)\]", result.text)}
    assert numbers <= set(range(1, len(result.citations) + 1))
    for page in render_html_pages(result, "ru"):
        assert len(page) <= 4096


def test_english_interface(store: Store) -> None:
    result = ask(store, "Wang Yi", lang="en")
    assert "Sources:" in result.text
    assert "1 December 2023" in result.text


def test_json_shape(store: Store) -> None:
    data = ask(store, "Ван И").to_json()
    assert {"answer", "intent", "citations", "results", "suggestions"} <= set(data)
    assert {"file", "title", "source", "published"} <= set(data["citations"][0])


def test_a_place_alone_lists_what_happened_there(store: Store) -> None:
    result = ask(store, "Чэнду")
    assert result.intent == "event"
    assert "1 декабря 2023" in result.text and "004" in cited_files(result)


def test_an_event_type_excludes_other_types_at_the_same_place(store: Store) -> None:
    result = ask(store, "саммиты в Астане")
    facts = result.text.split("Источники:")[0]
    assert "Саммит ШОС" in facts
    assert "Переговоры" not in facts and "Визит" not in facts


def test_english_question_about_documents(store: Store) -> None:
    result = ask(store, "What agreements were signed in 2023?")
    assert result.intent == "agreement"
    assert "Тачэн" in result.text
    assert "товарооборот" not in result.text


def test_events_at_a_place_in_a_year(store: Store) -> None:
    result = ask(store, "Какие события были в Астане в 2024 году?")
    facts = result.text.split("Источники:")[0]
    assert "Саммит ШОС" in facts
    assert "Чэнду" not in facts and "Тяньцзин" not in facts
    assert "2023" not in facts and "2025" not in facts


def test_a_kind_of_event_alone_lists_the_latest_of_that_kind(store: Store) -> None:
    result = ask(store, "визиты")
    facts = result.text.split("Источники:")[0]
    assert "Визит" in facts and "Переговоры" not in facts and "Саммит" not in facts


def test_whats_new_lists_the_newest_articles(store: Store) -> None:
    result = ask(store, "что нового?", today=date(2024, 1, 1))
    assert [Path(c.file).stem[:3] for c in result.citations][:2] == ["004", "001"]
    assert "Чэнду." not in result.text  # a dateline is not an opening sentence


def test_a_misspelt_topic_word_is_corrected_and_said_so(store: Store) -> None:
    result = ask(store, "товорооборот")
    assert "41 млрд" in result.text or "36,5 млрд" in result.text
    assert "товарооборот" in result.suggestions
    assert "Показано по запросу «товарооборот»" in result.text


def test_a_person_and_a_topic_must_both_match(store: Store) -> None:
    result = ask(store, "Ван И Тайвань")
    assert "Тайван" in result.text
    assert "Пятая встреча" not in result.text  # his other events are not about Taiwan


def test_a_person_with_an_unknown_topic_says_nothing_matched_everything(store: Store) -> None:
    result = ask(store, "Токаев балет")
    assert result.intent == "person"
    assert "Точного совпадения по всем условиям нет" in result.text


@pytest.mark.parametrize("text", ["Ван И досье", "расскажи подробно про Ван И", "Wang Yi profile"])
def test_asking_for_a_profile_in_other_words(store: Store, text: str) -> None:
    result = ask(store, text)
    assert result.intent == "person" and result.headline.startswith("Ван И")
    assert "Точного совпадения" not in result.text


def test_warm_up_then_answers_see_new_articles(bundled_db: Path) -> None:
    from bot.models import ArticleFacts, ArticleMeta, Person
    from bot.search import warm_up

    store = open_store(bundled_db)
    warm_up(store)
    assert ask(store, "Гульнара Тестова").intent == "none"
    person = Person(name="Гульнара Тестова", forms={"Гульнара Тестова"}, sentences=[0])
    facts = ArticleFacts(sentences=["Гульнара Тестова посетила Урумчи."], people=[person])
    meta = ArticleMeta(published=date(2025, 7, 1), title="Новая статья")
    store.save_article("new", "Гульнара Тестова посетила Урумчи.", "h-new", meta, facts)
    result = ask(store, "Тестова")
    assert result.intent == "person" and "Гульнара Тестова" in result.headline
    assert ask(store, "Урумчи").citations[0].title == "Новая статья"
    store.close()


def test_english_question_with_latin_names_and_places(store: Store) -> None:
    result = ask(store, "Xi Jinping visit Astana 2015", lang="en")
    assert "7 May 2015" in result.text and "000" in cited_files(result)
    assert "1 December 2023" in ask(store, "Chengdu", lang="en").text


@pytest.mark.parametrize(
    "text", ["Wang Yi", "Tokayev", "agreements 2023", "Когда Нуртлеу встречался с Ван И?"]
)
def test_an_english_answer_is_english_outside_its_quotations(store: Store, text: str) -> None:
    import re

    result = ask(store, text, lang="en")
    body = result.text.split("Sources:")[0]
    outside = re.sub(r"«[^»]*»", "", body)
    assert not re.findall(r"[А-Яа-яЁё]+", outside), body
    if "Wang" in text:
        assert "Wang Yi" in result.text
    if "Tokayev" in text:
        assert "Kassym-Jomart Tokayev" in result.text


# -- organisations ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["ШОС", "SCO", "Шанхайская организация сотрудничества"])
def test_an_organisation_profile_includes_what_names_it_in_full(store: Store, text: str) -> None:
    """The 2024 council of foreign ministers is written out in full («Шанхайской организации
    сотрудничества»), never as «ШОС»: the profile still holds it, in date order."""
    result = ask(store, text)
    assert result.intent == "org" and result.headline == "ШОС"
    lines = [line.text for section in result.sections for line in section.lines]
    assert any("Шанхайской организации сотрудничества" in line for line in lines)
    assert any("Саммит ШОС в Тяньцзине" in line for line in lines)
    starts = [r["start"] for r in result.results if r.get("start")]
    assert starts == sorted(starts)


def test_when_two_people_met_gives_every_time_and_only_theirs(store: Store) -> None:
    """The example button of /start: the talks, the Moscow parade two days later and the
    September visit, not a meeting of one of them with someone else."""
    result = ask(store, "Когда встречались Си Цзиньпин и Нурсултан Назарбаев?")
    assert result.headline == "7 мая 2015; 9 мая 2015; 2–3 сентября 2015"
    facts = [r for r in result.results if r.get("type") == "event"]
    assert facts and all(
        {"Си Цзиньпин", "Нурсултан Назарбаев"} <= set(r["participants"].split(", ")) for r in facts
    )
    other = ask(store, "Когда встречались Си Цзиньпин и Касым-Жомарт Токаев?")
    assert not [r for r in other.results if "Ван И" in (r.get("participants") or "")]


def test_mentioned_with_puts_the_closest_people_first(store: Store) -> None:
    """Those who took part in events with the person come before those merely in the same
    articles (alphabetical order hid Nazarbayev behind four ministers)."""
    result = ask(store, "Си Цзиньпин")
    related = result.results[0]["related"]
    assert related[:2] == ["Касым-Жомарт Токаев", "Нурсултан Назарбаев"]


def test_a_short_word_is_itself_or_its_adjective_not_a_longer_word(store: Store) -> None:
    """«ЭКСПО» is not «экспорт» (the rapeseed protocol), «газ» not «газета»; «Китай» still
    finds «китайский»."""
    from bot.search import fts

    assert not fts.stems_pattern(("экспо",)).search("экспорт рапс")
    assert not fts.stems_pattern(("газ",)).search("газета")
    assert fts.stems_pattern(("китай",)).search("китайский сторона")
    result = ask(store, "сколько документов подписали на ЭКСПО")
    assert "ЭКСПО" in (result.note or "")  # said plainly: no article has the word


def test_how_many_documents_counts_those_listed_without_a_number(store: Store) -> None:
    result = ask(store, "сколько документов подписали Токаев и Си в 2023?")
    assert result.headline == "4 документа — 17 октября 2023"


def test_the_first_of_a_series_is_not_the_current_one(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    ingest_text(
        store,
        "Министры иностранных дел Китая и стран Центральной Азии провели первую встречу "
        "16 июля 2020 года в режиме видеосвязи. Вторая встреча прошла 12 мая 2021 года в Сиане.",
        ArticleMeta(published=date(2021, 5, 20)),
    )
    ingest_text(
        store,
        "Нынешняя встреча министров иностранных дел Китая и стран Центральной Азии прошла "
        "26 апреля 2023 года в Сиане.",
        ArticleMeta(published=date(2023, 4, 27)),
    )
    result = ask(store, "когда прошла первая встреча глав МИД Китая и стран Центральной Азии?")
    assert result.headline.startswith("16 июля 2020"), result.text
    result = ask(store, "когда была вторая встреча министров Китай — Центральная Азия?")
    assert result.headline.startswith("12 мая 2021"), result.text


def test_documents_signed_at_an_event_belong_to_its_place_and_name(tmp_path: Path) -> None:
    """The package's own sentence names neither the summit nor the city: the event of its
    article on the same day does."""
    store = open_store(tmp_path / "kb.db")
    ingest_text(
        store,
        "Саммит ОДКБ прошёл 14 октября 2019 года в Бишкеке.\n\n"
        "Всего по итогам заседания 14 октября было подписано 18 документов.\n\n"
        "В Минске 30 ноября 2017 года было подписано 6 документов о торговле.",
        ArticleMeta(published=date(2019, 10, 15)),
    )
    result = ask(store, "Сколько документов подписали на саммите в Бишкеке?")
    assert "18" in result.headline, result.text


def test_a_latin_name_in_a_transliterated_question_stays_a_name(store: Store) -> None:
    # the question reads as Russian in Latin letters, but "Zhang Ming" is a known name, not
    # "Жанг Минг"
    result = ask(store, "Zhang Ming kto takoy")
    assert result.intent == "person" and "Чжан Мин" in result.headline, result.text


def test_a_list_shows_each_fact_with_the_start_of_its_sentence(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    for day, detail in ((3, "на церемонии открытия терминала"), (20, "в технопарке Сучжоу")):
        ingest_text(
            store,
            f"Бектенов в Шанхае\n\nШанхай, {day} марта. Премьер-министр Казахстана Олжас "
            f"Бектенов {day} марта "
            f"встретился с мэром города Гун Чжэном {detail}.",
            ArticleMeta(published=date(2025, 3, day)),
        )
    result = ask(store, "встречи Бектенова в марте 2025")
    assert "терминала" in result.text and "Сучжоу" in result.text, result.text


def test_what_two_people_discussed_is_the_sentence_that_says_it(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    ingest_text(
        store,
        "Пекин, 28 октября. Министр иностранных дел Казахстана Ермек Кошербаев провёл переговоры "
        "с министром иностранных дел КНР Ван И. Встреча прошла в здании МИД. Собеседники "
        "обстоятельно обсудили широкий круг вопросов. Особое внимание уделено проектам в "
        "энергетической и транспортно-логистической сферах.",
        ArticleMeta(published=date(2025, 10, 28)),
    )
    result = ask(store, "о чем говорили Кошербаев с Ван И?")
    assert "энергетической" in result.text, result.text


def test_what_a_meeting_agreed_is_found_a_few_paragraphs_on(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    ingest_text(
        store,
        "Астана, 12 марта. Министр энергетики Казахстана Ерлан Аккенженов принял заместителя "
        "председателя CNPC Хуан Юнчжана. Приветствуя гостя, министр отметил давние связи. "
        "По его словам, отношения вышли на новый уровень. Он напомнил о прошлогодних "
        "поставках. Гость поблагодарил за приём. Он также отметил подготовку форума. "
        "Собеседники высказались за расширение поставок газа и строительство "
        "газохимического комплекса.",
        ArticleMeta(published=date(2026, 3, 12)),
    )
    result = ask(store, "Аккенженов и Хуан Юнчжан: о чем договорились?")
    assert "газохимического" in result.text, result.text


def test_a_document_dated_by_the_next_sentence_shows_that_sentence(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    ingest_text(
        store,
        "Астана, 18 апреля. Стороны подчеркнули значение Плана сотрудничества по сопряжению "
        "новой экономической политики «Нұрлы жол» и Экономического пояса Шелкового пути. "
        "Документ подписали главы двух государств в сентябре 2016 года в Ханчжоу.",
        ArticleMeta(published=date(2017, 4, 18)),
    )
    # typed in Russian letters, found in the Kazakh spelling; the date and place shown
    result = ask(store, "план сопряжения Нурлы жол: когда и где подписан?")
    assert "сентябр" in result.text and "Ханчжоу" in result.text, result.text


def test_a_profile_keeps_each_article_s_wording_of_a_role(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    ingest_text(
        store,
        "9 сентября президент назначил премьер-министром Бакытжана Сагинтаева. Прежний глава "
        "правительства перешёл на другую работу.",
        ArticleMeta(published=date(2016, 9, 10), title="Новый премьер"),
    )
    ingest_text(
        store,
        "Премьер-Министр Республики Казахстан Бакытжан Сагинтаев принял китайскую делегацию. "
        "Стороны обсудили торговлю.",
        ArticleMeta(published=date(2017, 4, 18), title="Сагинтаев принял делегацию"),
    )
    result = ask(store, "Сагинтаев")
    roles = result.text.split("Должности")[1].split("\n\n")[0]
    assert "на 10 сентября 2016" in roles and "на 18 апреля 2017" in roles, roles


def test_a_topic_answer_shows_what_its_sentence_goes_on_to_say(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    ingest_text(
        store,
        "У казахстанских болельщиков к этим Играм особое отношение: право принять Олимпиаду "
        "Пекин выиграл в споре с Алматы. На сессии МОК в Куала-Лумпуре за китайскую столицу "
        "проголосовали 44 члена комитета, за Алматы — 40. Разрыв оказался минимальным.",
        ArticleMeta(published=date(2022, 1, 31)),
    )
    result = ask(store, "олимпиада Алматы спор с Пекином")
    assert "44" in result.text and "40" in result.text, result.text


def test_a_compound_word_is_searched_by_its_parts() -> None:
    from bot.search.lexicon import compound_terms

    assert compound_terms("автозавод") == ("завод", "автомобильный")
    assert compound_terms("агрокомплекс")[0] == "комплекс"
    assert compound_terms("автор") == ()


def test_where_someone_goes_after_a_stop_is_the_next_stop(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    ingest_text(
        store,
        "Пекин, 2 марта /Синьхуа/ -- Премьер Госсовета КНР Ли Цян с 10 по 14 марта совершит "
        "зарубежное турне. В казахстанской столице он будет находиться 10–11 марта по "
        "приглашению премьер-министра Олжаса Бектенова. Из Астаны Ли Цян вылетит в Ташкент. "
        "С 12 по 14 марта он будет находиться в Узбекистане.",
        ArticleMeta(published=date(2026, 3, 2)),
    )
    result = ask(store, "куда поедет Ли Цян после Астаны?", today=date(2026, 3, 3))
    assert result.headline.startswith(("Узбекистан", "Ташкент")), result.text


def test_a_misspelt_full_name_is_not_taken_for_a_namesake_surname(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    ingest_text(
        store,
        "Министр иностранных дел КНР Ван И провел переговоры в Астане. Отдельно гостей принял "
        "заместитель министра коммерции КНР Ван Цзяньцзюнь.",
        ArticleMeta(published=date(2024, 5, 20)),
    )
    result = ask(store, "кто такой Ван Цзянцзюнь")
    assert result.headline.startswith("Ван Цзяньцзюнь"), result.text


def test_a_profile_tells_the_life_the_articles_give(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    ingest_text(
        store,
        "Новый посол Китая в Казахстане Ли Минь вручил верительные грамоты.\n\n"
        "Ли Минь родился в 1970 году в Харбине. В 1993 году окончил Пекинский университет и "
        "поступил на службу в МИД КНР. С 2015 года работал советником посольства в Москве.",
        ArticleMeta(published=date(2025, 2, 10)),
    )
    result = ask(store, "расскажи про Ли Миня")
    assert "1970" in result.text and "советником" in result.text, result.text


def test_what_a_document_provides_is_told_from_the_document(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    ingest_text(
        store,
        "Визовая тема закрыта: министры Казахстана и Монголии обсудили безвизовый режим, "
        "договорились о новых рейсах и туризме, рассмотрели вопросы торговли, энергетики, "
        "транспорта и гуманитарных связей, а также обменялись мнениями о региональной повестке.",
        ArticleMeta(published=date(2024, 3, 1)),
    )
    ingest_text(
        store,
        "Казахстан и Монголия подписали соглашение о взаимном освобождении от визовых требований. "
        "Документ позволяет гражданам находиться в другой стране без визы до 21 дня.",
        ArticleMeta(published=date(2024, 6, 1)),
    )
    for question in (
        "Что предусматривает соглашение о безвизовом режиме с Монголией?",
        "What does the visa-free agreement with Mongolia provide?",
    ):
        result = ask(store, question)
        assert "21 дня" in result.text, (question, result.text)


def test_a_question_in_the_future_prefers_what_is_still_ahead(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    ingest_text(
        store,
        "Премьер-министр Казахстана посетит Китай 5 марта 2022 года и встретится с Ли Кэцяном "
        "в Пекине для обсуждения торговли.",
        ArticleMeta(published=date(2022, 2, 20)),
    )
    ingest_text(
        store,
        "Премьер-министр Казахстана посетит Китай 10 декабря 2025 года и встретится с Ли Цяном "
        "в Пекине для обсуждения транзита.",
        ArticleMeta(published=date(2025, 12, 1)),
    )
    result = ask(store, "когда премьер-министр Казахстана посетит Китай?", today=date(2025, 12, 2))
    assert result.headline.startswith("10 декабря 2025"), result.text


def test_who_and_in_what_role_names_each_person_with_the_role_their_article_gives(
    tmp_path: Path,
) -> None:
    store = one_article_store(
        tmp_path,
        "В Павлодаре открылся завод по выпуску электробусов.\n\n"
        "В церемонии открытия 12 марта 2025 года приняли участие аким области Асаин Байханов "
        "и посол КНР Чжан Сяо.",
        date(2025, 3, 12),
    )
    result = ask(store, "кто открывал завод электробусов в Павлодаре и в какой должности?")
    assert "Асаин Байханов (аким области)" in result.headline, result.text
    assert "Чжан Сяо (посол КНР)" in result.headline, result.text
    plain = ask(store, "кто открывал завод электробусов в Павлодаре?")
    assert "(" not in plain.headline.split("—")[0], plain.text


def test_since_when_a_treaty_is_in_force_is_answered_by_its_in_force_day(tmp_path: Path) -> None:
    store = one_article_store(
        tmp_path,
        "Договор между Казахстаном и Китаем о взаимной правовой помощи по уголовным делам "
        "подписан 5 мая 2019 года.\n\n"
        "Протокол об обмене грамотами подписали 2 марта 2021 года, а 1 апреля договор вступил "
        "в силу.",
        date(2021, 5, 1),
    )
    result = ask(store, "с какого числа действует договор о правовой помощи с Китаем?")
    assert result.headline.startswith("1 апреля 2021"), result.text
    assert "вступил в силу" in result.text
    signed = ask(store, "когда подписали договор о правовой помощи с Китаем?")
    assert signed.headline.startswith("5 мая 2019"), signed.text
