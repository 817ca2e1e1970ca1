"""Header folding that every decoder reads back as the text we wrote.

Python's own folder (``email.policy.SMTP``) may end one encoded word and start the next exactly
at a space, and RFC 2047 tells decoders to drop whitespace between encoded words: the space is
lost ("źdźbło łąki" reads "źdźbłołąki"). It may also fold right after ``Subject:`` so a reader
shows a leading space. Here text with any non-ASCII character becomes base64 encoded words that
split only between characters, with every space inside a word, and plain ASCII text folds only
at its own spaces, which unfolding gives back.
"""
from __future__ import annotations

import base64
from email.headerregistry import Address
from email.policy import EmailPolicy
from typing import Any

MAX_LINE = 78
_WORD_BYTES = 45  # 60 base64 characters: "=?utf-8?b?" + 60 + "?=" is 72, under the 75 of RFC 2047
# Headers whose value is an address list; the rest of ours are unstructured text.
ADDRESS_HEADERS = frozenset({"from", "to", "cc", "reply-to", "sender"})
# Headers Python writes itself (structured, ASCII): left to its folder.
_PYTHON_FOLDS = frozenset({"content-type", "content-transfer-encoding", "content-disposition", "mime-version",
                           "content-id", "date", "message-id"})


def encoded_words(text: str) -> list[str]:
    """``text`` as UTF-8 base64 encoded words, each whole characters, spaces kept inside."""
    chunks: list[bytes] = []
    chunk = b""
    for char in text:
        data = char.encode()
        if len(chunk) + len(data) > _WORD_BYTES:
            chunks.append(chunk)
            chunk = b""
        chunk += data
    if chunk or not chunks:
        chunks.append(chunk)
    return [f"=?utf-8?b?{base64.b64encode(c).decode()}?=" for c in chunks]


def _fold_ascii(name: str, text: str) -> str:
    """Break before spaces only, so unfolding (removing CRLF) restores the text exactly."""
    lines, line = [], f"{name}:"
    for index, word in enumerate(text.split(" ")):
        piece = f" {word}"
        if index and len(line) + len(piece) > MAX_LINE:
            lines.append(line)
            line = ""
        line += piece
    lines.append(line)
    return "\r\n".join(lines)


def _is_plain(text: str) -> bool:
    return text.isascii() and text.isprintable() and "=?" not in text


def fold_text(name: str, text: str) -> str:
    """One unstructured header, folded, without its line ending."""
    if _is_plain(text):
        return _fold_ascii(name, text)
    return f"{name}: " + "\r\n ".join(encoded_words(text))


def fold_addresses(name: str, addresses: tuple[Address, ...]) -> str:
    """An address header, one mailbox a line; a display name with non-ASCII letters is ONE encoded word.

    Python's address parser keeps the space between two encoded words of a name, which RFC 2047
    (and every mail program) drops: only a single word reads the same everywhere. Names are short
    (mime caps them), so the word stays well within a line's 998 characters.
    """
    mailboxes = []
    for address in addresses:
        display = address.display_name
        if not display:
            mailboxes.append(address.addr_spec)
        elif _is_plain(display):
            mailboxes.append(str(address))
        else:
            whole = f"=?utf-8?b?{base64.b64encode(display.encode()).decode()}?="
            mailboxes.append(f"{whole}\r\n <{address.addr_spec}>")
    return f"{name}: " + ",\r\n ".join(mailboxes)


class MailPolicy(EmailPolicy):
    """SMTP's policy with our folding for the headers zapisy writes (subject, names, lists)."""

    def fold(self, name: str, value: Any) -> str:
        lower = name.lower()
        if lower in _PYTHON_FOLDS:
            return super().fold(name, value)
        addresses = getattr(value, "addresses", None)
        if lower in ADDRESS_HEADERS and addresses is not None:
            return fold_addresses(name, tuple(addresses)) + self.linesep
        return fold_text(name, str(value)) + self.linesep

    def fold_binary(self, name: str, value: Any) -> bytes:
        if name.lower() in _PYTHON_FOLDS:
            return super().fold_binary(name, value)
        return self.fold(name, value).encode("ascii")


MAIL_POLICY = MailPolicy(linesep="\r\n")
