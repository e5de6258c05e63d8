"""The one guarded reader for files brought into the clinic (remittances, transfer summaries).

A file is read whole before anything is applied: its size is limited; its text is UTF-8 (with or
without a byte-order mark) or GB18030, as Chinese office software saves it; its lines may end in
CR, LF or CR LF; every line is parsed by the caller's line parser, which reads every number with
clinic/numbers.py. If any line is bad the whole file is refused, naming each bad line in both
languages, and nothing is changed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from clinic.errors import InvalidInput

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_FIELD_CHARS = 10_000
MAX_LINES_NAMED = 10
LINE_END = re.compile(r"\r\n|\r|\n")

T = TypeVar("T")


@dataclass(frozen=True)
class ImportKind:
    """What a kind of file is called in messages, and how large it may be."""

    name_en: str
    name_zh: str
    max_bytes: int = MAX_IMPORT_BYTES


@dataclass(frozen=True)
class ImportedLine:
    """One record of an imported file: the line it starts on (1-based) and its fields."""

    number: int
    fields: tuple[str, ...]

    @property
    def blank(self) -> bool:
        return all(not field.strip() for field in self.fields)


class BadLine(InvalidInput):
    """A line parser's refusal of one line; the reader names the line."""


def refused(kind: ImportKind, en: str, zh: str) -> InvalidInput:
    return InvalidInput(
        en=f"The {kind.name_en} was not imported: {en} Nothing was changed.",
        zh=f"{kind.name_zh}未导入：{zh}未作任何更改。",
    )


def decode(data: bytes, kind: ImportKind) -> str:
    """DATA as text: UTF-8 (a byte-order mark is dropped), else GB18030; a binary file is refused."""
    if len(data) > kind.max_bytes:
        raise refused(
            kind,
            f"the file is larger than {kind.max_bytes // (1024 * 1024)} MB.",
            f"文件大于 {kind.max_bytes // (1024 * 1024)} MB。",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            bad = len(LINE_END.split(data[: exc.start].decode("latin-1")))
            raise refused(
                kind,
                f"line {bad} is neither UTF-8 nor GB18030 text.",
                f"第 {bad} 行既不是 UTF-8 也不是 GB18030 文本。",
            ) from exc
    text = text.removeprefix("\ufeff")  # GB18030 keeps a UTF-8 byte-order mark as U+FEFF
    for number, line in enumerate(LINE_END.split(text), start=1):
        if any(ch != "\t" and unicodedata.category(ch) == "Cc" for ch in line):
            raise refused(
                kind,
                f"line {number} holds control characters: this is not a text file.",
                f"第 {number} 行含有控制字符：这不是文本文件。",
            )
    return text


def read_csv(data: bytes, kind: ImportKind) -> list[ImportedLine]:
    """The records of a comma-separated file, each with the line it starts on."""
    text = decode(data, kind)
    # newline=None reads CR, LF and CR LF alike, inside quoted fields too.
    reader = csv.reader(io.StringIO(text, newline=None), strict=True)
    lines: list[ImportedLine] = []
    start = 1
    try:
        for fields in reader:
            if any(len(field) > MAX_FIELD_CHARS for field in fields):
                raise BadLine(
                    en=f"a field is longer than {MAX_FIELD_CHARS} characters.",
                    zh=f"有字段超过 {MAX_FIELD_CHARS} 个字符。",
                )
            lines.append(ImportedLine(start, tuple(fields)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise refused(
            kind,
            f"line {start} is not well-formed CSV ({exc}).",
            f"第 {start} 行不是有效的 CSV 格式（{exc}）。",
        ) from exc
    except BadLine as exc:
        raise refused(kind, f"line {start}: {exc.en}", f"第 {start} 行：{exc.zh}") from exc
    return lines


def parse_lines(
    lines: list[ImportedLine], kind: ImportKind, parse: Callable[[ImportedLine], T | None]
) -> list[T]:
    """PARSE applied to every line (None: a line to skip); if any line is refused, the whole
    file is, naming every bad line."""
    parsed: list[T] = []
    problems: list[tuple[int, str, str]] = []
    for line in lines:
        try:
            record = parse(line)
        except InvalidInput as exc:
            problems.append((line.number, exc.en, exc.zh))
            continue
        if record is not None:
            parsed.append(record)
    if problems:
        named = problems[:MAX_LINES_NAMED]
        en = " ".join(f"Line {n}: {en.rstrip('.')}." for n, en, _ in named)
        zh = "".join(f"第 {n} 行：{zh.rstrip('。')}。" for n, _, zh in named)
        if len(problems) > len(named):
            more = len(problems) - len(named)
            en += f" And {more} more bad lines."
            zh += f"另有 {more} 行有误。"
        raise refused(kind, en, zh)
    return parsed


def read_json(data: bytes, kind: ImportKind) -> dict[str, Any]:
    """The JSON object a file holds, read through `decode` (size, encoding, no binary)."""
    text = decode(data, kind)
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise refused(
            kind,
            "it is not complete, well-formed JSON (cut short or damaged).",
            "文件不是完整、有效的 JSON（被截断或已损坏）。",
        ) from exc
    if not isinstance(document, dict):
        raise refused(kind, "it holds no JSON object.", "文件中没有 JSON 对象。")
    return document
