"""Events from phrasings the bundled articles do not use: other people, places, years, tenses."""

from __future__ import annotations

from datetime import date

import pytest

from bot.extraction import extract_facts
from bot.extraction.phrases import ordinal
from bot.models import Event


def events_of(text: str, published: str) -> list[Event]:
    return extract_facts(text, date.fromisoformat(published)).events


def only(events: list[Event], kind: str) -> Event:
    matching = [e for e in events if e.type == kind]
    assert len(matching) == 1, [(e.type, e.title) for e in events]
    return matching[0]


def iso(event: Event) -> tuple[str, str] | None:
    return (event.when.start.isoformat(), event.when.end.isoformat()) if event.when else None


def test_announced_state_visit_with_date_range_and_destination() -> None:
    events = events_of(
        "Президент Казахстана Касым-Жомарт Токаев посетит Китай с государственным визитом "
        "2-3 сентября.",
        "2025-08-20",
    )
    visit = only(events, "visit")
    assert visit.status == "upcoming"
    assert iso(visit) == ("2025-09-02", "2025-09-03")
    assert visit.place == "Китай"
    assert visit.participants[0] == "Касым-Жомарт Токаев"
    assert visit.title == "Визит Касым-Жомарта Токаева в Китай"


def test_arrival_with_a_visit_is_past_and_dated_by_its_sentence() -> None:
    events = events_of(
        "14 сентября Си Цзиньпин прибыл в Нур-Султан с государственным визитом.", "2022-09-15"
    )
    visit = only(events, "visit")
    assert (visit.status, iso(visit), visit.place) == (
        "past",
        ("2022-09-14", "2022-09-14"),
        "Нур-Султан",
    )
    assert visit.participants == ["Си Цзиньпин"]


def test_visitor_named_in_the_genitive_after_the_word_visit() -> None:
    text = (
        "Официальный визит Касым-Жомарта Токаева в Китай по приглашению Си Цзиньпина "
        "завершился вчера."
    )
    visit = only(events_of(text, "2023-10-18"), "visit")
    assert visit.title == "Визит Касым-Жомарта Токаева в Китай"
    assert visit.participants[0] == "Касым-Жомарт Токаев"
    assert (visit.status, iso(visit)) == ("past", ("2023-10-17", "2023-10-17"))


def test_unnamed_head_of_state_in_talks_is_the_story_protagonist() -> None:
    text = (
        "Президент Казахстана Касым-Жомарт Токаев посетит Китай с официальным визитом "
        "16-17 октября. В ходе визита глава государства проведет переговоры с Председателем КНР "
        "Си Цзиньпином."
    )
    talks = only(events_of(text, "2023-10-10"), "talks")
    assert talks.participants == ["Касым-Жомарт Токаев", "Си Цзиньпин"]
    assert talks.title == "Переговоры Касым-Жомарта Токаева и Си Цзиньпина"
    assert (talks.status, iso(talks)) == ("upcoming", ("2023-10-16", "2023-10-17"))


def test_talks_mentioned_three_times_are_one_event() -> None:
    text = (
        "Астана, 3 марта. Касым-Жомарт Токаев провел переговоры с Ли Цяном.\n"
        "В ходе переговоров стороны обсудили торговлю.\n"
        "По завершении переговоров стороны сделали заявления для прессы."
    )
    talks = only(events_of(text, "2024-03-03"), "talks")
    assert iso(talks) == ("2024-03-03", "2024-03-03")
    assert talks.place == "Астана"  # the dateline
    assert set(talks.participants) >= {"Касым-Жомарт Токаев", "Ли Цян"}


def test_phone_call_and_its_follow_up_meeting_next_year() -> None:
    text = (
        "Премьер-министр Казахстана Олжас Бектенов провел телефонный разговор с "
        "премьер-министром Китая Ли Цяном. По итогам переговоров стороны договорились провести "
        "следующее заседание межправительственного комитета в Пекине в октябре."
    )
    events = events_of(text, "2024-03-12")
    call = only(events, "call")
    assert call.status == "past" and call.place is None
    assert "Ли Цян" in call.participants
    council = only(events, "council")
    assert council.status == "upcoming"
    assert council.place == "Пекин"
    # "в октябре", said in March of an announced session, is this year's October
    assert iso(council) == ("2024-10-01", "2024-10-31")


def test_mixed_sentence_keeps_past_meetings_and_upcoming_summit_apart() -> None:
    text = (
        "Министры провели 20–21 мая серию встреч с Ван И. Встречи проводились в преддверии "
        "саммита ШОС, который состоится 3–4 июля."
    )
    events = events_of(text, "2024-05-22")
    summit = only(events, "summit")
    assert summit.status == "upcoming" and iso(summit) == ("2024-07-03", "2024-07-04")
    assert "ШОС" in summit.title
    meeting = only(events, "meeting")
    assert meeting.status == "past" and iso(meeting) == ("2024-05-20", "2024-05-21")


@pytest.mark.parametrize(
    ("text", "published", "kind", "status"),
    [
        ("В ноябре 2024 года в Шанхае пройдет Международный импортный форум.", "2024-09-01",
         "forum", "upcoming"),
        ("Вчера в Пекине завершился форум «Один пояс, один путь».", "2024-05-15", "forum", "past"),
        ("18 мая 2023 года в Сиане состоялся первый саммит «Центральная Азия — Китай».",
         "2023-05-20", "summit", "past"),
        ("Лидеры примут участие в предстоящем саммите ШОС в Тяньцзине.", "2025-06-17", "summit",
         "upcoming"),
    ],
)  # fmt: skip
def test_status_follows_tense_and_announcing_words(text, published, kind, status) -> None:
    assert only(events_of(text, published), kind).status == status


def test_forum_place_and_title_come_from_its_own_phrase() -> None:
    forum = only(
        events_of("Вчера в Пекине завершился форум «Один пояс, один путь».", "2024-05-15"), "forum"
    )
    assert forum.place == "Пекин"
    assert forum.title == "Форум «Один пояс, один путь»"
    assert iso(forum) == ("2024-05-14", "2024-05-14")


def test_generic_plurals_and_quoted_asides_are_not_events() -> None:
    text = (
        "За год прошло более 100 мероприятий, включая цифровой и энергетический форумы ШОС.\n"
        'Он сказал: "Вы мне позвонили и поздравили".'
    )
    assert events_of(text, "2024-05-22") == []


def test_an_undated_background_event_deep_in_an_article_gets_no_invented_date() -> None:
    lines = ["Казахстан и Китай развивают торговлю."] * 8
    lines.append("Стороны вспомнили о переговорах в Урумчи.")
    events = events_of("\n".join(lines), "2024-05-22")
    talks = only(events, "talks")
    assert talks.when is None


def test_the_inviter_is_not_the_visitor_and_a_headline_invitation_joins_the_dated_visit() -> None:
    text = (
        "Мирзиёев пригласил его с визитом в Узбекистан\n"
        "Президент Узбекистана Шавкат Мирзиёев провел в Ташкенте переговоры с президентом "
        "Кыргызстана Садыром Жапаровым.\n"
        "Шавкат Мирзиёев пригласил Садыра Жапарова посетить Узбекистан с государственным "
        "визитом в следующем году."
    )
    events = extract_facts(text, date(2025, 3, 12)).events
    visits = [e for e in events if e.type == "visit"]
    assert len(visits) == 1
    (visit,) = visits
    assert visit.participants == ["Садыр Жапаров"]
    assert visit.title == "Визит Садыра Жапарова в Узбекистан"
    assert visit.status == "upcoming"
    assert visit.when is not None and visit.when.start == date(2026, 1, 1)


def test_next_session_of_a_commission_is_upcoming_next_october_with_its_full_name() -> None:
    text = (
        "В Пекине состоялось 9-е заседание Российско-китайской комиссии по гуманитарному "
        "сотрудничеству.\n"
        "Заседание провели вице-премьер России Татьяна Голикова и вице-премьер Госсовета КНР "
        "Шэнь Ицинь.\n"
        "Стороны договорились провести следующее заседание в октябре в Москве."
    )
    councils = [e for e in events_of(text, "2025-11-20") if e.type == "council"]
    past = [e for e in councils if e.status == "past"]
    upcoming = [e for e in councils if e.status == "upcoming"]
    assert len(past) == 1 and len(upcoming) == 1
    assert "по гуманитарному сотрудничеству" in past[0].title
    assert past[0].place == "Пекин"
    assert upcoming[0].title.startswith("Следующее заседание Российско-китайской комиссии")
    assert iso(upcoming[0]) == ("2026-10-01", "2026-10-31")
    assert upcoming[0].place == "Москва"


def test_a_bare_session_word_without_a_council_is_not_an_event() -> None:
    text = "Депутаты обсудили законопроект на заседании в среду."
    assert [e for e in events_of(text, "2025-11-20") if e.type == "council"] == []


def test_postponed_visit_is_still_ahead_without_its_old_date_and_a_cancelled_one_is_gone() -> None:
    text = (
        "Визит президента Узбекистана Шавката Мирзиёева в Китай, запланированный на ноябрь, "
        "перенесен.\n"
        "Запланированная на декабрь встреча министров иностранных дел Казахстана и Японии "
        "отменена."
    )
    events = events_of(text, "2025-11-02")
    (visit,) = events
    assert visit.type == "visit" and visit.participants == ["Шавкат Мирзиёев"]
    assert visit.status == "upcoming"
    assert visit.when is None


def test_postponed_event_takes_its_new_date() -> None:
    text = "Заседание Межправительственного совета глав правительств перенесено на март."
    (council,) = events_of(text, "2025-11-02")
    assert council.status == "upcoming"
    assert iso(council) == ("2026-03-01", "2026-03-31")


def test_an_agreement_to_abolish_visas_does_not_cancel_a_visit() -> None:
    text = (
        "В ходе визита в Пекин 12 мая премьер-министр Казахстана Олжас Бектенов подписал "
        "соглашение об отмене визового режима."
    )
    events = events_of(text, "2025-05-14")
    assert [e.type for e in events] == ["visit"]


def test_a_meeting_within_a_forum_happens_where_the_forum_is() -> None:
    text = (
        "Премьер-министр Кыргызстана Адылбек Касымалиев принял участие в Восточном "
        "экономическом форуме во Владивостоке.\n"
        "В рамках форума состоялась встреча Адылбека Касымалиева с председателем правительства "
        "России Михаилом Мишустиным."
    )
    meeting = only(events_of(text, "2025-09-05"), "meeting")
    assert meeting.place == "Владивосток"
    assert meeting.participants == ["Адылбек Касымалиев", "Михаил Мишустин"]


def test_he_who_met_is_the_subject_of_the_sentence_before() -> None:
    text = (
        "Товарооборот двух стран вырастет, сообщил министр экономики Таджикистана Завки "
        "Завкизода.\n"
        "Он встретился в Душанбе с послом КНР Ли Минганом."
    )
    meeting = only(events_of(text, "2025-05-20"), "meeting")
    assert meeting.participants[0] == "Завки Завкизода"
    assert meeting.place == "Душанбе"


def test_a_summit_one_travels_to_is_held_there() -> None:
    text = (
        "Президент Казахстана Касым-Жомарт Токаев отправился в Бишкек для участия в саммите ОДКБ."
    )
    summit = only(events_of(text, "2024-11-27"), "summit")
    assert summit.place == "Бишкек"


def test_in_the_course_of_the_visit_refers_to_the_visit_already_reported() -> None:
    text = (
        "Председатель Сената Маулен Ашимбаев находится в Японии с официальным визитом.\n"
        "12 марта он провел встречу с премьер-министром Японии Сигэру Исибой в Токио.\n"
        "В ходе визита планируется подписать меморандум о межпарламентском сотрудничестве."
    )
    events = events_of(text, "2025-03-13")
    visit = only(events, "visit")
    assert visit.participants[0] == "Маулен Ашимбаев"
    meeting = only(events, "meeting")
    assert meeting.participants[0] == "Маулен Ашимбаев" and len(meeting.participants) == 2


def test_titles_decline_a_mans_unfamiliar_first_name_with_his_surname() -> None:
    text = (
        "Председатель Сената Маулен Ашимбаев 5 мая 2025 года прибыл с официальным визитом "
        "в Пекин. Асель Жанасова посетит Урумчи в следующем месяце."
    )
    titles = {event.title for event in extract_facts(text, date(2025, 5, 5)).events}
    assert "Визит Маулена Ашимбаева в Пекин" in titles
    assert "Визит Асель Жанасовой в Урумчи" in titles


def test_what_happened_next_does_not_take_the_earlier_day() -> None:
    events = events_of(
        "14 сентября Председатель КНР Си Цзиньпин прибыл в Астану с государственным визитом.\n"
        "В Акорде состоялись переговоры Касым-Жомарта Токаева и Си Цзиньпина.\n"
        "Затем Си Цзиньпин отправился в Самарканд для участия в саммите ШОС.",
        "2022-09-16",
    )
    assert iso(only(events, "talks")) == ("2022-09-14", "2022-09-14")
    summit = only(events, "summit")
    assert summit.place == "Самарканд"
    assert summit.when is None or summit.when.start > date(2022, 9, 14)


@pytest.mark.parametrize(
    "text",
    [
        "Как сообщил пресс-секретарь Президента Руслан Желдибай, на следующей неделе министр "
        "иностранных дел Казахстана Ермек Кошербаев посетит Пекин.",
        "На следующей неделе министр иностранных дел Казахстана Ермек Кошербаев посетит Пекин, "
        "сообщил пресс-секретарь Президента Руслан Желдибай.",
    ],
)
def test_the_spokesman_who_announces_a_visit_is_not_the_visitor(text: str) -> None:
    visit = only(events_of(text, "2025-03-03"), "visit")
    assert visit.participants == ["Ермек Кошербаев"]
    assert visit.place == "Пекин"
    assert visit.status == "upcoming"


def test_a_visit_being_prepared_is_ahead_and_belongs_to_the_one_named_after_it() -> None:
    visit = only(
        events_of(
            "Министр иностранных дел Казахстана Мухтар Тлеуберди и посол КНР Чжан Сяо обсудили "
            "подготовку визита Председателя КНР Си Цзиньпина в Казахстан.",
            "2022-08-10",
        ),
        "visit",
    )
    assert visit.status == "upcoming"
    assert visit.participants[0] == "Си Цзиньпин"
    assert visit.title == "Визит Си Цзиньпина в Казахстан"


@pytest.mark.parametrize(
    ("text", "kind", "title", "people"),
    [
        ("Председатель КНР Си Цзиньпин вручил Нурсултану Назарбаеву орден Дружбы.", "award",
         "Вручение ордена Дружбы", ["Си Цзиньпин", "Нурсултан Назарбаев"]),
        ("Аким области Нурлан Уранхаев открыл новый терминал на станции Бахты.", "ceremony",
         "Открытие терминала", ["Нурлан Уранхаев"]),
        ("Посол КНР Чжан Сяо был принят Президентом Касым-Жомартом Токаевым.", "meeting",
         None, ["Чжан Сяо", "Касым-Жомарт Токаев"]),
    ],
)  # fmt: skip
def test_awards_openings_and_receptions_are_events(
    text: str, kind: str, title: str | None, people: list[str]
) -> None:
    event = only(events_of(text, "2024-05-05"), kind)
    assert event.participants == people
    if title:
        assert event.title == title


@pytest.mark.parametrize(
    "text", ["Стороны приняли декларацию о сотрудничестве.", "Министр принял участие в форуме."]
)
def test_adopting_a_document_or_taking_part_is_no_reception(text: str) -> None:
    assert not [e for e in events_of(text, "2024-05-05") if e.type == "meeting"]


@pytest.mark.parametrize(
    ("text", "published", "days"),
    [
        ("Трёхдневный государственный визит Си Цзиньпина в Казахстан завершился в пятницу, "
         "12 мая.", "2023-05-13", ("2023-05-10", "2023-05-12")),
        ("Председатель КНР Си Цзиньпин прибыл в Астану во вторник с двухдневным "
         "государственным визитом.", "2024-07-03", ("2024-07-02", "2024-07-03")),
    ],
)  # fmt: skip
def test_a_visits_days_follow_from_its_length_and_one_known_day(
    text: str, published: str, days: tuple[str, str]
) -> None:
    visit = only(events_of(text, published), "visit")
    assert (visit.when.start.isoformat(), visit.when.end.isoformat()) == days


def test_the_first_and_the_second_of_a_series_are_two_events() -> None:
    events = events_of(
        "В Душанбе завершился первый саммит «Центральная Азия – Россия». 14–15 октября там "
        "собрались главы шести государств. Президент Кыргызстана Садыр Жапаров заявил о "
        "готовности Бишкека принять второй саммит.",
        "2022-10-15",
    )
    summits = [e for e in events if e.type == "summit"]
    assert len(summits) == 2, [(e.title, iso(e)) for e in summits]
    first = next(e for e in summits if "ерв" in e.title)
    assert iso(first) == ("2022-10-14", "2022-10-15")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("В китайском Сиане прошел саммит глав государств 18 мая.", "Сиань"),
        ("В соседнем северном Урумчи 3 марта прошел форум приграничной торговли.", "Урумчи"),
    ],
)
def test_a_place_after_adjectives_is_where_it_happened(text: str, place: str) -> None:
    event = events_of(text, "2023-05-20")[0]
    assert event.place == place, event


def test_a_story_told_day_by_day_dates_its_events_and_one_body_is_one_summit() -> None:
    events = events_of(
        "Что оставил Бишкеку саммит ШОС\n\n"
        "В столице Кыргызстана прошло заседание Совета глав государств Шанхайской организации "
        "сотрудничества.\n\n"
        "Главное случилось в пятницу, 14 июня. Сначала лидеры говорили в узком составе. "
        "Затем к ним присоединились делегации. На саммите выступил президент России Владимир "
        "Путин.",
        "2019-06-18",
    )
    summits = [e for e in events if e.type in ("summit", "council")]
    assert len(summits) == 1, [(e.title, iso(e)) for e in summits]
    assert iso(summits[0]) == ("2019-06-14", "2019-06-14")
    assert "ШОС" in summits[0].title


def test_two_leaders_are_the_people_just_named() -> None:
    events = events_of(
        "Нурсултан Назарбаев приехал в Ханчжоу по приглашению Си Цзиньпина. 2 сентября два "
        "лидера провели переговоры.",
        "2016-09-05",
    )
    talks = only(events, "talks")
    assert set(talks.participants) >= {"Нурсултан Назарбаев", "Си Цзиньпин"}


def test_leaders_who_met_at_a_summit_are_its_participants() -> None:
    events = events_of(
        "В Сиане завершился первый саммит «Центральная Азия – Китай». 18–19 мая там собрались "
        "председатель КНР Си Цзиньпин, президент Казахстана Касым-Жомарт Токаев и президент "
        "Кыргызстана Садыр Жапаров. Руководители государств встретились лично впервые.",
        "2023-05-19",
    )
    summit = only(events, "summit")
    assert {"Си Цзиньпин", "Касым-Жомарт Токаев", "Садыр Жапаров"} <= set(summit.participants)
    assert not [e for e in events if e.type == "meeting"]


def test_a_date_belongs_to_the_event_of_its_clause() -> None:
    text = (
        "2026 год объявлен Годом культуры, а в 2027 году Астана примет третий саммит "
        "«Центральная Азия – Китай»."
    )
    summit = only(events_of(text, "2026-03-10"), "summit")
    assert iso(summit) == ("2027-01-01", "2027-12-31")


def test_a_date_after_the_event_word_in_its_clause_beats_a_nearer_one_before_it() -> None:
    text = "Выставка продлится с 10 по 30 мая, церемония открытия назначена на 10 мая."
    ceremony = only(events_of(text, "2026-05-01"), "ceremony")
    assert iso(ceremony) == ("2026-05-10", "2026-05-10")


def test_the_day_a_visit_was_announced_is_not_a_day_of_the_visit() -> None:
    text = (
        "Премьер-министр Олжас Бектенов 12–13 июня посетит Китай с официальным визитом. "
        "Об этом в понедельник сообщила пресс-служба правительства. "
        "В ходе визита запланированы переговоры с премьером Госсовета КНР Ли Цяном."
    )
    events = events_of(text, "2026-06-09")  # a Tuesday: "в понедельник" is 8 June
    talks = only(events, "talks")
    assert iso(talks) == ("2026-06-12", "2026-06-13")


def test_the_day_a_spokesman_told_of_talks_in_the_same_sentence_is_not_their_day() -> None:
    text = (
        "Визит министра продлится с 14 по 16 октября. Как сообщил 10 октября на брифинге "
        "официальный представитель МИД Айбек Смадияров, программа предусматривает "
        "переговоры с министром иностранных дел КНР Ван И."
    )
    talks = only(events_of(text, "2025-10-11"), "talks")
    assert talks.when is None or iso(talks) != ("2025-10-10", "2025-10-10")
    assert talks.status == "upcoming"


def test_the_guests_an_announced_meeting_expects_take_part_in_it() -> None:
    text = (
        "Встреча глав МИД государств СНГ состоится в Минске 12 октября. "
        "Ожидаются министры иностранных дел, в том числе глава МИД России Сергей Лавров. "
        "Министр иностранных дел Монголии Батмунх Батцэцэг приглашен в качестве гостя."
    )
    (meeting,) = events_of(text, "2026-10-05")
    assert {"Сергей Лавров", "Батмунх Батцэцэг"} <= set(meeting.participants), meeting


def test_people_expected_somewhere_are_no_guests_of_a_past_event() -> None:
    text = (
        "Переговоры министров прошли в Минске 2 октября. "
        "В ноябре в Минске ожидается министр иностранных дел России Сергей Лавров."
    )
    talks = only(events_of(text, "2026-10-05"), "talks")
    assert "Сергей Лавров" not in talks.participants


def test_a_known_body_named_in_full_is_titled_by_its_abbreviation_and_is_no_venue() -> None:
    text = (
        "20–21 мая в Шанхае пройдет IV саммит Совещания по взаимодействию и мерам доверия в Азии."
    )
    summit = only(events_of(text, "2014-05-12"), "summit")
    assert summit.title == "IV саммит СВМДА"
    assert summit.place == "Шанхай"


def test_the_number_of_a_session_the_text_gives_is_in_its_title() -> None:
    text = (
        "Аскар Мамин и Чжан Гаоли провели 8-е заседание Казахстанско-китайского комитета "
        "по сотрудничеству."
    )
    (session,) = events_of(text, "2017-04-18")
    assert session.title.startswith("8-е заседание Казахстанско-китайского комитета")


@pytest.mark.parametrize(
    ("name", "genitive"),
    [
        ("Дун Цзюнь", "Дун Цзюня"),
        ("Чжан Гаоли", "Чжан Гаоли"),
        ("Ли Цян", "Ли Цяна"),
        ("Ван И", "Ван И"),
    ],
)
def test_a_chinese_name_declines_its_given_name_only(name: str, genitive: str) -> None:
    text = f"Президент Казахстана Касым-Жомарт Токаев встретился с министром КНР {name}."
    meeting = only(events_of(text, "2024-04-25"), "meeting")
    assert meeting.title == f"Встреча Касым-Жомарта Токаева и {genitive}", meeting.title


def test_a_press_release_dated_day_and_city_places_its_news_in_the_city() -> None:
    text = (
        "Пресс-служба Премьер-Министра\n14 декабря 2015 года, Пекин\n\n"
        "Премьер-Министр Казахстана Карим Масимов, находящийся с рабочим визитом в Китайской "
        "Народной Республике, провел в понедельник переговоры с Премьером Госсовета КНР Ли Кэцяном."
    )
    talks = only(events_of(text, "2015-12-14"), "talks")
    assert talks.place == "Пекин"


def test_a_summit_placed_nowhere_is_where_the_leaders_came_in_its_days() -> None:
    text = (
        "Президент России Владимир Путин прилетел в Душанбе 15 сентября. "
        "Главное случилось в пятницу, 16 сентября: на саммите ШОС лидеры приняли декларацию. "
        "Председатель КНР Си Цзиньпин прибыл в Душанбе 16 сентября."
    )
    summit = only(events_of(text, "2022-09-17"), "summit")
    assert summit.place == "Душанбе"
    assert {"Владимир Путин", "Си Цзиньпин"} <= set(summit.participants), summit


def test_a_headline_event_with_no_date_is_the_one_the_story_dates() -> None:
    text = (
        "Токаев в Пекине: переговоры, деловой совет и парад\n\n"
        "Президент Касым-Жомарт Токаев прибыл в Пекин в воскресенье. "
        "Завершит поездку в среду, 3 сентября, военный парад на площади Тяньаньмэнь."
    )
    parades = [e for e in events_of(text, "2025-08-31") if e.type == "parade"]
    assert [(e.when.start.isoformat(), e.status) for e in parades] == [("2025-09-03", "upcoming")]


def test_an_exhibition_is_an_event() -> None:
    text = "Выставка «Китай – Евразия» пройдет в Урумчи с 15 по 19 сентября."
    (expo,) = events_of(text, "2022-08-18")
    assert expo.type == "forum" and iso(expo) == ("2022-09-15", "2022-09-19")
    assert expo.status == "upcoming"


def test_a_date_goes_to_the_event_of_its_own_clause_before_a_nearer_one() -> None:
    text = (
        "Церемония открытия ЭКСПО-2017 намечена на 9 июня, а для посетителей выставка "
        "откроется 10 июня."
    )
    ceremony = only(events_of(text, "2017-06-05"), "ceremony")
    assert iso(ceremony) == ("2017-06-09", "2017-06-09")


def test_a_stay_is_a_visit() -> None:
    text = "Идет второй день пребывания президента Казахстана Касым-Жомарта Токаева в Китае."
    visit = only(events_of(text, "2025-08-31"), "visit")
    assert visit.participants == ["Касым-Жомарт Токаев"] and visit.place == "Китай"


def test_a_name_ending_in_a_one_letter_syllable_ends_its_sentence() -> None:
    facts = extract_facts(
        "Ерлан Карин провёл переговоры с Ван И. В тот же день он улетел.", date(2026, 4, 11)
    )
    assert facts.sentences == ["Ерлан Карин провёл переговоры с Ван И.", "В тот же день он улетел."]


def test_an_initial_before_a_surname_after_an_office_keeps_its_sentence_whole() -> None:
    text = (
        "Заседание Совета глав правительств ШОС прошло 1–2 ноября в Ташкенте. В работе Совета "
        "приняли участие Премьер-Министр Республики Казахстан А. Мамин, Премьер Госсовета КНР "
        "Ли Кэцян и Председатель Правительства Российской Федерации Д. Медведев."
    )
    facts = extract_facts(text, date(2019, 11, 2))
    assert len(facts.sentences) == 2
    council = only(facts.events, "council")
    assert {"Ли Кэцян", "Медведев"} <= set(council.participants)


def test_a_meeting_with_another_counterpart_the_same_day_is_another_event() -> None:
    text = (
        "10 апреля в Пекине Ерлан Карин провёл переговоры с Ван И. "
        "В тот же день Ерлан Карин встретился с главой компании CNPC Дай Хоуляном."
    )
    events = [e for e in events_of(text, "2026-04-11") if e.type in {"talks", "meeting"}]
    assert len(events) == 2, [(e.type, e.participants) for e in events]
    assert {frozenset(e.participants) for e in events} == {
        frozenset({"Ерлан Карин", "Ван И"}),
        frozenset({"Ерлан Карин", "Дай Хоулян"}),
    }


def test_the_attendees_listed_after_an_event_take_part_in_it() -> None:
    text = (
        "15 мая в Алматы премьер-министр Олжас Бектенов открыл новый логистический терминал. "
        "На церемонии присутствовали посол КНР Хань Чуньлинь и аким Алматы Ерболат Досаев."
    )
    (event,) = [e for e in events_of(text, "2026-05-16") if e.type == "ceremony"]
    assert {"Олжас Бектенов", "Хань Чуньлинь", "Ерболат Досаев"} <= set(event.participants)


@pytest.mark.parametrize("pronoun", ["В нем", "В нём", "В ней"])
def test_those_who_took_part_in_it_attend_the_event_just_told(pronoun: str) -> None:
    text = (
        "Саммит ШОС прошел в Бишкеке 14 июня 2019 года. "
        f"{pronoun} участвовали президент Казахстана Касым-Жомарт Токаев и председатель КНР "
        "Си Цзиньпин."
    )
    summit = only(events_of(text, "2019-06-15"), "summit")
    assert {"Касым-Жомарт Токаев", "Си Цзиньпин"} <= set(summit.participants)


@pytest.mark.parametrize(
    ("text", "title", "status"),
    [
        ("Новую линию Бахты – Аягоз планируют ввести в эксплуатацию в 2027 году.",
         "Ввод в эксплуатацию", "upcoming"),
        ("Завод сдали в эксплуатацию в марте 2024 года.", "Сдача в эксплуатацию завода", "past"),
        ("Ввод в эксплуатацию второй очереди терминала намечен на 2028 год.",
         "Ввод в эксплуатацию второй очереди терминала", "upcoming"),
    ],
)  # fmt: skip
def test_commissioning_a_line_or_a_plant_is_a_ceremony(text: str, title: str, status: str) -> None:
    event = only(events_of(text, "2024-05-20"), "ceremony")
    assert event.title.startswith(title), event.title
    assert event.status == status


@pytest.mark.parametrize(
    ("text", "kind", "people"),
    [
        ("25 апреля в Алматы Мурат Нуртлеу и Ван И провели стратегический диалог глав МИД.",
         "talks", {"Мурат Нуртлеу", "Ван И"}),
        ("29 ноября Алихан Смаилов и Ли Кэцян провели видеовстречу.", "meeting",
         {"Алихан Смаилов", "Ли Кэцян"}),
    ],
)  # fmt: skip
def test_a_dialogue_held_and_a_video_meeting_are_talks_between_them(
    text: str, kind: str, people: set[str]
) -> None:
    assert people <= set(only(events_of(text, "2025-05-01"), kind).participants)


def test_a_dialogue_that_only_deepens_is_no_event() -> None:
    assert events_of("Стороны намерены углублять политический диалог.", "2025-05-01") == []


def test_a_spokesperson_announces_a_visit_without_making_it() -> None:
    text = (
        "Официальный представитель МИД КНР Лин Сяо в среду объявила, что премьер Госсовета "
        "Ли Цян посетит Казахстан 3–4 июля."
    )
    visit = only(events_of(text, "2025-06-25"), "visit")
    assert visit.participants == ["Ли Цян"]
    assert (visit.status, iso(visit)) == ("upcoming", ("2025-07-03", "2025-07-04"))


def test_a_briefing_is_an_event_of_its_speaker() -> None:
    text = (
        "Пресс-секретарь МИД Казахстана Ерлан Жанаров провел в понедельник брифинг для "
        "журналистов. На брифинге он рассказал о предстоящей поездке министра в Пекин."
    )
    briefing = only(events_of(text, "2026-03-02"), "conference")
    assert briefing.participants == ["Ерлан Жанаров"]
    assert iso(briefing) == ("2026-03-02", "2026-03-02")


def test_who_tells_of_a_meeting_is_not_at_it() -> None:
    text = (
        "О том, чего ждать от встречи премьеров в Урумчи, корреспонденту рассказал посол "
        "Казахстана в КНР Бахыт Алиев. Переговоры Олжаса Бектенова и Ли Цяна пройдут 12 мая."
    )
    events = events_of(text, "2026-05-05")
    assert all("Бахыт Алиев" not in e.participants for e in events), [
        (e.type, e.participants) for e in events
    ]


def test_an_interviewer_addressing_the_guest_names_no_participant() -> None:
    text = (
        "– Бахыт Сейтжанович, кто приедет на форум?\n\n"
        "– Форум откроется 20 октября в Алматы, ожидаются министры двух стран."
    )
    events = events_of(text, "2026-10-01")
    assert all("Бахыт Сейтжанович" not in e.participants for e in events)


def test_a_state_visit_to_the_host_country_during_a_summit_joins_the_summit() -> None:
    text = (
        "Саммит «Центральная Азия – Китай» пройдет 18–19 мая в Сиане. "
        "В период с 16 по 20 мая президенты Садыр Жапаров и Шавкат Мирзиёев посетят Китай "
        "с государственными визитами."
    )
    summit = only(events_of(text, "2023-05-10"), "summit")
    assert {"Садыр Жапаров", "Шавкат Мирзиёев"} <= set(summit.participants)


def test_what_a_visitor_does_in_the_days_of_the_visit_happens_where_the_visit_is() -> None:
    text = (
        "Премьер-министр Казахстана Олжас Бектенов, прибывший в Ханчжоу, в понедельник провел "
        "встречу с губернатором провинции. Во вторник Бектенов примет участие в церемонии "
        "открытия технопарка."
    )
    ceremony = only(events_of(text, "2025-04-14"), "ceremony")
    assert (ceremony.place, iso(ceremony)) == ("Ханчжоу", ("2025-04-15", "2025-04-15"))


@pytest.mark.parametrize(
    "text",
    [
        "В 2017 году Астана примет ЭКСПО-2017, а в Казахстане пройдет Год китайского туризма.",
        "После саммита Казахстан принял председательство в ШОС.",
    ],
)
def test_receiving_an_exhibition_or_a_chairmanship_is_no_meeting(text: str) -> None:
    assert [e for e in events_of(text, "2016-10-31") if e.type == "meeting"] == []


def test_a_tour_told_stop_by_stop_gives_one_visit_per_country() -> None:
    text = (
        "Пекин, 2 марта /Синьхуа/ -- Премьер Госсовета КНР Ли Цян с 10 по 14 марта совершит "
        "зарубежное турне. В казахстанской столице он будет находиться 10–11 марта по "
        "приглашению премьер-министра Олжаса Бектенова. Из Астаны Ли Цян вылетит в Ташкент. "
        "С 12 по 14 марта он будет находиться в Узбекистане."
    )
    visits = [e for e in events_of(text, "2026-03-02") if e.type == "visit"]
    stops = {(e.place, iso(e)) for e in visits if e.participants[:1] == ["Ли Цян"]}
    assert ("Астана", ("2026-03-10", "2026-03-11")) in stops
    assert any(
        place in ("Узбекистан", "Ташкент") and days == ("2026-03-12", "2026-03-14")
        for place, days in stops
    ), stops


def test_the_one_a_participle_agrees_with_is_the_visitor() -> None:
    text = (
        "Сегодня президент Казахстана лично встретил в аэропорту Председателя КНР "
        "Си Цзиньпина, прибывшего в Казахстан с государственным визитом."
    )
    visit = only(events_of(text, "2022-09-14"), "visit")
    assert visit.participants[0] == "Си Цзиньпин"


def test_a_speaker_at_the_opening_and_the_delegation_head_attend_the_forum() -> None:
    text = (
        "Третий форум межрегионального сотрудничества открылся в Урумчи в среду. "
        "Выступая на открытии, вице-премьер Серик Жумангарин призвал наращивать экспорт. "
        "Китайскую делегацию возглавляет вице-премьер Госсовета КНР Дин Сюэсян."
    )
    forum = only(events_of(text, "2024-06-26"), "forum")
    assert {"Серик Жумангарин", "Дин Сюэсян"} <= set(forum.participants)


@pytest.mark.parametrize(
    "representatives",
    [
        "Казахстанскую сторону на встрече представлял министр иностранных дел Ержан "
        "Казыханов, китайскую делегацию возглавил министр иностранных дел КНР Ван И.",
        "Казахстан направил на заседание министра иностранных дел Ержана Казыханова, Китай "
        "на этом заседании представлял министр иностранных дел Ван И.",
    ],
)
def test_who_represented_whom_at_the_gathering_just_told_attends_it(representatives: str) -> None:
    text = (
        "В Бишкеке в пятницу прошло заседание Совета министров иностранных дел государств – "
        f"членов ШОС. {representatives}"
    )
    events = events_of(text, "2019-05-25")
    council = only(events, "council")
    assert {"Ержан Казыханов", "Ван И"} <= set(council.participants)
    assert not [e for e in events if e.type in {"meeting", "session"}], [e.title for e in events]


def test_a_visit_in_a_month_is_not_a_visit_on_a_day_of_the_next() -> None:
    text = (
        "Премьер-министр Казахстана Алихан Смаилов, прибывший по поручению Главы государства "
        "Касым-Жомарта Токаева с рабочим визитом в Шанхай, в субботу провел переговоры. "
        "В октябре Смаилов уже побывал в Пекине."
    )
    visits = [e for e in events_of(text, "2023-11-04") if e.type == "visit"]
    assert len(visits) == 2, [(v.title, iso(v)) for v in visits]
    assert all("Касым-Жомарт Токаев" not in v.participants for v in visits)


def test_the_ceremony_opening_an_exhibition_is_one_event_named_after_it() -> None:
    text = (
        "В понедельник, 5 ноября, премьер-министр примет участие в церемонии открытия "
        "7-й Китайской международной импортной выставки."
    )
    events = events_of(text, "2024-11-01")
    assert [e.type for e in events] == ["ceremony"], [(e.type, e.title) for e in events]
    assert events[0].title.startswith("Церемония открытия 7-й Китайской"), events[0].title


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Саммит ШОС пройдет 9-10 июня в приморском городе Циндао.", "Циндао"),
        ("Форум откроется 5 мая в провинции Шэньси.", "Шэньси"),
    ],
)
def test_a_place_named_with_its_kind_places_the_event(text: str, place: str) -> None:
    events = events_of(text, "2018-06-01")
    assert [e.place for e in events] == [place], [(e.type, e.place) for e in events]


def test_a_count_of_tourists_visiting_is_no_visit() -> None:
    text = "За три года Казахстан посетили более 300 тыс. туристов из Китая."
    assert [e for e in events_of(text, "2019-05-15") if e.type == "visit"] == []


def test_heads_visiting_with_state_visits_each_make_their_own() -> None:
    text = (
        "Президенты Казахстана Касым-Жомарт Токаев и Узбекистана Шавкат Мирзиёев в период с "
        "16 по 20 мая посетят Китай с государственными визитами по приглашению Си Цзиньпина."
    )
    visits = [e for e in events_of(text, "2023-05-10") if e.type == "visit"]
    assert sorted(v.participants[0] for v in visits) == ["Касым-Жомарт Токаев", "Шавкат Мирзиёев"]


def test_the_next_of_a_series_with_its_noun_left_out_is_its_own_event() -> None:
    text = (
        "Межправительственная комиссия провела 5-е заседание 12 мая 2022 года в Алматы, "
        "6-е – 20 апреля 2024 года в Урумчи."
    )
    sessions = {e.when.start.isoformat(): e for e in events_of(text, "2025-01-10") if e.when}
    assert sessions["2024-04-20"].place == "Урумчи", [(k, e.title) for k, e in sessions.items()]
    assert sessions["2024-04-20"].title.startswith("6-"), sessions["2024-04-20"].title


def test_what_a_visitor_does_undated_falls_within_the_visit() -> None:
    text = (
        "Председатель КНР Си Цзиньпин посетит Казахстан с государственным визитом с 7 по 10 "
        "июня. Помимо переговоров с казахстанским коллегой, китайский лидер примет участие в "
        "заседании Совета глав государств – членов ШОС."
    )
    summit = only(events_of(text, "2017-06-05"), "summit")
    assert iso(summit) == ("2017-06-07", "2017-06-10")
    assert "Си Цзиньпин" in summit.participants


def test_a_summit_named_two_ways_on_its_days_is_one() -> None:
    text = (
        "Саммит ШОС пройдет в Астане 8–9 июня. Президент Казахстана Нурсултан Назарбаев "
        "проведет 17-е заседание Совета глав государств – членов ШОС 8 июня."
    )
    summits = [e for e in events_of(text, "2017-06-01") if e.type == "summit"]
    assert len(summits) == 1, [(e.title, iso(e)) for e in summits]


def test_the_period_a_review_covers_and_a_plans_horizon_date_no_event() -> None:
    text = (
        "Основной день – понедельник, 1 сентября. Соберется Совет глав государств – членов "
        "ШОС: лидеры подведут итоги работы организации за 2024–2025 годы и рассмотрят "
        "Стратегию развития ШОС до 2035 года."
    )
    summit = only(events_of(text, "2025-08-31"), "summit")
    assert iso(summit) == ("2025-09-01", "2025-09-01")


def test_people_listed_as_taking_part_in_it_join_the_event_just_told() -> None:
    text = (
        "В четверг министр иностранных дел КНР Цинь Ган провел встречу министров в Сиане. "
        "Помимо главы МИД Казахстана Мурата Нуртлеу, в ней приняли участие глава МИД "
        "Кыргызстана Жээнбек Кулубаев и министр иностранных дел Узбекистана Бахтиёр Саидов."
    )
    meeting = next(e for e in events_of(text, "2023-04-28") if e.type in ("meeting", "council"))
    assert {"Жээнбек Кулубаев", "Бахтиёр Саидов", "Мурат Нуртлеу"} <= set(meeting.participants)


def test_a_videoconference_is_a_meeting_of_those_taking_part() -> None:
    text = (
        "16 июля в режиме видеоконференции состоялась встреча министров. В видеоконференции "
        "участвовали министр иностранных дел КНР Ван И и министр иностранных дел Казахстана "
        "Мухтар Тлеуберди."
    )
    meetings = [e for e in events_of(text, "2020-07-18") if e.type == "meeting"]
    assert len(meetings) == 1, [(e.title, e.participants) for e in meetings]
    assert {"Ван И", "Мухтар Тлеуберди"} <= set(meetings[0].participants)


def test_a_sentence_opening_with_the_next_number_of_a_series_is_that_event() -> None:
    text = (
        "Первое заседание экспертов прошло в марте текущего года в Алматы. Второе, как "
        "условились стороны, соберется в сентябре в Пекине."
    )
    sessions = sorted(events_of(text, "2015-08-14"), key=lambda e: e.when.start if e.when else 0)
    assert [(e.place, e.status) for e in sessions] == [("Алматы", "past"), ("Пекин", "upcoming")]
    assert iso(sessions[1]) == ("2015-09-01", "2015-09-30")


@pytest.mark.parametrize(
    ("word", "number"),
    [
        ("Второе", 2),
        ("третье", 3),
        ("восьмую", 8),
        ("5-й", 5),
        ("вторник", None),
        ("Пятница", None),
    ],
)
def test_ordinals_are_read_from_their_stems_not_from_weekdays(
    word: str, number: int | None
) -> None:
    assert ordinal(word, word.lower()) == number


def test_a_host_read_as_the_visitor_gives_way_to_the_guest() -> None:
    text = (
        "Министр обороны КНР Дун Цзюнь посетил Казахстан с официальным визитом. Министр обороны "
        "Казахстана Руслан Жаксылыков, принимающий гостя, назвал визит в Казахстан важным."
    )
    visits = [e for e in events_of(text, "2024-04-25") if e.type == "visit"]
    assert [v.participants[0] for v in visits] == ["Дун Цзюнь"], [v.title for v in visits]


def test_the_year_a_plan_is_for_dates_no_talks() -> None:
    text = (
        "Министры обороны провели переговоры 25 апреля. По итогам переговоров стороны "
        "подписали План военного сотрудничества на 2024 год."
    )
    talks = only(events_of(text, "2024-04-26"), "talks")
    assert iso(talks) == ("2024-04-25", "2024-04-25")


def test_a_visit_told_by_its_arrival_lasts_to_its_talks_and_holds_their_people() -> None:
    text = (
        "Председатель КНР Си Цзиньпин 2 июля прибыл в Астану с государственным визитом. "
        "3 июля в Акорде Касым-Жомарт Токаев и Си Цзиньпин провели переговоры."
    )
    visit = only(events_of(text, "2024-07-03"), "visit")
    assert iso(visit) == ("2024-07-02", "2024-07-03")
    assert "Касым-Жомарт Токаев" in visit.participants


def test_talks_elsewhere_are_not_part_of_the_visit() -> None:
    text = (
        "Председатель КНР Си Цзиньпин 2 июля прибыл в Астану с государственным визитом. "
        "3 июля в Москве Владимир Путин и Си Цзиньпин провели переговоры."
    )
    visit = only(events_of(text, "2024-07-03"), "visit")
    assert iso(visit) == ("2024-07-02", "2024-07-02")
    assert "Владимир Путин" not in visit.participants


def test_a_residence_is_named_as_itself_whatever_its_case() -> None:
    talks = only(events_of("Переговоры прошли в Акорде.", "2024-07-03"), "talks")
    assert talks.place == "Акорда"


def test_a_visit_nobody_makes_is_no_event() -> None:
    text = "Первая зарубежная поездка стала символичной. Делегация осмотрела завод."
    assert [e for e in events_of(text, "2024-06-06") if e.type == "visit"] == []


def test_an_award_told_after_its_ceremony_adds_who_presented_it() -> None:
    text = (
        "Астана, 2 июля. В Акорде состоялась церемония вручения ордена «Достык» Председателю КНР "
        "Си Цзиньпину. Награду вручил Президент Казахстана Касым-Жомарт Токаев."
    )
    ceremony = only(events_of(text, "2024-07-02"), "ceremony")
    assert set(ceremony.participants) == {"Си Цзиньпин", "Касым-Жомарт Токаев"}


def test_the_people_accompanying_someone_take_part_in_the_event_just_told() -> None:
    text = (
        "Шанхай, 5 ноября. Олжас Бектенов принял участие в церемонии открытия выставки. "
        "Казахстанского премьера сопровождал министр торговли Арман Шаккалиев."
    )
    ceremony = only(events_of(text, "2024-11-05"), "ceremony")
    assert ceremony.participants == ["Олжас Бектенов", "Арман Шаккалиев"]


def test_the_datelines_day_gives_way_to_a_date_the_sentence_tells() -> None:
    text = (
        "Пекин, 28 октября (Синьхуа) -- Премьер Госсовета КНР Ли Кэцян в первой декаде ноября "
        "отправится в поездку по странам Евразии."
    )
    visit = only(events_of(text, "2016-10-28"), "visit")
    assert (visit.status, iso(visit)) == ("upcoming", ("2016-11-01", "2016-11-10"))


def test_everyone_named_after_by_invitation_hosts_the_visit() -> None:
    text = (
        "Делегация прибыла в Астану 21 сентября по приглашению председателя Сената Дариги "
        "Назарбаевой и председателя Мажилиса Нурлана Нигматулина."
    )
    visits = [e for e in events_of(text, "2019-09-21") if e.type == "visit"]
    assert not any("Нигматулина" in v.title for v in visits), [v.title for v in visits]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Очередное заседание межправительственной комиссии прошло в Пекине.", "past"),
        ("Очередное заседание межправительственной комиссии пройдет в Пекине.", "upcoming"),
        ("Стороны договорились провести очередное заседание комиссии в Пекине.", "upcoming"),
    ],
)
def test_a_regular_event_is_ahead_only_when_no_past_verb_says_it_happened(
    text: str, status: str
) -> None:
    session = only(events_of(text, "2024-05-10"), "council")
    assert session.status == status


@pytest.mark.parametrize("guest", ["китайского вице-премьера", "высокого гостя"])
def test_a_reception_of_someone_named_by_office_is_a_meeting(guest: str) -> None:
    text = (
        "Вице-премьер Госсовета КНР Дин Сюэсян прибыл в Астану. В тот же день Глава государства "
        f"Касым-Жомарт Токаев принял {guest}."
    )
    meeting = only(events_of(text, "2023-11-27"), "meeting")
    assert set(meeting.participants) == {"Касым-Жомарт Токаев", "Дин Сюэсян"}


def test_a_section_heading_is_the_dated_event_its_section_tells_of() -> None:
    events = events_of(
        "Представитель МИД Нурлан Абенов провел брифинг для журналистов.\n"
        "О визите Премьера Госсовета КНР в Казахстан\n"
        "Премьер Госсовета КНР Ли Цян посетит Казахстан с официальным визитом 21 октября.\n"
        "О заседании Совета министров\n"
        "Заседание Совета министров иностранных дел пройдет в Алматы 30 октября.",
        "2026-10-12",
    )
    assert [(e.type, iso(e)) for e in events if e.type != "conference"] == [
        ("visit", ("2026-10-21", "2026-10-21")),
        ("council", ("2026-10-30", "2026-10-30")),
    ]
    assert only(events, "conference").participants == ["Нурлан Абенов"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Вчера в Шымкенте открылся новый логистический центр.",
        "Министр принял участие в открытии 5-й Международной выставки в Урумчи.",
        "В пятницу Касым-Жомарт Токаев и Си Цзиньпин по видеомосту дали старт контейнерному "
        "сервису Сиань – Алматы.",
    ],
)
def test_an_opening_told_by_its_noun_or_a_reflexive_verb_is_a_ceremony(sentence: str) -> None:
    events = events_of(sentence, "2026-05-20")
    assert any(e.type == "ceremony" for e in events), [(e.type, e.title) for e in events]


@pytest.mark.parametrize(
    "sentence",
    [
        "Стороны обсудили открытие рынка для казахстанской говядины.",
        "Вчера состоялась церемония открытия нового терминала.",
    ],
)
def test_opening_a_market_is_no_ceremony_and_a_ceremony_is_counted_once(sentence: str) -> None:
    events = events_of(sentence, "2026-05-20")
    assert len([e for e in events if e.type == "ceremony"]) == ("церемония" in sentence)


@pytest.mark.parametrize(
    ("sentence", "people"),
    [
        (
            "В марте 2026 года аким Жетысуской области Бейбит Исабаев обсудил с губернатором "
            "провинции Шэньси Чжао Ганом открытие торгового дома.",
            {"Бейбит Исабаев", "Чжао Ган"},
        ),
        (
            "В марте 2026 года министр Арман Шаккалиев и посол Хань Чунь обсуждали поставки зерна.",
            {"Арман Шаккалиев", "Хань Чунь"},
        ),
    ],
)
def test_talking_a_matter_over_with_a_named_person_is_their_meeting(sentence, people) -> None:
    meeting = only(events_of(sentence, "2026-04-01"), "meeting")
    assert set(meeting.participants) == people
    assert iso(meeting) == ("2026-03-01", "2026-03-31")


def test_discussing_matters_with_nobody_named_is_no_meeting() -> None:
    events = events_of("Стороны обсудили с китайской стороной вопросы логистики.", "2026-04-01")
    assert [e for e in events if e.type == "meeting"] == []


def test_the_day_a_plan_was_told_about_does_not_date_the_plan() -> None:
    events = events_of(
        "Пекин, 11 октября -- Вице-премьер Госсовета КНР Дин Сюэсян примет участие в форуме, "
        "который пройдет 20-21 октября в Алматы.\n"
        "Об этом во вторник на очередной пресс-конференции сообщила представитель МИД КНР "
        "Мао Нин.\n"
        "По ее словам, Дин Сюэсян отправится в Казахстан по приглашению правительства.",
        "2026-10-13",
    )
    visit = only(events, "visit")
    assert visit.when is None or visit.when.start >= date(2026, 10, 20), iso(visit)


def test_a_country_hosting_games_is_no_reception() -> None:
    events = events_of(
        "Соревнования примет Китай: с 7 по 14 февраля старты пройдут в Харбине.", "2026-01-20"
    )
    assert [e for e in events if e.type == "meeting"] == []


def test_an_exhibition_that_opens_is_one_event_not_also_a_ceremony() -> None:
    events = events_of("1 июня в Шымкенте откроется выставка китайских товаров.", "2026-05-20")
    assert [e.type for e in events] == ["forum"], [(e.type, e.title) for e in events]


def test_a_visit_dated_only_by_its_neighbours_takes_the_days_of_the_summit_it_is_for() -> None:
    text = (
        "Премьер Госсовета КНР Ли Цян возглавит делегацию Китая на заседании Совета глав "
        "правительств ШОС, который пройдет 25–26 октября в Ташкенте. Накануне, 24 октября, "
        "в узбекской столице соберутся министры экономики. Визит Ли Цяна станет первым за год."
    )
    visit = only(events_of(text, "2026-10-20"), "visit")
    assert iso(visit) == ("2026-10-25", "2026-10-26")


def test_a_dialogue_spoken_at_or_attended_is_talks_under_its_own_name() -> None:
    text = (
        "3 марта на инвестиционном бизнес-диалоге в Алматы вице-министр торговли Айжан "
        "Бижанова заявила, что поток товаров вырос. В диалоге участвовал посол КНР Хань Чуньлинь."
    )
    talks = only(events_of(text, "2026-03-05"), "talks")
    assert talks.title.startswith("Инвестиционный бизнес-диалог")
    assert iso(talks) == ("2026-03-03", "2026-03-03")
    assert {"Айжан Бижанова", "Хань Чуньлинь"} <= set(talks.participants)


def test_a_visit_that_names_no_place_takes_the_place_of_its_parts() -> None:
    text = (
        "12 мая Президент Касым-Жомарт Токаев принял в Астане министра коммерции КНР Ван "
        "Вэньтао. Стороны обсудили торговлю. Министр отметил рост поставок. В рамках того же "
        "визита Ван Вэньтао провёл переговоры с министром торговли Арманом Шаккалиевым."
    )
    visit = only(events_of(text, "2025-05-13"), "visit")
    assert visit.place == "Астана"


def test_those_who_gathered_at_a_meeting_just_told_take_part_in_it() -> None:
    text = (
        "В пятницу в Бишкеке прошла встреча министров иностранных дел в формате «Центральная "
        "Азия – Китай». За одним столом собрались министр иностранных дел КНР Ван И и глава "
        "МИД Кыргызстана Жээнбек Кулубаев."
    )
    (event,) = [e for e in events_of(text, "2026-05-16") if e.type in {"council", "meeting"}]
    assert {"Ван И", "Жээнбек Кулубаев"} <= set(event.participants)


def test_a_visit_told_by_its_first_day_and_the_day_it_runs_until_spans_both() -> None:
    events = events_of(
        "Сегодня, 30 августа, Касым-Жомарт Токаев по приглашению Си Цзиньпина начинает визит "
        "в Китай, который продлится до 3 сентября.",
        "2025-08-30",
    )
    assert iso(only(events, "visit")) == ("2025-08-30", "2025-09-03")
