"""Query latency (p50/p95/p99) of `bot.search.answer` on synthetic bases of 1k, 10k, 100k articles.

The bases skip NER: articles, sentences (lemmatised, so FTS5 is real), people with aliases
(inflected, Latin), roles, events with participants, agreements and date mentions are inserted
directly through sqlite-utils. Names, places, topics and dates vary; a vocabulary of generated
words with a Zipf-like spread makes full-text search face realistic posting lists.

The mix: people (full name, inflected surname, typo, Latin), dates and periods, agreements,
free text, combinations, asked questions (who signed, how many, who holds a role, English
"when did" and "what did"), upcoming windows and nothing-found questions, timed in-process after the alias
index is warm (its build is reported apart: it happens once per change of the base).

    python bench/query_latency.py [--sizes 1000 10000 100000] [--queries 400] [--rebuild]

Bases are kept under bench/out/ (gitignored) and reused unless --rebuild.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.extraction.translit import latin_aliases  # noqa: E402
from bot.nlp import lemmas  # noqa: E402
from bot.search import answer  # noqa: E402
from bot.search.aliases import alias_index  # noqa: E402
from bot.store import fold, open_store  # noqa: E402

OUT = ROOT / "bench" / "out"
SENTENCES_PER_ARTICLE = 12

# Generated, not real people: syllables make first names and surnames.
FIRST_SYLLABLES = ["ай", "бек", "ер", "жан", "нур", "сул", "тан", "мар", "ас", "ет", "дан", "ал", "кай", "сер", "ин", "бол", "ат"]  # fmt: skip
SURNAME_ENDINGS = ["ов", "ев", "баев", "бетов", "ин", "ханов", "галиев"]
CHINESE_FAMILY = [
    "Ван",
    "Ли",
    "Чжан",
    "Лю",
    "Чэнь",
    "Ян",
    "Хуан",
    "Чжао",
    "У",
    "Чжоу",
    "Сюй",
    "Сунь",
]
CHINESE_GIVEN = ["мин", "хуа", "вэй", "лин", "цзюнь", "фан", "хун", "тао", "бо", "юн", "пин", "цян"]
PLACES = [
    ("Астана", "Астане"), ("Алматы", "Алматы"), ("Пекин", "Пекине"), ("Шанхай", "Шанхае"),
    ("Москва", "Москве"), ("Ташкент", "Ташкенте"), ("Бишкек", "Бишкеке"), ("Урумчи", "Урумчи"),
    ("Сиань", "Сиане"), ("Чэнду", "Чэнду"), ("Шымкент", "Шымкенте"), ("Актау", "Актау"),
    ("Хоргос", "Хоргосе"), ("Душанбе", "Душанбе"), ("Тяньцзинь", "Тяньцзине"),
]  # fmt: skip
ORGS = ["ШОС", "ЕАЭС", "ООН", "СНГ", "АБИИ", "СВМДА", "ОДКБ", "БРИКС"]
TOPICS = [
    ("сотрудничество", "сотрудничества"), ("энергетика", "энергетики"), ("транспорт", "транспорта"),
    ("туризм", "туризма"), ("экспорт зерна", "экспорта зерна"), ("логистика", "логистики"),
    ("цифровизация", "цифровизации"), ("образование", "образования"), ("медицина", "медицины"),
    ("сельское хозяйство", "сельского хозяйства"), ("инвестиции", "инвестиций"),
    ("железная дорога", "железной дороги"), ("нефтепровод", "нефтепровода"),
    ("таможня", "таможни"), ("культура", "культуры"), ("наука", "науки"),
    ("водные ресурсы", "водных ресурсов"), ("безопасность", "безопасности"),
]  # fmt: skip
EVENT_TYPES = [
    ("visit", "Визит {a} в {place_acc}", "{a} прибыл с визитом в {place_acc} {day} {month} {year} года."),
    ("summit", "Саммит {org} в {place_loc}", "Саммит {org} пройдет {day} {month} {year} года в {place_loc}."),
    ("talks", "Переговоры {a} и {b}", "{a} провел переговоры с {b} в {place_loc} {day} {month} {year} года."),
    ("meeting", "Встреча {a} и {b}", "{a} встретился с {b} в {place_loc} {day} {month} {year} года."),
    ("forum", "Форум по вопросам {topic_gen}", "Форум по вопросам {topic_gen} состоится {day} {month} {year} года в {place_loc}."),
]  # fmt: skip
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"]  # fmt: skip
MONTHS_PREP = ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре", "ноябре", "декабре"]  # fmt: skip
AGREEMENT_TYPES = ["меморандум о взаимопонимании", "соглашение", "протокол", "совместное заявление"]
FIRST_DAY = date(2005, 1, 1)
LAST_DAY = date(2025, 12, 31)


def make_people(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        if rng.random() < 0.25:
            given = "".join(rng.sample(CHINESE_GIVEN, rng.choice((1, 2))))
            names.add(f"{rng.choice(CHINESE_FAMILY)} {given.capitalize()}")
            continue
        first = "".join(rng.sample(FIRST_SYLLABLES, 2)).capitalize()
        root = "".join(rng.sample(FIRST_SYLLABLES, 2)).capitalize()
        names.add(f"{first} {root}{rng.choice(SURNAME_ENDINGS)}")
    return sorted(names)


def make_vocabulary(rng: random.Random, count: int) -> list[str]:
    syllables = ["ка", "ло", "ми", "ра", "ту", "не", "са", "во", "ди", "ре", "по", "жу", "ба", "ге"]
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(3, 5))))
    return sorted(words)


def zipf_pick(rng: random.Random, items: list[str]) -> str:
    return items[min(int(rng.paretovariate(1.1)) - 1, len(items) - 1)]


def random_day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))


def build_base(path: Path, articles: int, seed: int = 11) -> dict:
    """Insert a synthetic corpus with its facts; returns what the query mix needs."""
    rng = random.Random(seed)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(path)
    db = store.db
    people = make_people(rng, max(200, min(articles // 10, 6000)))
    vocabulary = make_vocabulary(rng, 20000)
    leaders = people[:: max(1, len(people) // 8)][:8]

    with db.atomic():
        db["people"].insert_all(
            {"id": i + 1, "name": n, "first": n.split()[0], "last": n.split()[-1], "norm": fold(n)}
            for i, n in enumerate(people)
        )
        alias_rows = []
        for i, name in enumerate(people):
            surname = name.split()[-1]
            forms = {(name, "name"), (surname, "surname")}
            if not name.startswith(tuple(CHINESE_FAMILY)):
                forms |= {(surname + "а", "form"), (surname + "ым", "form")}
            forms |= {(latin, "latin") for latin in latin_aliases(name)}
            alias_rows += [
                {"person_id": i + 1, "alias": a, "norm": fold(a), "kind": k} for a, k in forms
            ]
        db["person_aliases"].insert_all(alias_rows, ignore=True)
        entity_ids = {}
        for kind, names in (("place", [p[0] for p in PLACES]), ("org", ORGS)):
            for name in names:
                entity_ids[name] = (
                    db["entities"].insert({"kind": kind, "name": name, "norm": fold(name)}).last_pk
                )

    events_meta: list[tuple[str, str, str, int]] = []  # (a, b, place, year) for combos
    batch: dict[str, list[dict]] = defaultdict(list)
    agreement_id = 0
    started = time.perf_counter()

    def flush() -> None:
        with db.atomic():
            for table in ("articles", "sentences", "person_mentions", "roles", "entity_mentions",
                          "dates", "events", "event_participants", "agreements"):  # fmt: skip
                if batch[table]:
                    db[table].insert_all(batch[table], batch_size=2000, ignore=True)
        batch.clear()

    for article_id in range(1, articles + 1):
        published = random_day(rng)
        a, b = rng.sample(people, 2)
        if rng.random() < 0.4:  # heads of state: a few people named in a large share of articles
            a = rng.choice([p for p in leaders if p != b])
        place, place_loc = rng.choice(PLACES)
        org, org2 = rng.sample(ORGS, 2)
        topic, topic_gen = rng.choice(TOPICS)
        topic2, _ = rng.choice(TOPICS)
        kind, title_t, sentence_t = rng.choice(EVENT_TYPES)
        when = published + timedelta(days=rng.randint(-20, 40))
        values = {
            "a": a, "b": b, "org": org, "place_acc": place, "place_loc": place_loc,
            "topic_gen": topic_gen, "day": when.day, "month": MONTHS[when.month - 1],
            "year": when.year,
        }  # fmt: skip
        sentences = [
            sentence_t.format(**values),
            f"Стороны обсудили {topic} и {topic2}, а также {topic_gen} между странами.",
            f"В {MONTHS_PREP[published.month - 1]} {b} отметил рост товарооборота на {rng.randint(2, 40)}%.",
        ]
        signed = rng.random() < 0.3
        if signed:
            agreement_type = rng.choice(AGREEMENT_TYPES)
            sentences.append(
                f"Подписан {agreement_type} о сотрудничестве в области {topic_gen} между {org} и {org2}."
            )
        while len(sentences) < SENTENCES_PER_ARTICLE:
            words = [zipf_pick(rng, vocabulary) for _ in range(rng.randint(6, 14))]
            sentences.append(" ".join(words).capitalize() + ".")
        text = "\n".join(sentences)
        batch["articles"].append(
            {"id": article_id, "key": f"synthetic-{article_id}", "file": f"{article_id:06d}.txt",
             "title": f"{a} и {b}: {topic}", "source": "Синтетика", "published": published.isoformat(),
             "content_hash": f"h{article_id}", "text": text, "chars": len(text)}
        )  # fmt: skip
        batch["sentences"] += [
            {"article_id": article_id, "idx": i, "text": s, "lemmas": " ".join(lemmas(s))}
            for i, s in enumerate(sentences)
        ]
        a_id, b_id = people.index(a) + 1, people.index(b) + 1
        for person_id, idx in ((a_id, 0), (b_id, 0), (b_id, 2)):
            batch["person_mentions"].append(
                {"person_id": person_id, "article_id": article_id, "sentence": idx}
            )
        if rng.random() < 0.4:
            batch["roles"].append(
                {
                    "person_id": a_id,
                    "article_id": article_id,
                    "title": f"министр по вопросам {topic_gen}",
                    "sentence": 0,
                }
            )
        batch["entity_mentions"].append(
            {
                "entity_id": entity_ids[place],
                "article_id": article_id,
                "sentence": 0,
                "form": place_loc,
            }
        )
        batch["dates"].append(
            {"article_id": article_id, "text": f"{when.day} {MONTHS[when.month - 1]} {when.year} года",
             "start": when.isoformat(), "end": when.isoformat(), "precision": "day", "sentence": 0, "relative": 0}
        )  # fmt: skip
        event_id = article_id  # one event per article
        batch["events"].append(
            {"id": event_id, "article_id": article_id, "type": kind, "title": title_t.format(**values),
             "start": when.isoformat(), "end": when.isoformat(), "precision": "day", "place": place,
             "status": "upcoming" if when > published else "past", "sentence": 0}
        )  # fmt: skip
        batch["event_participants"] += [
            {"event_id": event_id, "person_id": a_id},
            {"event_id": event_id, "person_id": b_id},
        ]
        events_meta.append((a, b, place, when.year))
        if signed:
            agreement_id += 1
            batch["agreements"].append(
                {"id": agreement_id, "article_id": article_id, "type": agreement_type,
                 "title": f"{agreement_type.capitalize()} о сотрудничестве в области {topic_gen}",
                 "parties": json.dumps([org, org2], ensure_ascii=False), "start": published.isoformat(),
                 "end": published.isoformat(), "precision": "day", "status": "signed", "sentence": 3}
            )  # fmt: skip
        if article_id % 5000 == 0:
            flush()
            print(
                f"  {path.name}: {article_id} articles, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
    flush()
    db.execute("PRAGMA optimize")
    db.execute("INSERT INTO sentences_fts(sentences_fts) VALUES('optimize')")
    db.conn.commit()
    store.close()
    meta = {
        "people": people,
        "leaders": leaders,
        "events": events_meta[:5000],
        "vocabulary": vocabulary[:2000],
    }
    Path(f"{path}.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    return meta


def typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word))
    return word[:i] + rng.choice("аеоиу") + word[i + 1 :]


def query_mix(rng: random.Random, meta: dict, count: int) -> list[tuple[str, str, date]]:
    """(category, question, today) triples in roughly equal shares."""
    people, events = meta["people"], [tuple(e) for e in meta["events"]]
    today = date(2026, 1, 1)

    def person() -> str:
        name = rng.choice(meta["leaders"]) if rng.random() < 0.3 else rng.choice(people)
        surname = name.split()[-1]
        style = rng.randrange(4)
        if style == 0:
            return name
        if style == 1 and not name.startswith(tuple(CHINESE_FAMILY)):
            return surname + "ым"
        if style == 2 and len(surname) > 5:
            return typo(rng, surname)
        latin = sorted(latin_aliases(name))
        return latin[0] if latin else name

    def period() -> str:
        day = random_day(rng)
        return rng.choice(
            [
                f"что было в {MONTHS_PREP[day.month - 1]} {day.year}",
                f"{day.day} {MONTHS[day.month - 1]} {day.year}",
                str(day.year),
            ]
        )

    def agreement() -> str:
        topic = rng.choice(TOPICS)[1]
        return rng.choice(
            [
                f"соглашения {rng.randint(2005, 2025)} года",
                f"меморандум в области {topic}",
                f"протокол про {topic}",
            ]
        )

    def fulltext() -> str:
        return rng.choice(
            [
                f"{rng.choice(TOPICS)[0]} товарооборот",
                rng.choice(meta["vocabulary"]),
                f"{rng.choice(TOPICS)[0]} {rng.choice(ORGS)}",
            ]
        )

    def combo() -> str:
        a, b, place, year = rng.choice(events)
        return rng.choice(
            [
                f"Когда {a} встречался с {b}?",
                f"визит {a.split()[-1]} в {place} {year}",
                f"Какие документы подписали {a} и {b}?",
            ]
        )

    def asked() -> str:
        a, b, place, year = rng.choice(events)
        return rng.choice(
            [
                f"Кто подписал документы в {place} в {year} году?",
                f"Сколько соглашений подписали {a.split()[-1]} и {b.split()[-1]}?",
                f"Кто министр иностранных дел {rng.choice(['Казахстана', 'Китая'])}?",
                f"What did {sorted(latin_aliases(a))[0] if latin_aliases(a) else a} sign?",
                f"When did {a.split()[-1]} visit {place}?",
            ]
        )

    makers = {
        "person": person, "date": period, "agreement": agreement, "fulltext": fulltext,
        "combo": combo, "asked": asked,
        "upcoming": lambda: rng.choice(
            ["что предстоит?", "ближайшие события", "что будет на следующей неделе?",
             "планы на этот месяц", "upcoming visits"]
        ),
        "place": lambda: rng.choice([rng.choice(PLACES)[0], f"саммиты в {rng.choice(PLACES)[1]}"]),
        "nothing": lambda: "".join(rng.choice("бвгджзклмнпрстфх") for _ in range(9)),
    }  # fmt: skip
    mix = []
    for i in range(count):
        category = list(makers)[i % len(makers)]
        when = random_day(rng) if category == "upcoming" else today
        mix.append((category, makers[category](), when))
    rng.shuffle(mix)
    return mix


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(path: Path, meta: dict, queries: int) -> dict:
    store = open_store(path)
    started = time.perf_counter()
    alias_index(store)
    index_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    answer(store, "ыщзщшгнеку", date(2026, 1, 1))  # first nothing-found: corpus vocabulary
    first_none_ms = (time.perf_counter() - started) * 1000
    rng = random.Random(5)
    for _category, text, today in query_mix(rng, meta, 20):  # warm caches
        answer(store, text, today)
    timings: dict[str, list[float]] = defaultdict(list)
    slowest: list[tuple[float, str, str]] = []
    for category, text, today in query_mix(rng, meta, queries):
        started = time.perf_counter()
        result = answer(store, text, today)
        elapsed = (time.perf_counter() - started) * 1000
        timings[category].append(elapsed)
        slowest = sorted([*slowest, (elapsed, text, today.isoformat())], reverse=True)[:3]
        assert len(result.text) <= 4096 and len(result.citations) <= 10
    counts = {
        t: store.db[t].count for t in ("articles", "sentences", "people", "events", "agreements")
    }
    store.close()
    every = [t for values in timings.values() for t in values]
    return {
        "counts": counts,
        "index_ms": index_ms,
        "first_none_ms": first_none_ms,
        "all": every,
        "by": timings,
        "slowest": slowest,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=420)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        path = OUT / f"queries_{size}.db"
        started = time.perf_counter()
        if args.rebuild or not path.exists() or not Path(f"{path}.json").exists():
            print(f"building {path} ...", flush=True)
            meta = build_base(path, size)
            print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
        else:
            meta = json.loads(Path(f"{path}.json").read_text("utf-8"))
        results.append((size, measure(path, meta, args.queries)))

    print()
    print(
        "| articles | sentences | people | alias index build | 1st nothing-found | p50 ms | p95 ms | p99 ms | max ms |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for _size, r in results:
        c, every = r["counts"], r["all"]
        print(
            f"| {c['articles']:,} | {c['sentences']:,} | {c['people']:,} | {r['index_ms']:.0f} ms | {r['first_none_ms']:.0f} ms "
            f"| {statistics.median(every):.1f} | {percentile(every, 0.95):.1f} | {percentile(every, 0.99):.1f} | {max(every):.1f} |"
        )
    print()
    print("p95 ms by kind of question:")
    kinds = sorted({k for _, r in results for k in r["by"]})
    print("| articles | " + " | ".join(kinds) + " |")
    print("|---:|" + "---:|" * len(kinds))
    for size, r in results:
        cells = [f"{percentile(r['by'][k], 0.95):.1f}" if r["by"].get(k) else "-" for k in kinds]
        print(f"| {size:,} | " + " | ".join(cells) + " |")
    print()
    for size, r in results:
        print(
            f"slowest at {size:,}: "
            + "; ".join(f"{ms:.0f} ms {q!r} (today {d})" for ms, q, d in r["slowest"])
        )


if __name__ == "__main__":
    main()
