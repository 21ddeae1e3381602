"""Helpers of the mail tests: a fake sender, a real local SMTP server (aiosmtpd), users with addresses."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage, Message

from api_helpers import free_port
from overleg.procedure import RoleKind as Role
from overleg.store import Store
from web_support import PASSWORD

PUBLIC = "https://overleg.example.nl"


class FakeSender:
    """Keeps every message it is given; ``fail`` makes it refuse like a mail server that is down."""

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[EmailMessage] = []
        self.fail = fail

    def send(self, message: EmailMessage) -> None:
        if self.fail:
            raise ConnectionRefusedError("the mail server is down")
        self.sent.append(message)


def user_with_mail(store: Store, username: str, role: Role, scope: str, committee: str | None = None) -> str:
    """A user with ``PASSWORD``, one role and the address ``<username>@example.nl``; its id."""
    user = store.users.by_username(username) or store.users.create_user(username, PASSWORD)
    store.users.add_membership(user.id, role, scope, committee)
    store.mail.set_profile(user.id, user.display_name, f"{username}@example.nl")
    return user.id


@contextmanager
def smtp_server(seconds_per_mail: float = 0.0) -> Iterator[tuple[int, list[Message]]]:
    """A real SMTP server (aiosmtpd) on a free loopback port; the messages it received. With
    ``seconds_per_mail`` it takes that long to answer each mail (a mail counts as received once
    the server has it, before its "250 OK")."""
    import asyncio

    from aiosmtpd.controller import Controller

    received: list[Message] = []

    class Handler:
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
            content = envelope.content  # type: ignore[attr-defined]
            received.append(email.message_from_bytes(content, policy=email.policy.default))
            if seconds_per_mail:
                await asyncio.sleep(seconds_per_mail)
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()
