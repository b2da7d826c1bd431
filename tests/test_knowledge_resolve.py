"""Name normalisation and resolution, as the roster importer and office commands use them."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.matcher import MatchKind
from knowledge.normalize import ascii_words, normalize, normalize_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("获得 电力？", "获得电力"),
        ("ＷＨＯ　ｌｅａｄｓ", "wholeads"),
        ("市场监管-“互联网＋”", "市场监管互联网+"),
        ("“双随机、一公开”", "双随机一公开"),
        ("「纳税」 ( 专班 )", "纳税专班"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("开办企业指标专班", "开办企业"),
        ("开办企业专班", "开办企业"),
        ("开办企业指标", "开办企业"),
        ("东丽区开办企业指标专班", "开办企业"),
        ("区法院", "法院"),
        ("天津市东丽区税务局", "税务局"),
        ("指标专班", "指标专班"),
        ("专班", "专班"),
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


def test_ascii_words() -> None:
    assert ascii_words("Who's in charge of 获得电力 (Getting-Electricity)?") == (
        "who",
        "s",
        "in",
        "charge",
        "of",
        "getting",
        "electricity",
    )


def test_every_task_force_name_resolves_to_itself(kb: KnowledgeBase) -> None:
    for tf in kb.task_forces:
        for name in tf.names:
            resolution = kb.resolve_task_force(name)
            assert resolution.certain and resolution.item == tf, name
            assert resolution.suggestion is None


def test_every_unit_name_resolves_to_itself(kb: KnowledgeBase) -> None:
    for unit in kb.units:
        for name in unit.names:
            resolution = kb.resolve_unit(name)
            assert resolution.certain and resolution.item == unit, name
            assert resolution.kind == MatchKind.EXACT


@pytest.mark.parametrize(
    ("text", "task_force_id"),
    [
        ("开办企业", "starting_business"),
        ("开办企业指标专班", "starting_business"),
        ("市场监管-“互联网+”", "market_internet_plus"),
        ("市场监管—互联网＋专班", "market_internet_plus"),
        ("市场监管-双随机一公开、信用监管", "market_random_inspection"),
        ("“双随机、一公开”", "market_random_inspection"),
        ("政务诚信度专班", "market_government_integrity"),
        ("施工许可", "construction_permits"),
        ("用水用气专班", "water_gas"),
        ("Getting Electricity", "getting_electricity"),
        ("包容普惠创新-蓝天碧水", "ecology_index"),
        ("东丽区纳税指标专班（2025年）", "paying_taxes"),
        ("获的电力", "getting_electricity"),
        ("知识产权创造、保护和运用指标专班", "intellectual_property"),
    ],
)
def test_resolve_task_force(kb: KnowledgeBase, text: str, task_force_id: str) -> None:
    resolution = kb.resolve_task_force(text)
    assert resolution.certain, resolution
    assert resolution.item is not None and resolution.item.id == task_force_id


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("津滨威立雅", "津滨威立雅有限公司"),
        ("威立雅", "津滨威立雅有限公司"),
        ("区法院", "法院"),
        ("东丽区人民法院", "法院"),
        ("人力资源和社会保障局", "人社局"),
        ("东丽区人社局", "人社局"),
        ("市场监督管理局", "市场监管局"),
        ("市场监管", "市场监管局"),
        ("供电公司", "国网东丽供电公司"),
        ("华润燃气", "津燃华润燃气有限公司"),
        ("税务分局", "税务局"),
        ("政务服务办公室", "政务服务办"),
        ("双随机一公开联席会议成员单位", "“双随机、一公开”联席会议成员单位"),
        ("国网东丽供电公同", "国网东丽供电公司"),
    ],
)
def test_resolve_unit(kb: KnowledgeBase, text: str, unit: str) -> None:
    resolution = kb.resolve_unit(text)
    assert resolution.certain, resolution
    assert resolution.item is not None and resolution.item.name == unit


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("人设局", "人社局"), ("财政厅", "财政局"), ("工信", "工信局")],
)
def test_close_unit_names_are_suggested_not_taken(
    kb: KnowledgeBase, text: str, suggestion: str
) -> None:
    resolution = kb.resolve_unit(text)
    if text == "工信":  # a bare stem, but exactly an alias: certain
        assert resolution.certain and resolution.item is not None
        assert resolution.item.name == suggestion
        return
    assert not resolution.certain and resolution.item is None
    assert resolution.suggestion is not None and resolution.suggestion.name == suggestion


@pytest.mark.parametrize(
    "text", ["营商环境办", "营商环境办公室", "区营商环境办公室", "单位", "服务", "监管", "春游"]
)
def test_no_unit(kb: KnowledgeBase, text: str) -> None:
    resolution = kb.resolve_unit(text)
    assert resolution.item is None and not resolution.certain
    assert resolution.suggestion is None


@pytest.mark.parametrize("text", ["市场监管", "包容普惠创新", "指标专班", "专班", "服务", "监管"])
def test_no_single_task_force(kb: KnowledgeBase, text: str) -> None:
    resolution = kb.resolve_task_force(text)
    assert resolution.item is None and not resolution.certain


def test_two_task_forces_in_one_cell_are_not_certain(kb: KnowledgeBase) -> None:
    resolution = kb.resolve_task_force("开办企业、纳税")
    assert not resolution.certain and resolution.item is None
    assert resolution.suggestion is not None
