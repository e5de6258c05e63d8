"""The guarded reader for imported files: sizes, encodings, line ends, bad lines named."""

from __future__ import annotations

import pytest

from clinic.errors import InvalidInput
from clinic.imports import BadLine, ImportedLine, ImportKind, parse_lines, read_csv
from clinic.numbers import parse_money

KIND = ImportKind("test file", "测试文件", max_bytes=1000)


def _refusal(data: bytes) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        read_csv(data, KIND)
    assert "Nothing was changed" in caught.value.message("en")
    assert "未作任何更改" in caught.value.message("zh_CN")
    return caught.value


@pytest.mark.parametrize("end", ["\n", "\r", "\r\n"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_any_line_end_and_encoding_reads_the_same(end: str, encoding: str) -> None:
    text = end.join(["单号,金额", "A1,￥1.00", "", '"B,2","多行' + end + '备注"', "C3,3"]) + end
    lines = read_csv(text.encode(encoding), KIND)
    assert [line.number for line in lines] == [1, 2, 3, 4, 6]
    assert lines[0].fields == ("单号", "金额")  # no byte-order mark left on the first field
    assert lines[3].fields == ("B,2", "多行\n备注")
    assert lines[2].blank and lines[4].fields == ("C3", "3")


def test_a_file_over_the_size_limit_is_refused() -> None:
    assert "larger than" in _refusal(b"a,1\n" * 300).message("en")


@pytest.mark.parametrize(
    ("data", "line", "says"),
    [
        (b"a,1\nb,2\n\x00c,3\n", 3, "control characters"),
        (b"a,1\r\x1bb,2\n", 2, "control characters"),
        (b"a,1\nb,2\n\xff\xff\n", 3, "neither UTF-8 nor GB18030"),
        (b'a,1\nb,"2\n', 2, "not well-formed CSV"),
        (b'a,1\r"x"y,2\r', 2, "not well-formed CSV"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_line(data: bytes, line: int, says: str) -> None:
    refusal = _refusal(data)
    assert f"line {line}" in refusal.message("en") and says in refusal.message("en")
    assert f"第 {line} 行" in refusal.message("zh_CN")


def _amount_line(line: ImportedLine) -> object:
    if len(line.fields) != 2:
        raise BadLine(en="needs two fields", zh="须有两个字段")
    return parse_money(line.fields[1], "Amount", "金额")


def test_every_bad_line_is_named_and_numbers_go_through_the_one_parser() -> None:
    data = "\r".join(["a,1", "b,NaN", "c,1E+30", "d", "e,Infinity", "f,2.50"]).encode()
    with pytest.raises(InvalidInput) as caught:
        parse_lines(read_csv(data, KIND), KIND, _amount_line)
    en, zh = caught.value.message("en"), caught.value.message("zh_CN")
    for number in (2, 3, 4, 5):
        assert f"Line {number}:" in en and f"第 {number} 行" in zh
    assert "Line 1:" not in en and "Line 6:" not in en
    assert "“NaN” is not an amount of money" in en and "needs two fields" in en
    good = parse_lines(read_csv(b"a,1\r\nb,2.5", KIND), KIND, _amount_line)
    assert [str(v) for v in good] == ["1.00", "2.50"]


def test_many_bad_lines_are_summarised() -> None:
    data = b"".join(b"x,bad\n" for _ in range(30))
    with pytest.raises(InvalidInput) as caught:
        parse_lines(read_csv(data, KIND), KIND, _amount_line)
    assert "Line 10:" in str(caught.value) and "Line 11:" not in str(caught.value)
    assert "And 20 more bad lines" in caught.value.message("en")
    assert "另有 20 行有误" in caught.value.message("zh_CN")
