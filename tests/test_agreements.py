"""Documents from phrasings the bundled articles do not use, and the generic words that are not
documents."""

from __future__ import annotations

from datetime import date

import pytest

from bot.extraction import extract_facts
from bot.models import Agreement


def agreements_of(text: str, published: str) -> list[Agreement]:
    return extract_facts(text, date.fromisoformat(published)).agreements


def iso(agreement: Agreement) -> tuple[str, str] | None:
    when = agreement.when
    return (when.start.isoformat(), when.end.isoformat()) if when else None


def test_documents_signed_at_a_summit_take_its_date() -> None:
    text = (
        "18 мая 2023 года в Сиане состоялся первый саммит «Центральная Азия — Китай». По его "
        "итогам была подписана Сианьская декларация, а также заключено соглашение о взаимном "
        "освобождении от визовых требований."
    )
    found = {a.type: a for a in agreements_of(text, "2023-05-20")}
    assert set(found) == {"декларация", "соглашение"}
    assert found["декларация"].title == "Сианьская декларация"
    assert found["соглашение"].title == "Соглашение о взаимном освобождении от визовых требований"
    for agreement in found.values():
        assert agreement.status == "signed"
        assert iso(agreement) == ("2023-05-18", "2023-05-18")


def test_planned_road_map_keeps_its_term_in_the_title_not_as_a_date() -> None:
    text = (
        "Стороны планируют подписать дорожную карту по развитию торговли между Казахстаном и "
        "Китаем на 2025–2030 годы."
    )
    (road_map,) = agreements_of(text, "2024-02-01")
    assert road_map.type == "дорожная карта"
    assert road_map.status == "planned"
    assert road_map.title.endswith("на 2025–2030 годы")
    assert road_map.parties == ["Казахстан", "Китай"]
    assert road_map.when is None


def test_list_of_signed_documents_one_item_each_with_its_bodies() -> None:
    text = (
        "По итогам переговоров подписаны документы: соглашение между министерством энергетики "
        "Республики Казахстан и Национальным энергетическим управлением КНР о сотрудничестве в "
        "области возобновляемой энергетики; меморандум о взаимопонимании между акиматом "
        "Алматы и правительством Шанхая о побратимских связях."
    )
    agreements = agreements_of(text, "2024-09-10")
    assert [a.type for a in agreements] == ["соглашение", "меморандум о взаимопонимании"]
    energy, memo = agreements
    assert energy.title.endswith("о сотрудничестве в области возобновляемой энергетики")
    assert energy.parties[:2] == [
        "министерство энергетики Республики Казахстан",
        "Национальное энергетическое управление КНР",
    ]
    assert memo.title.startswith("Меморандум о взаимопонимании между акиматом Алматы")
    assert memo.parties[:2] == ["акимат Алматы", "правительство Шанхая"]
    assert all(a.status == "signed" for a in agreements)


def test_two_documents_joined_by_and_are_two_items() -> None:
    text = (
        "Олжас Бектенов встретился с Ли Цяном. По итогам переговоров подписан пакет документов, "
        "в том числе соглашение о сотрудничестве в области зеленой энергетики и меморандум между "
        "Министерством торговли и интеграции РК и Министерством коммерции КНР о развитии "
        "электронной торговли."
    )
    agreement, memo = agreements_of(text, "2024-07-05")
    assert agreement.title == "Соглашение о сотрудничестве в области зеленой энергетики"
    assert memo.title.startswith("Меморандум между Министерством торговли")
    assert memo.parties == ["Министерство торговли и интеграции РК", "Министерство коммерции КНР"]
    assert agreement.status == memo.status == "signed"
    assert iso(agreement) == iso(memo) == ("2024-07-05", "2024-07-05")


def test_a_declaration_signed_at_an_event_without_named_people_has_no_invented_parties() -> None:
    text = (
        "Олжас Бектенов встретился с Ли Цяном.\n"
        "Напомним, в мае 2023 года в Сиане прошел первый саммит «Центральная Азия – Китай», на "
        "котором была принята Сианьская декларация."
    )
    (declaration,) = agreements_of(text, "2024-07-05")
    assert declaration.title == "Сианьская декларация"
    assert declaration.parties == []
    assert iso(declaration) == ("2023-05-01", "2023-05-31")


def test_joint_statement_signed_by_the_leaders_of_the_talks() -> None:
    text = (
        "14 сентября в Акорде состоялись переговоры Касым-Жомарта Токаева и Си Цзиньпина. "
        "Главы государств подписали совместное заявление."
    )
    (statement,) = agreements_of(text, "2022-09-15")
    assert statement.type == "совместное заявление"
    assert set(statement.parties) == {"Касым-Жомарт Токаев", "Си Цзиньпин"}
    assert iso(statement) == ("2022-09-14", "2022-09-14")


def test_named_initiative_becomes_planned_when_a_later_sentence_says_so() -> None:
    text = (
        "Президент озвучил Инициативу «О поясе мира». Инициатива будет принята на саммите 3 июля."
    )
    (initiative,) = agreements_of(text, "2024-05-22")
    assert initiative.title == "Инициатива «О поясе мира»"
    assert initiative.status == "planned"
    assert iso(initiative) == ("2024-07-03", "2024-07-03")


@pytest.mark.parametrize(
    "text",
    [
        "По всем направлениям стороны достигли договоренностей.",
        "Протокольная встреча обернулась конкретными договоренностями.",
        "У нас есть план, есть конкретные дела.",
        "Китай поддержал международные инициативы Казахстана.",
        "Были отмечены подписание блока стратегических документов и протоколов.",
        "В соглашении говорится о сотрудничестве.",
    ],
)
def test_generic_words_are_not_documents(text: str) -> None:
    assert agreements_of(text, "2024-05-22") == []


def test_documents_signed_by_ministries_after_talks_have_those_bodies_as_parties() -> None:
    text = (
        "Президент Узбекистана Шавкат Мирзиёев провел в Ташкенте переговоры с президентом "
        "Кыргызстана Садыром Жапаровым.\n"
        "По итогам переговоров Мирзиёева и Жапарова главами ведомств были подписаны документы: "
        "соглашение между правительствами о торговле электроэнергией; меморандум о "
        "взаимопонимании между министерством энергетики Узбекистана и министерством энергетики "
        "Кыргызстана о строительстве ГЭС."
    )
    found = {a.type: a for a in agreements_of(text, "2025-03-12")}
    assert found["соглашение"].parties == ["правительство Узбекистана", "правительство Кыргызстана"]
    assert found["меморандум о взаимопонимании"].parties == [
        "министерство энергетики Узбекистана",
        "министерство энергетики Кыргызстана",
    ]
    for agreement in found.values():
        assert agreement.status == "signed"
        assert iso(agreement) == ("2025-03-12", "2025-03-12")


def test_countries_that_plan_to_sign_are_the_parties_and_a_deadline_is_not_the_title() -> None:
    text = (
        "Узбекистан и Китай планируют подписать соглашение о взаимной защите инвестиций до "
        "конца года, сообщил министр инвестиций Узбекистана Лазиз Кудратов."
    )
    (agreement,) = agreements_of(text, "2025-05-20")
    assert agreement.status == "planned"
    assert agreement.title == "Соглашение о взаимной защите инвестиций"
    assert agreement.parties == ["Узбекистан", "Китай"]


def test_a_summit_ending_with_the_adoption_of_a_declaration_signs_it() -> None:
    text = (
        "Саммит ОДКБ в Бишкеке, который прошел 26–27 ноября, завершился принятием Бишкекской "
        "декларации."
    )
    (declaration,) = agreements_of(text, "2024-11-28")
    assert declaration.title == "Бишкекская декларация"
    assert declaration.status == "signed"


def test_a_title_keeps_its_list_of_subjects_and_a_sessions_ordinal() -> None:
    text = (
        "Главы государств подписали Договор о вечном добрососедстве, дружбе и сотрудничестве.\n"
        "Вице-премьеры двух стран подписали протокол 8-го заседания межправкомиссии."
    )
    titles = [a.title for a in agreements_of(text, "2025-06-18")]
    assert titles == [
        "Договор о вечном добрососедстве, дружбе и сотрудничестве",
        "Протокол 8-го заседания межправкомиссии",
    ]


def test_a_document_to_be_prepared_for_signing_is_planned_not_signed() -> None:
    text = (
        "14 мая в Пекине состоялись переговоры Касым-Жомарта Токаева и Си Цзиньпина. "
        "Лидеры условились поручить правительствам подготовить к подписанию Соглашение между "
        "Правительством Республики Казахстан и Правительством КНР о взаимном признании "
        "электронных цифровых подписей.\n"
        "Собеседники договорились подготовить к подписанию в следующем году Программу "
        "сотрудничества в области мирного использования атомной энергии."
    )
    agreement, programme = agreements_of(text, "2025-05-15")
    assert agreement.status == programme.status == "planned"
    assert agreement.when is None  # the talks it was agreed at are not its signing
    assert programme.title == (
        "Программа сотрудничества в области мирного использования атомной энергии"
    )
    assert iso(programme) == ("2026-01-01", "2026-12-31")


def test_statements_adopted_at_a_summit_are_documents() -> None:
    text = (
        "Саммит СВМДА прошел 12–13 октября в Астане. По итогам встречи лидеры приняли "
        "Астанинское заявление о преобразовании СВМДА, а также Заявление о сотрудничестве в "
        "сфере безопасности в области использования информационно-коммуникационных технологий."
    )
    found = agreements_of(text, "2022-10-13")
    assert [a.title for a in found] == [
        "Астанинское заявление о преобразовании СВМДА",
        "Заявление о сотрудничестве в сфере безопасности в области использования "
        "информационно-коммуникационных технологий",
    ]
    assert all(a.type == "заявление" and a.status == "signed" for a in found)


def test_a_statement_someone_makes_is_not_a_document() -> None:
    text = "Министр сделал заявление о ситуации на границе, которое было принято к сведению."
    assert agreements_of(text, "2022-10-13") == []


def test_the_document_a_protocol_amends_is_not_a_second_signed_document() -> None:
    text = (
        "Стороны подписали протокол о внесении изменений в Соглашение между Правительством "
        "Республики Казахстан и Правительством КНР о сотрудничестве в строительстве "
        "газопровода."
    )
    (protocol,) = agreements_of(text, "2014-05-21")
    assert protocol.type == "протокол"
    assert protocol.title.startswith("Протокол о внесении изменений в Соглашение между")


def test_an_agreement_entering_into_force_was_signed_on_the_day_the_next_sentence_gives() -> None:
    text = (
        "Соглашение между Правительством Республики Казахстан и Правительством Китайской "
        "Народной Республики о взаимном освобождении от визовых требований вступило в силу "
        "сегодня, 10 ноября, сообщил официальный представитель МИД РК Айбек Смадияров.\n"
        "Документ был подписан 17 мая в Сиане в ходе государственного визита Касым-Жомарта "
        "Токаева в Китай."
    )
    (agreement,) = agreements_of(text, "2023-11-10")
    assert agreement.title.endswith("о взаимном освобождении от визовых требований")
    assert agreement.status == "signed"
    assert iso(agreement) == ("2023-05-17", "2023-05-17")
    assert agreement.parties == [
        "Правительство Республики Казахстан",
        "Правительство Китайской Народной Республики",
    ]


def test_companies_whose_heads_sign_the_document_are_its_parties_not_legal_forms() -> None:
    text = (
        "Нурсултан Назарбаев провел переговоры с Ху Цзиньтао 6 июня в Пекине. По итогам "
        "переговоров в присутствии глав государств было подписано Соглашение о сотрудничестве "
        "в строительстве газопровода.\n"
        "Документ подписали Председатель Правления АО «НК «КазМунайГаз» Ляззат Киинов и глава "
        "Китайской национальной нефтегазовой корпорации Цзян Цземинь."
    )
    (agreement,) = agreements_of(text, "2012-06-07")
    assert agreement.status == "signed"
    assert "АО" not in agreement.parties and "НК" not in agreement.parties
    assert "Нурсултан Назарбаев" not in agreement.parties
    assert len(agreement.parties) == 2


def test_documents_listed_after_among_them_take_the_signing_of_the_sentence_before() -> None:
    text = (
        "На полях форума было подписано 25 коммерческих соглашений. Среди них – контракт между "
        "АО «Самрук-Энерго» и China Power International Holding на строительство ветровой "
        "электростанции, а также соглашение о создании совместного предприятия по переработке "
        "сои между ТОО «Казагро-Экспорт» и компанией COFCO.\n"
        "Главы государств присутствовали при подписании ряда документов. В их числе -- "
        "Протокол о фитосанитарных требованиях к пшеничной муке и Соглашение о сотрудничестве "
        'в области поставок природного газа между АО "КазТрансГаз" и Китайской национальной '
        "нефтегазовой корпорацией."
    )
    package, contract, venture, protocol, gas = agreements_of(text, "2024-09-03")
    assert (package.type, package.count) == ("пакет документов", 25)  # what the list is of
    assert contract.type == "контракт"
    assert contract.parties == ["АО «Самрук-Энерго»", "China Power International Holding"]
    assert venture.title.startswith("Соглашение о создании совместного предприятия")
    assert venture.parties == ["ТОО «Казагро-Экспорт»", "компания COFCO"]
    assert protocol.title == "Протокол о фитосанитарных требованиях к пшеничной муке"
    assert gas.parties == ["АО «КазТрансГаз»", "Китайская национальная нефтегазовая корпорация"]
    assert all(a.status == "signed" for a in (contract, venture, protocol, gas))


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Стороны подписали Соглашение о строительстве второй очереди газопровода "
            "Казахстан – Китай.",
            "Соглашение о строительстве второй очереди газопровода Казахстан — Китай",
        ),
        (
            "Министры подписали Соглашение о перевозках грузов по маршруту Западная Европа – "
            "Западный Китай.",
            "Соглашение о перевозках грузов по маршруту Западная Европа — Западный Китай",
        ),
        (
            "Главы двух государств подписали Совместное заявление по случаю 30-летия "
            "установления дипломатических отношений.",
            "Совместное заявление по случаю 30-летия установления дипломатических отношений",
        ),
        (
            "На саммите будет принята Декларация глав государств – членов ШОС о построении "
            "региона долгосрочного мира.",
            "Декларация глав государств — членов ШОС о построении региона долгосрочного мира",
        ),
        (
            "Дорожная карта по реализации 51 совместного инвестиционного проекта на общую сумму "
            "27 млрд долларов будет подписана в июле.",
            "Дорожная карта по реализации 51 совместного инвестиционного проекта",
        ),
    ],
    ids=["pipeline-route", "road-route", "anniversary", "member-states", "count-and-sum"],
)
def test_a_title_runs_past_dashes_numbers_and_anniversaries_inside_it(
    text: str, title: str
) -> None:
    (agreement,) = agreements_of(text, "2022-09-15")
    assert agreement.title == title


def test_the_official_who_announces_a_planned_document_is_not_its_party() -> None:
    text = (
        "Министр коммерции КНР Ван Вэньтао сообщил, что Китай готов до конца года подписать с "
        "Казахстаном Соглашение о торговле услугами.\n"
        "Как сообщил вице-министр культуры РК Ержан Ергымбаев, стороны планируют подписать "
        "Соглашение о взаимном учреждении культурных центров."
    )
    services, centres = agreements_of(text, "2024-09-03")
    assert services.status == centres.status == "planned"
    assert services.parties == ["Китай", "Казахстан"]
    assert centres.parties == []


def test_a_document_the_sides_agree_to_draft_is_planned() -> None:
    text = (
        "Кроме того, стороны договорились до конца месяца разработать Дорожную карту по "
        "реализации совместных инвестиционных проектов на 2027–2029 годы."
    )
    (road_map,) = agreements_of(text, "2027-03-10")
    assert road_map.type == "дорожная карта"
    assert road_map.status == "planned"
    assert road_map.title == (
        "Дорожная карта по реализации совместных инвестиционных проектов на 2027–2029 годы"
    )


def test_a_headline_naming_a_document_shorter_is_the_same_document() -> None:
    text = (
        "Область Абай и Синьцзян подписали меморандум о сотрудничестве\n"
        "По итогам встречи был подписан Меморандум о сотрудничестве между акиматом области Абай "
        "и Народным правительством Синьцзян-Уйгурского автономного района в торгово-экономической "
        "и гуманитарной сферах."
    )
    (memo,) = agreements_of(text, "2027-03-10")
    assert memo.title.startswith("Меморандум о сотрудничестве между акиматом области Абай")
    assert memo.parties == [
        "акимат области Абай",
        "Народное правительство Синьцзян-Уйгурского автономного района",
    ]


@pytest.mark.parametrize(
    ("text", "count", "value"),
    [
        ("Стороны подписали 33 документа на сумму 23,6 млрд долларов.", 33, "23,6 млрд долларов"),
        ("В ходе визита заключат 22 контракта, общая стоимость которых приближается к 30 млрд "
         "долларов.", 22, "30 млрд долларов"),
        ("Подписан пакет межправительственных и коммерческих соглашений общей стоимостью свыше "
         "14 млрд долларов США.", None, "14 млрд долларов США"),
        ("Был подписан пакет из 15 соглашений.", 15, None),
        ("По итогам визита подписано более 40 документов на сумму 9 млрд долларов.", 40,
         "9 млрд долларов"),
    ],
)  # fmt: skip
def test_a_package_of_documents_is_one_fact_with_its_count_and_value(
    text: str, count: int | None, value: str | None
) -> None:
    (package,) = agreements_of(text, "2024-07-03")
    assert package.type == "пакет документов"
    assert (package.count, package.value) == (count, value)


def test_a_package_counted_in_the_headline_and_the_text_is_one() -> None:
    text = (
        "Казахстан и Китай подписали 33 документа\n"
        "Стороны подписали 33 документа о сотрудничестве на сумму 23,6 млрд долларов."
    )
    (package,) = agreements_of(text, "2015-03-28")
    assert package.value == "23,6 млрд долларов"


def test_plural_documents_on_a_named_subject_are_one_fact() -> None:
    (memoranda,) = agreements_of(
        "Подписаны меморандумы о сотрудничестве в сфере туризма и образования.", "2024-07-04"
    )
    assert memoranda.type == "меморандум"
    assert memoranda.title.startswith("Меморандумы о сотрудничестве")


def test_a_programmes_horizon_is_in_its_title_not_its_date() -> None:
    (programme,) = agreements_of(
        "Стороны утвердили Программу сотрудничества до 2030 года.", "2024-07-04"
    )
    assert programme.title == "Программа сотрудничества до 2030 года"
    assert programme.when is None or programme.when.start.year == 2024


@pytest.mark.parametrize(
    "text",
    [
        "Соглашение о взаимном освобождении от визовых требований начнёт действовать с 10 ноября "
        "2023 года.",
        "Соглашение о безвизовом режиме вступило в силу 10 ноября 2023 года.",
    ],
)
def test_entry_into_force_is_its_own_date(text: str) -> None:
    (agreement,) = agreements_of(text, "2023-11-01")
    assert agreement.status == "signed"
    assert agreement.in_force is not None and agreement.in_force.start.isoformat() == "2023-11-10"


def test_every_leader_who_signs_a_multilateral_document_is_its_party() -> None:
    (declaration,) = agreements_of(
        "Декларацию подписали президенты Казахстана, Кыргызстана, Таджикистана, Туркменистана и "
        "председатель КНР.",
        "2023-05-19",
    )
    assert {"Казахстан", "Кыргызстан", "Таджикистан", "Туркменистан", "Китай"} <= set(
        declaration.parties
    )


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        (
            "Министры подписали совместное заявление в связи с 35-летием установления "
            "дипломатических отношений.",
            "Совместное заявление в связи с 35-летием установления дипломатических отношений",
        ),
        (
            "Компании подписали соглашение в сфере возобновляемой энергетики.",
            "Соглашение в сфере возобновляемой энергетики",
        ),
    ],
)
def test_a_compound_preposition_opens_the_title_complement(sentence: str, title: str) -> None:
    (agreement,) = agreements_of(sentence, "2027-03-01")
    assert agreement.title == title


@pytest.mark.parametrize(
    ("text", "gist"),
    [
        (
            "По итогам переговоров лидеры приняли Совместное заявление, в котором отношения "
            "двух стран названы всесторонним стратегическим партнёрством.",
            "всесторонним стратегическим партнёрством",
        ),
        (
            "Премьер сослался на совместное заявление, подписанное в мае в Сиане: оно закрепило "
            "курс на создание секретариата.",
            "курс на создание секретариата",
        ),
    ],
)
def test_a_document_named_by_its_kind_alone_takes_its_gist(text: str, gist: str) -> None:
    (agreement,) = agreements_of(text, "2023-06-01")
    assert agreement.title.startswith("Совместное заявление — ")
    assert gist in agreement.title, agreement.title


def test_documents_to_be_considered_with_a_strategy_whose_horizon_dates_nothing() -> None:
    found = agreements_of(
        "Лидеры рассмотрят около 15 документов, в том числе Бишкекскую декларацию и Стратегию "
        "развития организации до 2040 года.",
        "2027-06-01",
    )
    kinds = {a.type: a for a in found}
    assert set(kinds) == {"пакет документов", "декларация", "стратегия"}, [a.title for a in found]
    assert kinds["пакет документов"].count == 15
    assert all(a.status == "planned" for a in found)
    assert all(a.when is None or a.when.start.year != 2040 for a in found)


def test_a_colon_opening_a_clause_is_no_list_and_its_documents_keep_their_status() -> None:
    text = (
        "В центре «Мэйцзян» соберется Совет глав государств – членов ШОС: лидеры рассмотрят "
        "около 20 документов, в том числе Тяньцзиньскую декларацию и Стратегию развития ШОС "
        "до 2035 года."
    )
    found = {a.type: a for a in agreements_of(text, "2025-08-31")}
    assert found["декларация"].title == "Тяньцзиньская декларация"
    assert found["стратегия"].title == "Стратегия развития ШОС до 2035 года"
    assert {a.status for a in found.values()} == {"planned"}
    assert found["стратегия"].when is None or found["стратегия"].when.start.year != 2035


def test_a_party_named_before_the_subject_of_the_document() -> None:
    text = (
        "В мае 2023 года Казахский национальный университет имени аль-Фараби подписал "
        "соглашение с Северо-Западным политехническим университетом об открытии его филиала в "
        "Алматы."
    )
    (agreement,) = agreements_of(text, "2024-09-01")
    assert agreement.title.endswith("об открытии его филиала в Алматы")
    assert len(agreement.parties) == 2, agreement.parties


def test_a_city_party_pymorphy_cannot_inflect_is_named_as_the_city() -> None:
    text = (
        "17 мая подписано соглашение об установлении побратимских связей между Шымкентом и Сианем."
    )
    (agreement,) = agreements_of(text, "2023-05-18")
    assert agreement.parties == ["Шымкент", "Сиань"]


def test_a_document_put_first_is_signed_by_the_verb_at_the_sentence_end() -> None:
    text = (
        "Протокол по фитосанитарным, карантинным и ветеринарным требованиям к конине, "
        "экспортируемой из Казахстана в Китай, Министерство сельского хозяйства Казахстана и "
        "Главное таможенное управление КНР подписали 12 марта 2021 года в Нур-Султане."
    )
    (found,) = agreements_of(text, "2021-03-13")
    assert found.status == "signed"
    assert iso(found) == ("2021-03-12", "2021-03-12")


def test_adjectives_listed_with_commas_stay_in_the_title() -> None:
    text = "Стороны подписали протокол по санитарным, фитосанитарным требованиям к пшенице."
    (found,) = agreements_of(text, "2024-05-10")
    assert found.title == "Протокол по санитарным, фитосанитарным требованиям к пшенице"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Премьеры присутствовали при подписании межправительственных документов.", "signed"),
        ("По итогам переговоров будут подписаны двусторонние документы.", "planned"),
    ],
)
def test_uncounted_bilateral_documents_are_one_package(text: str, status: str) -> None:
    (found,) = agreements_of(text, "2024-05-10")
    assert found.type == "пакет документов" and found.count is None
    assert found.title.endswith("документы") and found.status == status


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("По итогам встречи губернаторы подписали шесть меморандумов о партнерстве – в сферах "
         "туризма и логистики.", "Шесть меморандумов о партнерстве"),
        ("Ожидается подписание ряда документов о сотрудничестве в энергетике, транспорте и "
         "сельском хозяйстве.",
         "Ряд документов о сотрудничестве в энергетике, транспорте и сельском хозяйстве"),
        ("Министры присутствовали при подписании межведомственных документов о сотрудничестве "
         "в области образования.", "Межведомственные документы о сотрудничестве в области "
         "образования"),
    ],
)  # fmt: skip
def test_a_package_is_named_with_what_it_is_about(text: str, title: str) -> None:
    (found,) = agreements_of(text, "2024-05-10")
    assert found.type == "пакет документов" and found.title == title


def test_a_document_joined_on_after_others_is_governed_by_their_verb() -> None:
    text = (
        "После переговоров были подписаны документы о сотрудничестве в сфере карантина, а также "
        "план сотрудничества по сопряжению двух стратегий."
    )
    (found,) = agreements_of(text, "2016-09-03")
    assert found.title.startswith("План сотрудничества по сопряжению") and found.status == "signed"
    text = (
        "Министр предложил разработать план по реализации Договора о дружбе, подписанного в 2007 "
        "году, а также программу сотрудничества в борьбе с терроризмом."
    )
    plan, programme = agreements_of(text, "2018-06-10")
    assert (plan.status, plan.when) == ("planned", None), "2007 dates the treaty, not the plan"
    assert programme.title == "Программа сотрудничества в борьбе с терроризмом"
    assert programme.status == "planned"


def test_who_tells_of_a_package_is_not_its_party() -> None:
    text = (
        "По словам Лу Кана, по итогам переговоров в Пекине ожидается подписание ряда документов о "
        "сотрудничестве в энергетике."
    )
    (found,) = agreements_of(text, "2016-11-01")
    assert "Лу Кан" not in found.parties


def test_each_bulleted_line_of_a_list_is_a_document_signed() -> None:
    text = (
        "В рамках визита подписано около 20 документов, в том числе:\n"
        "– соглашение между Национальным банком Казахстана и Народным банком Китая о валютном "
        "свопе;\n"
        "– соглашение о развитии грузовых перевозок по маршруту Китай – Европа.\n\n"
        "– Мы довольны итогами, – сказал министр."
    )
    package, swap, freight = agreements_of(text, "2014-12-14")
    assert package.count == 20
    assert swap.title.startswith("Соглашение между Национальным банком") and swap.status == "signed"
    assert "грузовых перевозок" in freight.title and freight.status == "signed"


def test_a_document_opening_its_sentence_ends_where_its_subject_begins() -> None:
    text = (
        "Первое соглашение о валютном свопе Национальный банк Казахстана и Народный банк Китая "
        "подписали в 2011 году."
    )
    (found,) = agreements_of(text, "2019-07-05")
    assert found.title == "Первое соглашение о валютном свопе"
    text = "Меморандум о строительстве дороги Аягоз – Тачэн подписали министерства в 2023 году."
    (found,) = agreements_of(text, "2025-11-19")
    assert found.title.replace("—", "–") == "Меморандум о строительстве дороги Аягоз – Тачэн"
    text = (
        "Пакет из 22 соглашений, совокупная стоимость которых приближается к 30 млрд долларов, "
        "согласовали в субботу Казахстан и Китай."
    )
    (package,) = agreements_of(text, "2013-09-07")
    assert (package.count, package.value) == (22, "30 млрд долларов")
    assert package.parties == ["Казахстан", "Китай"]


def test_a_nominative_inside_a_title_does_not_end_it() -> None:
    text = (
        "Стороны подписали соглашение между Правительством Республики Казахстан и Правительством "
        "Китайской Народной Республики о взаимном учреждении культурных центров."
    )
    (found,) = agreements_of(text, "2023-11-27")
    assert found.title.endswith("о взаимном учреждении культурных центров")


def test_taking_effect_told_later_belongs_to_the_document_its_clause_names() -> None:
    found = agreements_of(
        "Договор между Казахстаном и Китаем о взаимной правовой помощи подписан в 2019 году.\n"
        "Протокол об обмене грамотами подписали 2 марта 2021 года, а 1 апреля договор вступил "
        "в силу.",
        "2021-05-01",
    )
    by_type = {a.type: a for a in found}
    assert by_type["договор"].in_force is not None
    assert by_type["договор"].in_force.start == date(2021, 4, 1)
    assert by_type["протокол"].in_force is None


def test_a_package_takes_the_value_the_next_sentence_gives_it() -> None:
    found = agreements_of(
        "По итогам переговоров премьеры засвидетельствовали подписание около 20 документов.\n"
        "Общая стоимость достигнутых договоренностей, по оценке сторон, составила около "
        "7,5 млрд долларов.",
        "2026-03-10",
    )
    package = next(a for a in found if a.type == "пакет документов")
    assert (package.count, package.value) == (20, "7,5 млрд долларов")


def test_a_value_in_a_sentence_about_something_else_is_not_the_packages() -> None:
    found = agreements_of(
        "Стороны подписали около 20 документов.\nТоварооборот в прошлом году составил "
        "около 30 млрд долларов.",
        "2026-03-10",
    )
    package = next(a for a in found if a.type == "пакет документов")
    assert package.value is None
