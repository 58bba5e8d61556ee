"""Ingestion as an operator meets it: the CLI, real files, the real SQLite file."""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import psutil
import pytest

from bot.ingest import ingest_paths, ingest_text
from bot.models import ArticleMeta
from bot.store import open_store
from bot.store.schema import LATEST, MIGRATIONS
from bot.textio import clean_text

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = "004_b23c6fb3414d21b8.txt"


def briefing(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=300,
    )


@pytest.fixture()
def seed_dir(tmp_path: Path) -> Path:
    """A copy of one bundled article with its manifest entry, so tests can change it."""
    directory = tmp_path / "articles"
    directory.mkdir()
    shutil.copy(DATA / SEED, directory / SEED)
    manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    manifest["articles"] = [a for a in manifest["articles"] if a["file"] == SEED]
    (directory / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return directory


def test_cli_ingest_is_idempotent_and_reports(tmp_path: Path, seed_dir: Path) -> None:
    db = tmp_path / "kb.db"
    first = briefing("--db", str(db), "ingest", str(seed_dir))
    assert first.returncode == 0, first.stderr
    assert "1 added" in first.stdout
    again = briefing("--db", str(db), "ingest", str(seed_dir))
    assert "1 unchanged" in again.stdout
    stats = json.loads(briefing("--db", str(db), "stats", "--json").stdout)
    assert stats["articles"] == 1
    assert stats["first_published"] == "2023-12-01"  # from the manifest, not the file


def test_changed_text_replaces_article_and_its_facts(tmp_path: Path, seed_dir: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    [first] = ingest_paths(store, [seed_dir])
    people_before = {row["name"] for row in store.article_facts(first.article_id)["people"]}
    assert any("Нуртлеу" in name for name in people_before)

    path = seed_dir / SEED
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("Мурат Нуртлеу", "Ержан Ашикбаев")
        .replace("Нуртлеу", "Ашикбаев"),
        "utf-8",
    )
    [second] = ingest_paths(store, [seed_dir])
    assert second.status == "replaced"
    assert second.article_id == first.article_id
    assert store.count("articles") == 1
    people_after = {row["name"] for row in store.article_facts(first.article_id)["people"]}
    assert not any("Нуртлеу" in name for name in people_after)
    # Nobody else mentions him: he leaves the base with the old version.
    assert store.db["people"].count_where("name LIKE '%Нуртлеу%'") == 0


def test_failed_article_leaves_database_as_it_was(
    tmp_path: Path, seed_dir: Path, monkeypatch
) -> None:
    store = open_store(tmp_path / "kb.db")
    original = store._insert_facts

    def explode(article_id, facts):
        original(article_id, facts)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_insert_facts", explode)
    [outcome] = ingest_paths(store, [seed_dir])
    assert outcome.status == "error"
    for table in ("articles", "sentences", "person_mentions", "people", "dates", "events"):
        assert store.count(table) == 0, table


def test_single_file_flags_and_cp1251(tmp_path: Path) -> None:
    text = (DATA / SEED).read_text(encoding="utf-8")
    path = tmp_path / "news.txt"
    path.write_bytes(text.encode("cp1251"))
    db = tmp_path / "kb.db"
    result = briefing(
        "--db",
        str(db),
        "ingest",
        str(path),
        "--published",
        "2023-12-01",
        "--title",
        "Встреча в Чэнду",
        "--source",
        "KT",
    )
    assert result.returncode == 0, result.stderr
    store = open_store(db)
    [row] = store.articles_page()
    assert (row["title"], row["source"], row["published"]) == (
        "Встреча в Чэнду",
        "KT",
        "2023-12-01",
    )
    assert "Нуртлеу" in store.article(row["id"])["text"]


def test_html_file_is_reduced_to_article_text(tmp_path: Path) -> None:
    body = (DATA / SEED).read_text(encoding="utf-8").split("\n")
    html = (
        "<html><head><title>Сайт</title><script>var x = 1;</script></head><body>"
        "<nav>Главная | Новости</nav><article><h1>Нуртлеу и Ван И в Чэнду</h1>"
        + "".join(f"<p>{line}</p>" for line in body)
        + "<figure><figcaption>Фото: пресс-служба МИД</figcaption></figure>"
        "</article><footer>© KT</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, "utf-8")
    store = open_store(tmp_path / "kb.db")
    [outcome] = ingest_paths(
        store, [path], ArticleMeta(published=__import__("datetime").date(2023, 12, 1))
    )
    article = store.article(outcome.article_id)
    assert article["title"] == "Нуртлеу и Ван И в Чэнду"
    for junk in ("var x", "Главная", "пресс-служба МИД", "© KT", "<p>"):
        assert junk not in article["text"]


def test_boilerplate_is_not_article_text(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    ingest_paths(store, [DATA])
    texts = " ".join(row["text"] for row in store.db["articles"].rows)
    for junk in (
        "Еще по теме",
        "Свежее из этой рубрики",
        "фото пресс-службы",
        "Ирина Севостьянова, Астана",
    ):
        assert junk not in texts


def test_bad_inputs_get_clear_errors_and_lose_nothing(tmp_path: Path, seed_dir: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    ingest_paths(store, [seed_dir])
    binary = tmp_path / "x.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n ")
    outcomes = ingest_paths(store, [binary, empty, tmp_path / "missing.txt"])
    assert [o.status for o in outcomes] == ["error", "error", "error"]
    assert all(o.message for o in outcomes)
    assert store.count("articles") == 1


def test_pasted_duplicate_is_recognised(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    text = (DATA / SEED).read_text(encoding="utf-8")
    meta = ArticleMeta(published=__import__("datetime").date(2023, 12, 1))
    first = ingest_text(store, text, meta, added_by=1)
    again = ingest_text(store, "  " + text.replace("\n", "\n\n") + "\n", meta, added_by=1)
    assert (first.status, again.status) == ("added", "duplicate")
    assert again.article_id == first.article_id
    assert store.count("articles") == 1


def test_show_prints_facts_with_their_sentences(tmp_path: Path, seed_dir: Path) -> None:
    db = tmp_path / "kb.db"
    briefing("--db", str(db), "ingest", str(seed_dir))
    shown = briefing("--db", str(db), "show", SEED.removesuffix(".txt"))
    assert shown.returncode == 0, shown.stderr
    assert "People" in shown.stdout and "Нуртлеу" in shown.stdout
    assert "«" in shown.stdout  # evidence sentences are quoted
    missing = briefing("--db", str(db), "show", "nope")
    assert missing.returncode == 1 and "no article" in missing.stderr


def test_explicit_db_gets_no_bundled_articles_but_default_does(tmp_path: Path) -> None:
    explicit = tmp_path / "explicit.db"
    stats = json.loads(briefing("--db", str(explicit), "stats", "--json").stdout)
    assert stats["articles"] == 0

    env_db = tmp_path / "default.db"
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "stats", "--json"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DATABASE_PATH": str(env_db)},
        cwd=tmp_path,
        check=False,
        timeout=300,
    )
    assert json.loads(result.stdout)["articles"] == 5


def test_migrations_upgrade_an_old_file_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    from sqlite_utils import Database

    db = Database(path)
    MIGRATIONS[0](db)  # a base written by the first release
    db.execute("PRAGMA user_version = 1")
    db["articles"].insert(
        {"key": "a.txt", "published": "2020-01-01", "content_hash": "h", "text": "старый текст"}
    )
    db.conn.commit()
    db.close()

    store = open_store(path)
    assert store.version == LATEST
    assert store.article(1)["text"] == "старый текст"
    assert "subscriptions" in store.db.table_names()
    store.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == LATEST


# -- manifests of every broken shape -------------------------------------------------------------

BROKEN_MANIFESTS = {
    "null": b"null",
    "a number": b"5",
    "truncated": b'{"articles": [{"file": "a.txt", "publ',
    "nested 100k deep": b"[" * 100_000 + b"]" * 100_000,
    "not UTF-8": '{"articles": [{"file": "a.txt", "title": "Визит"}]}'.encode("cp1251"),
    "no articles": b'{"about": "nothing"}',
    "articles not a list": b'{"articles": {"file": "a.txt"}}',
}


@pytest.mark.parametrize("content", BROKEN_MANIFESTS.values(), ids=BROKEN_MANIFESTS.keys())
def test_an_unreadable_manifest_stops_its_directory_with_one_line(
    tmp_path: Path, seed_dir: Path, content: bytes
) -> None:
    (seed_dir / "manifest.json").write_bytes(content)
    db = tmp_path / "kb.db"
    result = briefing("--db", str(db), "ingest", str(seed_dir))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {seed_dir / 'manifest.json'}: ") and "nothing in" in line
    assert open_store(db).count("articles") == 0


def test_a_manifest_that_is_a_directory_is_named_too(tmp_path: Path, seed_dir: Path) -> None:
    (seed_dir / "manifest.json").unlink()
    (seed_dir / "manifest.json").mkdir()
    result = briefing("--db", str(tmp_path / "kb.db"), "ingest", str(seed_dir))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert "manifest.json: not a readable file" in line


def write_articles(directory: Path, names: list[str], entries: list) -> None:
    text = (DATA / SEED).read_text(encoding="utf-8")
    for name in names:  # each its own text, or they would be duplicates of one another
        (directory / name).write_text(text.replace("Чэнду", f"Чэнду ({name})"), "utf-8")
    (directory / "manifest.json").write_text(json.dumps({"articles": entries}), "utf-8")


def test_bad_entries_are_refused_one_by_one_and_the_rest_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    names = [f"{n}.txt" for n in "abcdefgh"]
    write_articles(
        folder,
        names,
        [
            {"file": "a.txt", "published": "2023-12-01", "author": ["x"]},
            {"file": "b.txt", "published": "2023-12-01", "title": 5},
            {"file": "c.txt", "published": "31.02.2024"},
            {"file": "d.txt", "published": "2024-13-01"},
            {"file": "e.txt", "published": "0000-01-01"},
            {"file": "f.txt", "published": ""},
            {"file": "g.txt", "published": True},
            {"file": "h.txt", "published": "2023-12-01", "title": "Годная статья"},
            "not an entry",
            {"title": "no file"},
        ],
    )
    db = tmp_path / "kb.db"
    result = briefing("--db", str(db), "ingest", str(folder))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 9, lines
    reasons = {name: next(line for line in lines if f"({name})" in line) for name in names[:7]}
    assert '"author" must be text, not a list' in reasons["a.txt"]
    assert '"title" must be text, not a number' in reasons["b.txt"]
    assert "'31.02.2024' is not a calendar date" in reasons["c.txt"]
    assert "'2024-13-01' is not a calendar date" in reasons["d.txt"]
    assert "'0000-01-01' is not a calendar date" in reasons["e.txt"]
    assert "empty" in reasons["f.txt"] and "must be text, not true" in reasons["g.txt"]
    assert sum("entry 9 is text" in line or "entry 10 has no" in line for line in lines) == 2
    assert "1 added" in result.stdout
    [row] = open_store(db).articles_page()
    assert (row["file"], row["title"], row["published"]) == ("h.txt", "Годная статья", "2023-12-01")


@pytest.mark.parametrize(
    ("written", "meant"),
    [("2024-01-31", "2024-01-31"), ("31.01.2024", "2024-01-31"), ("31 января 2024", "2024-01-31")],
)
def test_publication_dates_as_people_write_them(tmp_path: Path, written: str, meant: str) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    write_articles(folder, ["a.txt"], [{"file": "a.txt", "published": written}])
    db = tmp_path / "kb.db"
    result = briefing("--db", str(db), "ingest", str(folder))
    assert result.returncode == 0, result.stderr
    [row] = open_store(db).articles_page()
    assert row["published"] == meant
    flag = briefing(
        "--db", str(tmp_path / "b.db"), "ingest", str(folder / "a.txt"), "--published", written
    )
    assert (
        flag.returncode == 0
        and open_store(tmp_path / "b.db").articles_page()[0]["published"] == meant
    )


def test_a_file_without_any_date_is_dated_by_its_mtime_out_loud(tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text((DATA / SEED).read_text(encoding="utf-8"), "utf-8")
    os.utime(path, (1_700_000_000, 1_700_000_000))  # 2023-11-14
    result = briefing("--db", str(tmp_path / "kb.db"), "ingest", str(path))
    assert result.returncode == 0
    assert "undated.txt" in result.stderr and "dated 2023-11-1" in result.stderr
    assert "modification time" in result.stderr
    refused = briefing(
        "--db", str(tmp_path / "kb.db"), "ingest", str(path), "--published", "31.02.2024"
    )
    assert refused.returncode == 2 and "not a calendar date" in refused.stderr


RELATIVE_DATES = (
    "Вчера министр иностранных дел Казахстана Мурат Нуртлеу встретился в Пекине с Ван И. "
    "Завтра состоится саммит, а на следующей неделе пройдёт форум. Через два дня начнутся "
    "переговоры, через месяц — заседание совета. В следующем году стороны подпишут соглашение; "
    "до конца года будет подписан меморандум. В прошлом году был визит. В понедельник состоится "
    "телефонный разговор, 12 марта пройдёт встреча, а с 30 декабря по 2 января — каникулы."
)


def test_articles_at_the_ends_of_the_calendar_do_not_stop_the_batch(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    dates = ["0001-01-01", "9999-12-31", "0001-01-02", "9999-12-30"] + [
        f"2024-01-{day:02d}" for day in range(1, 15)
    ]
    entries = []
    for number, published in enumerate(dates):
        (folder / f"{number:02d}.txt").write_text(f"{RELATIVE_DATES} Номер {number}.", "utf-8")
        entries.append({"file": f"{number:02d}.txt", "published": published})
    (folder / "manifest.json").write_text(json.dumps(entries), "utf-8")
    db = tmp_path / "kb.db"
    result = briefing("--db", str(db), "ingest", str(folder), "--workers", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{len(dates)} added" in result.stdout
    for question, today in (
        ("соглашения 0001 года", "2024-02-01"),
        ("что было в 9999 году", "9997-12-31"),
        ("что предстоит?", "0003-01-01"),
        ("Нуртлеу", "9997-12-31"),
    ):
        asked = briefing("--db", str(db), "ask", question, "--today", today, "--json")
        assert asked.returncode == 0 and "Traceback" not in asked.stderr, asked.stderr
        assert "Не удалось обработать" not in json.loads(asked.stdout)["answer"], question


def test_an_article_whose_extraction_fails_is_its_own_error_only(
    tmp_path: Path, monkeypatch
) -> None:
    import bot.ingest

    real = bot.ingest.extract_facts

    def fragile(text, published, dateline):
        if "Номер 1." in text:
            raise OverflowError("date value out of range")
        return real(text, published, dateline)

    monkeypatch.setattr(bot.ingest, "extract_facts", fragile)
    paths = []
    for number in range(3):
        path = tmp_path / f"{number}.txt"
        path.write_text(f"{RELATIVE_DATES} Номер {number}.", "utf-8")
        paths.append(path)
    store = open_store(tmp_path / "kb.db")
    outcomes = ingest_paths(store, paths, ArticleMeta(published=date(2024, 1, 1)))
    assert [o.status for o in outcomes] == ["added", "error", "added"]
    assert "OverflowError" in outcomes[1].message
    assert store.count("articles") == 2


CAFE = (
    "Le café de la gare est fermé depuis lundi. Les habitants regrettent l'ancien propriétaire, "
    "qui servait un café noir très apprécié, et espèrent une réouverture prochaine à Astana."
)


def encoded_files() -> dict[str, tuple[bytes, str | None]]:
    """File name -> (bytes, the text they must read as; None: must be refused)."""
    source = (DATA / SEED).read_text(encoding="utf-8")
    source = "".join(ch for ch in source if ch.encode("koi8_r", "ignore"))  # fits every encoding

    def russian(number: int) -> str:  # a text of its own per file, or they are duplicates
        return source.replace("Чэнду", f"Чэнду ({number})")

    half = len(source) // 2
    return {
        "mac.txt": (russian(1).encode("mac_cyrillic"), russian(1)),
        "koi8.txt": (russian(2).encode("koi8_r"), russian(2)),
        "cp866.txt": (russian(3).encode("cp866"), russian(3)),
        "utf16.txt": (russian(4).encode("utf-16"), russian(4)),
        "utf16be.txt": (codecs.BOM_UTF16_BE + russian(5).encode("utf-16-be"), russian(5)),
        "utf32.txt": (russian(6).encode("utf-32"), russian(6)),
        "latin1.txt": (CAFE.encode("latin-1"), CAFE),
        "mixed.txt": (source[:half].encode("cp1251") + source[half:].encode("koi8_r"), None),
        "utf8-cut.txt": (source.encode()[:-1] + b"\xd0" + source.encode(), None),
    }


def test_encodings_are_read_with_confidence_or_refused(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    files = encoded_files()
    for name, (content, _) in files.items():
        (folder / name).write_bytes(content)
    entries = [{"file": name, "published": "2023-12-01"} for name in files]
    (folder / "manifest.json").write_text(json.dumps(entries), "utf-8")
    db = tmp_path / "kb.db"
    result = briefing("--db", str(db), "ingest", str(folder))
    assert "Traceback" not in result.stderr
    store = open_store(db)
    texts = {row["file"]: store.article(row["id"])["text"] for row in store.articles_page(0, 50)}
    for name, (_, meant) in files.items():
        if meant is None:
            assert name not in texts
            line = next(line for line in result.stderr.splitlines() if name in line)
            assert "кодировк" in line, line
        else:
            assert texts[name].split() == clean_text(meant).split(), name


def test_a_huge_file_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = (DATA / SEED).read_bytes()
    path.write_bytes(line * (20 * 1024 * 1024 // len(line) + 1))
    result = briefing(
        "--db", str(tmp_path / "kb.db"), "ingest", str(path), "--published", "2024-01-01"
    )
    assert result.returncode == 1
    assert "huge.txt" in result.stderr and "больше 5 МБ (20.0 МБ)" in result.stderr


@pytest.mark.timeout(60)  # the parse used to take minutes, and longer the deeper
def test_html_nested_beyond_reason_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    body = (DATA / SEED).read_text(encoding="utf-8")
    path.write_text(f"<html><body>{'<div>' * 400_000}{body}{'</div>' * 400_000}</body></html>")
    result = briefing(
        "--db", str(tmp_path / "kb.db"), "ingest", str(path), "--published", "2024-01-01"
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "deep.html" in result.stderr and "вложен глубже" in result.stderr


@pytest.mark.slow
def test_extraction_workers_die_with_a_killed_ingest(tmp_path: Path) -> None:
    """A SIGKILLed ingest used to leave its workers idling with their models loaded."""
    folder = tmp_path / "articles"
    folder.mkdir()
    names = [f"{number:02d}.txt" for number in range(40)]
    write_articles(folder, names, [{"file": name, "published": "2023-12-01"} for name in names])
    command = [sys.executable, "-m", "bot.cli", "--db", str(tmp_path / "kb.db"), "ingest"]
    ingest = subprocess.Popen(
        [*command, str(folder), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    parent = psutil.Process(ingest.pid)
    workers: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and ingest.poll() is None:
            workers = parent.children()
            time.sleep(0.05)
        assert len(workers) == 2, "the ingest never started its two workers"
        ingest.kill()
        ingest.wait()
        _, alive = psutil.wait_procs(workers, timeout=15)
        assert alive == []
    finally:
        for worker in workers:
            with contextlib.suppress(psutil.NoSuchProcess):
                worker.kill()
        ingest.kill()


@pytest.mark.slow
def test_two_ingests_on_one_database_both_write_everything(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"  # new: both also race to create the schema
    runs = []
    for side in "ab":
        folder = tmp_path / side
        folder.mkdir()
        names = [f"{side}{number:02d}.txt" for number in range(25)]
        write_articles(folder, names, [{"file": name, "published": "2023-12-01"} for name in names])
        command = [sys.executable, "-m", "bot.cli", "--db", str(db), "ingest", str(folder)]
        runs.append(
            subprocess.Popen(
                [*command, "--workers", "1"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err[-2000:]
        assert "25 added" in out and "locked" not in err and "Traceback" not in err
    assert open_store(db).count("articles") == 50


def test_a_database_busy_beyond_waiting_is_reported_and_nothing_half_written(
    tmp_path: Path, seed_dir: Path, monkeypatch
) -> None:
    import bot.ingest

    monkeypatch.setattr(bot.ingest, "SAVE_RETRY_PAUSES", (0.05,))
    store = open_store(tmp_path / "kb.db", busy_timeout=0.2)
    other = sqlite3.connect(tmp_path / "kb.db")
    other.execute("BEGIN IMMEDIATE")  # another process, in the middle of a long write
    [outcome] = ingest_paths(store, [seed_dir])
    assert outcome.status == "error" and "занята другим процессом" in outcome.message
    other.rollback()
    assert store.count("articles") == store.count("sentences") == 0
    [again] = ingest_paths(store, [seed_dir])
    assert again.status == "added"
