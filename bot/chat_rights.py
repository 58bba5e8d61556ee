"""Who may change what a chat receives (its digest subscription and follows).

In a private chat the user is the chat. A group's digest is shared by every member, so one
member must not be able to switch it off, move it or fill it with their follows: only the
group's administrators (as Telegram reports them) and the member who subscribed the group may.
"""

from __future__ import annotations

# ChatMember.status values that run a group.
MANAGING_STATUSES = frozenset({"creator", "administrator"})


def may_manage_chat(
    chat_type: str,
    user_id: int | None,
    subscriber_id: int | None,
    member_status: str | None,
    *,
    anonymous_admin: bool = False,
) -> bool:
    """True when this user may change the chat's subscription and follows.

    `member_status` is what getChatMember said (None when it was not asked or failed);
    `anonymous_admin`: the message was sent on behalf of the group itself, which only its
    administrators can do.
    """
    if chat_type == "private" or anonymous_admin:
        return True
    if user_id is not None and subscriber_id is not None and user_id == subscriber_id:
        return True
    return member_status in MANAGING_STATUSES
