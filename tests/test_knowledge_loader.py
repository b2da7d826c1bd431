"""Loading the knowledge: the packaged data, and a clear error for each kind of broken file."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from knowledge.answers import answer
from knowledge.loader import DATA_DIR
from knowledge.models import UnitKind

TASK_FORCE_IDS = [
    "starting_business",
    "construction_permits",
    "getting_electricity",
    "water_gas",
    "registering_property",
    "paying_taxes",
    "getting_credit",
    "enforcing_contracts",
    "labor_market",
    "government_procurement",
    "tendering_bidding",
    "government_services",
    "intellectual_property",
    "market_random_inspection",
    "market_government_integrity",
    "market_business_integrity",
    "market_internet_plus",
    "innovation_activity",
    "talent_mobility",
    "market_openness",
    "public_service_satisfaction",
    "ecology_index",
    "transport_index",
]
UNIT_NAMES = [
    "市场监管局",
    "财政局",
    "税务局",
    "公安分局",
    "人社局",
    "社保中心",
    "政务服务办",
    "住建委",
    "规资分局",
    "发改委",
    "城管委",
    "气象局",
    "国动办",
    "工信局",
    "水务局",
    "津滨威立雅有限公司",
    "国网东丽供电公司",
    "津燃华润燃气有限公司",
    "法院",
    "司法局",
    "总工会",
    "数据局",
    "网格中心",
    "文旅体局",
    "宣传部",
    "农业农村委",
    "检察院",
    "商务局",
    "科技局",
    "人才办",
    "投资促进局",
    "教育局",
    "卫健委",
    "民政局",
    "生态环境局",
    "运管局",
]
GROUP_NAMES = ["“双随机、一公开”联席会议成员单位", "诚信体系建设领导小组成员单位"]
INDICATOR_NAMES = [
    "开办企业",
    "办理建筑许可",
    "获得电力",
    "获得用水用气",
    "登记财产",
    "纳税",
    "获得信贷",
    "执行合同",
    "劳动力市场监管",
    "政府采购",
    "招标投标",
    "政务服务",
    "知识产权创造、保护和运用",
    "市场监管",
    "包容普惠创新",
]


# -- the packaged data ---------------------------------------------------------------------


def test_counts(kb: KnowledgeBase) -> None:
    assert len(kb.indicators) == 15
    assert len(kb.task_forces) == 23
    assert [u.name for u in kb.units if u.kind == UnitKind.UNIT] == UNIT_NAMES
    assert [u.name for u in kb.units if u.kind == UnitKind.GROUP] == GROUP_NAMES


def test_order_follows_the_document(kb: KnowledgeBase) -> None:
    assert [tf.id for tf in kb.task_forces] == TASK_FORCE_IDS
    assert [indicator.name for indicator in kb.indicators] == INDICATOR_NAMES
    assert [indicator.number for indicator in kb.indicators] == list(range(1, 16))


def test_umbrella_indicators(kb: KnowledgeBase) -> None:
    market = kb.indicator("market_supervision")
    assert [tf.id for tf in kb.task_forces_of(market)] == TASK_FORCE_IDS[13:17]
    inclusive = kb.indicator("inclusive_innovation")
    assert [tf.id for tf in kb.task_forces_of(inclusive)] == TASK_FORCE_IDS[17:]
    singles = [
        i for i in kb.indicators if i.id not in ("market_supervision", "inclusive_innovation")
    ]
    assert all(i.task_force_ids == (i.id,) for i in singles)


def test_names_as_the_document_writes_them(kb: KnowledgeBase) -> None:
    assert kb.task_force("starting_business").name == "开办企业指标专班"
    assert (
        kb.task_force("market_random_inspection").name
        == "市场监管-“双随机、一公开”、信用监管指标专班"
    )
    assert kb.task_force("market_internet_plus").name == "市场监管-“互联网+”指标专班"
    assert kb.task_force("transport_index").title == "包容普惠创新-综合立体交通指数"


def test_lead_is_responsible_where_the_document_says_牵头_责任_单位(kb: KnowledgeBase) -> None:
    flagged = {tf.id for tf in kb.task_forces if tf.lead_is_responsible}
    assert flagged == {
        "registering_property",
        "paying_taxes",
        "government_procurement",
        "tendering_bidding",
        "market_internet_plus",
        "public_service_satisfaction",
    }
    taxes = kb.task_force("paying_taxes")
    assert taxes.responsible_units == ()
    assert taxes.effective_responsible_units == ("税务局",)


def test_intellectual_property_declares_three_but_lists_four(kb: KnowledgeBase) -> None:
    tf = kb.task_force("intellectual_property")
    assert tf.declared_sub_indicator_count == 3
    assert [s.name for s in tf.sub_indicators] == [
        "知识产权政策体系",
        "知识产权创造质量",
        "知识产权运用效益",
        "知识产权全面保护",
    ]
    assert [s.number for s in tf.sub_indicators] == [1, 2, 3, 4]
    assert tf.sub_indicator_count_mismatch
    others = [t for t in kb.task_forces if t.id != "intellectual_property"]
    assert not any(t.sub_indicator_count_mismatch for t in others)


def test_reverse_look_ups(kb: KnowledgeBase) -> None:
    assert [tf.id for tf in kb.led_by("人社局")] == ["labor_market", "talent_mobility"]
    assert [tf.id for tf in kb.led_by("检察院")] == []
    assert [tf.id for tf in kb.responsible_in("住建委")] == [
        "construction_permits",
        "tendering_bidding",
        "transport_index",
    ]
    assert [tf.id for tf in kb.responsible_in("诚信体系建设领导小组成员单位")] == [
        "market_government_integrity",
        "market_business_integrity",
    ]
    with pytest.raises(KeyError):
        kb.led_by("营商环境办公室")


def test_every_unit_takes_part_somewhere(kb: KnowledgeBase) -> None:
    idle = [u.name for u in kb.units if not kb.led_by(u.name) and not kb.responsible_in(u.name)]
    assert idle == []


def test_working_rules(kb: KnowledgeBase) -> None:
    assert [(r.title, r.source) for r in kb.rules] == [
        ("完善架构", "三、（一）"),
        ("定期会商", "三、（二）"),
        ("联动协同", "三、（三）"),
        ("通报考核", "三、（四）"),
    ]
    assert kb.goal.indicator_count == 15


def test_every_entry_names_its_source(kb: KnowledgeBase) -> None:
    assert kb.task_force("getting_electricity").source == "二、（三）"
    assert all(i.source == "一、工作目标" for i in kb.indicators)
    first_named: dict[str, str] = {}
    for tf in kb.task_forces:
        assert tf.source.startswith("二、（"), tf.id
        for name in (*tf.lead_units, *tf.responsible_units):
            first_named.setdefault(name, tf.source)
    assert {u.name: u.source for u in kb.units} == first_named


# -- broken copies -------------------------------------------------------------------------

Edit = Callable[[dict[str, Any]], None]


def _entry(data: dict[str, Any], key: str, ident: str, field: str = "id") -> dict[str, Any]:
    return next(entry for entry in data[key] if entry[field] == ident)


def _task_force(ident: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda data: _entry(data, "task_forces", ident)


def _unit(name: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda data: _entry(data, "units", name, "name")


def _indicator(ident: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda data: _entry(data, "indicators", ident)


BROKEN: dict[str, tuple[str, Edit, list[str]]] = {
    "unit not defined (lead)": (
        "task_forces.yaml",
        lambda d: _task_force("getting_electricity")(d).update(lead_units=["工信厅"]),
        ["getting_electricity", "工信厅", "not defined in units.yaml"],
    ),
    "unit not defined (an alias instead of the canonical name)": (
        "task_forces.yaml",
        lambda d: _task_force("starting_business")(d)["responsible_units"].append("公安局"),
        ["starting_business", "公安局", "not defined"],
    ),
    "task force without a lead": (
        "task_forces.yaml",
        lambda d: _task_force("paying_taxes")(d).update(lead_units=[]),
        ["paying_taxes", "no lead unit"],
    ),
    "task force without the lead field": (
        "task_forces.yaml",
        lambda d: _task_force("labor_market")(d).pop("lead_units"),
        ["labor_market", "missing field 'lead_units'"],
    ),
    "unit alias claimed twice": (
        "units.yaml",
        lambda d: _unit("津滨威立雅有限公司")(d)["aliases"].append("供电公司"),
        ["津滨威立雅有限公司", "供电公司", "国网东丽供电公司"],
    ),
    "task force short name claimed twice": (
        "task_forces.yaml",
        lambda d: _task_force("getting_credit")(d)["short_names"].append("纳税"),
        ["getting_credit", "纳税", "paying_taxes"],
    ),
    "indicator alias claimed by another subject": (
        "indicators.yaml",
        lambda d: _indicator("getting_credit")(d)["aliases"].append("开办企业"),
        ["getting_credit", "开办企业", "starting_business"],
    ),
    "duplicate task force id": (
        "task_forces.yaml",
        lambda d: _task_force("transport_index")(d).update(id="ecology_index"),
        ["ecology_index", "duplicate id"],
    ),
    "duplicate unit name": (
        "units.yaml",
        lambda d: _unit("运管局")(d).update(name="民政局"),
        ["民政局", "duplicate name"],
    ),
    "task force pointing to an unknown indicator": (
        "task_forces.yaml",
        lambda d: _task_force("getting_electricity")(d).update(indicator="getting_power"),
        ["getting_electricity", "getting_power", "not defined in indicators.yaml"],
    ),
    "indicator listing an unknown task force": (
        "indicators.yaml",
        lambda d: _indicator("getting_credit")(d)["task_forces"].append("ghost"),
        ["getting_credit", "ghost", "not defined in task_forces.yaml"],
    ),
    "task force its indicator does not list": (
        "indicators.yaml",
        lambda d: _indicator("inclusive_innovation")(d)["task_forces"].remove("transport_index"),
        ["inclusive_innovation", "transport_index"],
    ),
    "goal count differs from the indicators": (
        "rules.yaml",
        lambda d: d["goal"].update(indicator_count=14),
        ["goal", "14", "15"],
    ),
    "generic alias": (
        "units.yaml",
        lambda d: _unit("财政局")(d)["aliases"].append("服务"),
        ["财政局", "服务", "too generic"],
    ),
    "misspelt field": (
        "units.yaml",
        lambda d: _unit("市场监管局")(d).update(aliase=["市监"]),
        ["市场监管局", "unknown field 'aliase'"],
    ),
    "responsible units listed although the lead is responsible": (
        "task_forces.yaml",
        lambda d: _task_force("paying_taxes")(d).update(responsible_units=["财政局"]),
        ["paying_taxes", "lead_is_responsible"],
    ),
    "unit both lead and responsible": (
        "task_forces.yaml",
        lambda d: _task_force("getting_electricity")(d)["responsible_units"].append("工信局"),
        ["getting_electricity", "工信局", "both"],
    ),
    "unknown unit kind": (
        "units.yaml",
        lambda d: _unit("气象局")(d).update(kind="department"),
        ["气象局", "kind", "department"],
    ),
    "no sub-indicators": (
        "task_forces.yaml",
        lambda d: _task_force("enforcing_contracts")(d).update(sub_indicators=[]),
        ["enforcing_contracts", "sub_indicators"],
    ),
    "id not lower-case ASCII": (
        "task_forces.yaml",
        lambda d: _task_force("water_gas")(d).update(id="Water-Gas"),
        ["Water-Gas", "lower-case ASCII"],
    ),
    "generic rule keyword": (
        "rules.yaml",
        lambda d: _entry(d, "rules", "consultation")["facts"][0]["keywords"].append("指标"),
        ["consultation", "指标", "too generic"],
    ),
    "declared count not a number": (
        "task_forces.yaml",
        lambda d: _task_force("getting_credit")(d).update(declared_sub_indicator_count="三"),
        ["getting_credit", "declared_sub_indicator_count"],
    ),
}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _rewrite(path: Path, edit: Edit) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_an_unchanged_copy_loads(data_copy: Path) -> None:
    _rewrite(data_copy / "task_forces.yaml", lambda data: None)
    assert len(load_knowledge(data_copy).task_forces) == 23


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_broken_data_is_refused_naming_file_and_entry(data_copy: Path, case: str) -> None:
    file_name, edit, expected = BROKEN[case]
    _rewrite(data_copy / file_name, edit)
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(data_copy)
    message = str(raised.value)
    assert file_name in message
    for part in expected:
        assert part in message


def test_a_key_given_twice_is_refused(data_copy: Path) -> None:
    path = data_copy / "units.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    kind: unit\n", "    kind: unit\n    kind: group\n", 1), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError, match=r"units\.yaml.*duplicate key 'kind'"):
        load_knowledge(data_copy)


def test_invalid_yaml_is_refused(data_copy: Path) -> None:
    path = data_copy / "indicators.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  - [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"indicators\.yaml: not valid YAML"):
        load_knowledge(data_copy)


def test_a_missing_file_is_refused(data_copy: Path) -> None:
    (data_copy / "rules.yaml").unlink()
    with pytest.raises(KnowledgeError, match=r"rules\.yaml: cannot read"):
        load_knowledge(data_copy)


def test_a_file_without_its_list_is_refused(data_copy: Path) -> None:
    (data_copy / "units.yaml").write_text("unit:\n  - name: 法院\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"units\.yaml: expected a top-level list"):
        load_knowledge(data_copy)


def test_answers_follow_the_knowledge_they_come_from(kb: KnowledgeBase, data_copy: Path) -> None:
    """Answers are remembered per text: a reloaded, edited knowledge must not get the old one."""
    question = "谁牵头获得电力？"
    assert "工信局" in answer(kb, question).text

    def new_lead(data: dict[str, Any]) -> None:
        _entry(data, "task_forces", "getting_electricity")["lead_units"] = ["发改委"]

    _rewrite(data_copy / "task_forces.yaml", new_lead)
    edited = answer(load_knowledge(data_copy), question).text
    assert "发改委" in edited and "工信局" not in edited
    assert "工信局" in answer(kb, question).text
