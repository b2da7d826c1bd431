"""Reading and validating roster files: encodings, hand-typed cells, every kind of bad row."""

from __future__ import annotations

import pytest

from storage.repositories.registry import PersonState
from storage.roster.importer import parse_file
from tests.roster_files import BAD, GOOD, ROSTERS, SAMPLE

SMALL = {
    "gxj_wang": PersonState(
        "gxj_wang", "王工信", "工信局", "13800000001", False, (("getting_electricity", "leader"),)
    ),
    "gxj_li": PersonState(
        "gxj_li", "李工信", "工信局", None, False, (("getting_electricity", "contact"),)
    ),
    "gdgs_zhao": PersonState(
        "gdgs_zhao",
        "赵供电",
        "国网东丽供电公司",
        None,
        False,
        (("getting_electricity", "contact"),),
    ),
    "swj_qian": PersonState(
        "swj_qian", "钱税务", "税务局", None, False, (("paying_taxes", "contact"),)
    ),
    "swj_zhou": PersonState(
        "swj_zhou", "周税务", "税务局", None, False, (("paying_taxes", "member"),)
    ),
    "office_sun": PersonState("office_sun", "孙办公", "政务服务办", None, True, ()),
}


@pytest.mark.parametrize("name", GOOD)
def test_every_encoding_and_xlsx_reads_the_same_people(kb, name):
    parsed = parse_file(ROSTERS / name, kb)
    assert parsed.problems == []
    assert parsed.people == SMALL


def test_hand_typed_cells_resolve_to_the_same_people(kb):
    """Aliases, 专班 suffixes, quotes, full-width letters, stray spaces, userid case,
    a title row above the header and a blank row in between."""
    parsed = parse_file(ROSTERS / "good_messy.csv", kb)
    assert parsed.problems == []
    assert {
        key: (s.name, s.unit, s.mobile, s.office, s.roles) for key, s in parsed.people.items()
    } == {key: (s.name, s.unit, s.mobile, s.office, s.roles) for key, s in SMALL.items()}
    assert parsed.people["gxj_wang"].userid == "GXJ_WANG"  # kept as the office typed it


def test_the_sample_roster_is_valid(kb):
    parsed = parse_file(SAMPLE, kb)
    assert parsed.problems == []
    assert len(parsed.people) == 67
    assert sum(state.office for state in parsed.people.values()) == 2
    assert parsed.people["gxj_contact"].roles == (
        ("construction_permits", "contact"),
        ("getting_electricity", "contact"),
        ("innovation_activity", "contact"),
    )


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_lists_every_problem_with_its_row(kb, name):
    parsed = parse_file(ROSTERS / name, kb)
    assert parsed.people == {}
    found = [(problem.row, str(problem)) for problem in parsed.problems]
    assert len(found) == len(BAD[name]), found
    for (row, text), (want_row, fragment) in zip(found, BAD[name], strict=True):
        assert row == want_row
        assert fragment in text
        if row:
            assert text.startswith(f"第{row}行：")


def test_problems_across_many_rows_are_all_listed(kb, tmp_path):
    lines = ["专班,单位,姓名,企业微信账号,角色,手机", ",政务服务办,孙办公,office_sun,办公室,"]
    lines += [f"获得电力,工信委,人{i},u{i},组长," for i in range(30)]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    parsed = parse_file(path, kb)
    assert len(parsed.problems) == 60
    assert {problem.row for problem in parsed.problems} == set(range(3, 33))
