"""/start, /help and /lang: what the bot knows, how to ask, and in which language it answers."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message

from bot.i18n import tr
from bot.search.show.view import View
from bot.settings import Settings
from bot.store import Store
from handlers.answering import today_for
from handlers.keyboards import LangCB, examples_keyboard, lang_keyboard
from handlers.views import esc, knowledge_summary

router = Router(name="start")


def example_questions(store: Store, lang: str) -> list[tuple[str, str]]:
    """(button label, question) pairs drawn from what the base actually holds."""
    examples: list[tuple[str, str]] = []
    view = View(lang)  # names in the reader's script: "When did Xi Jinping and … meet?"
    pair = store.frequent_meeting()
    if pair:
        first, second = pair
        examples.append(
            (
                tr(
                    lang,
                    f"Когда встречались {first} и {second}?",
                    f"When did {view.person(first)} and {view.person(second)} meet?",
                ),
                f"Когда встречались {first} и {second}?",
            )
        )
    for name in store.most_mentioned_people(2):
        examples.append((tr(lang, f"Кто такой {name}?", f"Who is {view.person(name)}?"), name))
    year = store.busiest_agreement_year()
    if year:
        examples.append(
            (
                tr(lang, f"Соглашения {year} года", f"Agreements of {year}"),
                f"соглашения {year} года",
            )
        )
    examples.append((tr(lang, "Что предстоит?", "What is coming up?"), "что предстоит?"))
    seen: set[str] = set()
    unique = []
    for label, question in examples:
        if question not in seen:
            seen.add(question)
            unique.append((label[:60], question))
    return unique[:5]


def help_text(lang: str, is_admin: bool, username: str | None) -> str:
    """Every command there is (bot/app.py's menus; tests hold the two together), with the bot's
    real @username for groups and inline mode."""
    me = f"@{esc(username)}" if username else tr(lang, "@имя бота", "@bot name")
    text = tr(
        lang,
        "<b>Как спрашивать</b>\n"
        "Просто напишите вопрос, например:\n"
        "• <i>Ван И</i> или <i>Wang Yi</i> — кто это и в каких событиях участвовал\n"
        "• <i>Кто подписал Сианьскую декларацию?</i>, <i>Сколько документов подписали в 2019 году?</i>\n"
        "• <i>Когда Токаев встречался с Си Цзиньпином?</i>\n"
        "• <i>что было в мае 2024</i>, <i>соглашения 2023 года</i>\n"
        "• <i>что предстоит?</i> — объявленные события, которые ещё не прошли\n\n"
        "<b>Команды</b>\n"
        "/person ИМЯ — досье на человека, /org ШОС — что делала организация\n"
        "/events [период] — события за период\n"
        "/upcoming — предстоящие события\n"
        "/agreements [год или слова] — соглашения и документы\n"
        "/article ID — статья и извлечённые из неё факты, /text ID — её полный текст\n"
        "/subscribe — дайджест по расписанию, например "
        "<code>/subscribe daily 09:30 7 Europe/Brussels</code> (ежедневно в 09:30 по Брюсселю, "
        "события на 7 дней вперёд) или <code>/subscribe weekly пт 18:00 90</code>\n"
        "/subscription — настройки подписки, /unsubscribe — отписаться, /digest — дайджест сейчас\n"
        "/follow ИМЯ или слова — следить, /unfollow ИМЯ — перестать\n"
        "/calendar — предстоящие события файлом .ics\n"
        "/lang — язык ответов, /start — что я знаю, /help — эта подсказка\n\n"
        f"В группах упоминайте меня ({me}) или отвечайте на мои сообщения. "
        f"В любом чате можно набрать {me} и запрос — результаты можно переслать.",
        "<b>How to ask</b>\n"
        "Just type a question, for example:\n"
        "• <i>Wang Yi</i> — who it is and which events they took part in\n"
        "• <i>Who signed the Xi'an Declaration?</i>, <i>How many documents were signed in 2019?</i>\n"
        "• <i>When did Tokayev meet Xi Jinping?</i>\n"
        "• <i>agreements 2023</i>, <i>events May 2024</i>\n"
        "• <i>upcoming events</i> — announced events not over yet\n"
        "Articles are in Russian, so Russian questions work best.\n\n"
        "<b>Commands</b>\n"
        "/person NAME — a person's profile, /org SCO — what an organisation did\n"
        "/events [period] — events in a period\n"
        "/upcoming — upcoming events\n"
        "/agreements [year or words] — agreements and documents\n"
        "/article ID — an article and the facts drawn from it, /text ID — its full text\n"
        "/subscribe — scheduled digests, e.g. "
        "<code>/subscribe daily 09:30 7 Europe/Brussels</code> (daily at 09:30 Brussels time, "
        "events 7 days ahead) or <code>/subscribe weekly fri 18:00 90</code>\n"
        "/subscription — subscription settings, /unsubscribe — stop, /digest — the digest now\n"
        "/follow NAME or words — follow, /unfollow NAME — stop following\n"
        "/calendar — upcoming events as an .ics file\n"
        "/lang — answer language, /start — what I know, /help — this help\n\n"
        f"In groups mention me ({me}) or reply to my messages. "
        f"In any chat type {me} and a query to share the results.",
    )
    if is_admin:
        text += tr(
            lang,
            "\n\n<b>Для администраторов</b>\n"
            "/add — добавить статью (текстом, файлом .txt/.md/.html или ссылкой)\n"
            "/edit ID — исправить название, источник или дату\n"
            "/articles — список статей, /delete ID — удалить\n"
            "/reindex — извлечь факты заново, /stats — статистика\n"
            "/feeds — ленты RSS/Atom, /addfeed URL [слова] — добавить, /delfeed ID — удалить\n"
            "/cancel — прервать диалог",
            "\n\n<b>For admins</b>\n"
            "/add — add an article (as text, a .txt/.md/.html file or a link)\n"
            "/edit ID — correct its title, source or date\n"
            "/articles — list articles, /delete ID — delete one\n"
            "/reindex — extract all facts again, /stats — statistics\n"
            "/feeds — RSS/Atom feeds, /addfeed URL [words] — add one, /delfeed ID — remove\n"
            "/cancel — abort a dialogue",
        )
    return text


@router.message(CommandStart())
async def start(message: Message, store: Store, settings: Settings, lang: str) -> None:
    today = today_for(settings).isoformat()
    user_id = message.from_user.id if message.from_user else None
    examples = [
        (label, store.save_query(user_id, message.chat.id, question, lang, today))
        for label, question in example_questions(store, lang)
    ]
    name = message.from_user.first_name if message.from_user else ""
    text = (
        tr(lang, f"Здравствуйте, {esc(name)}! ", f"Hello, {esc(name)}! ")
        + tr(
            lang,
            "Я готовлю справки о казахстанско-китайских отношениях по новостным статьям.\n\n",
            "I prepare briefings on Kazakhstan–China relations from news articles.\n\n",
        )
        + knowledge_summary(store.stats(today_for(settings)), lang)
        + "\n\n"
        + tr(
            lang,
            "Спросите о человеке, дате, событии или соглашении — или нажмите пример ниже. /help — подсказка.",
            "Ask about a person, a date, an event or an agreement — or press an example below. /help — how to ask.",
        )
    )
    await message.answer(text, reply_markup=examples_keyboard(examples))


@router.message(Command("help"))
async def help_command(message: Message, bot: Bot, settings: Settings, lang: str) -> None:
    user_id = message.from_user.id if message.from_user else None
    me = await bot.me()
    await message.answer(help_text(lang, settings.is_admin(user_id), me.username))


@router.message(Command("lang"))
async def lang_command(message: Message, command: CommandObject, store: Store, lang: str) -> None:
    choice = (command.args or "").strip().lower()
    if choice in ("ru", "en") and message.from_user:
        store.set_user_lang(message.from_user.id, choice)
        await message.answer(_lang_set(choice))
        return
    await message.answer(
        tr(lang, "Выберите язык ответов:", "Choose the answer language:"),
        reply_markup=lang_keyboard(),
    )


@router.callback_query(LangCB.filter(F.code.in_({"ru", "en"})))
async def lang_chosen(query: CallbackQuery, callback_data: LangCB, store: Store) -> None:
    store.set_user_lang(query.from_user.id, callback_data.code)
    await query.answer(_lang_set(callback_data.code))
    if isinstance(query.message, Message):
        await query.message.edit_text(_lang_set(callback_data.code))


def _lang_set(code: str) -> str:
    return tr(code, "Готово: отвечаю по-русски.", "Done: I will answer in English.")
