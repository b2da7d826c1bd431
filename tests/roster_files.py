"""The roster files of tests/data/rosters, what the import must say about the bad ones, and
importing one the way `zhuanban roster import` does."""

from __future__ import annotations

from pathlib import Path

from storage.roster.importer import ImportResult, import_roster, parse_file
from tests.shared import ROSTER_SAMPLE

ROSTERS = Path(__file__).parent / "data" / "rosters"
SAMPLE = ROSTER_SAMPLE

GOOD = (
    "good_small.csv",
    "good_small_bom.csv",
    "good_small_gbk.csv",
    "good_small_utf16.csv",
    "good_small.xlsx",
    "good_small_second_sheet.xlsx",
)

BAD: dict[str, list[tuple[int, str]]] = {
    "unknown_task_force.csv": [
        (2, "找不到专班“办理建设许证”。您是不是要填“办理建筑许可指标专班”"),
        (3, "找不到专班“乡村振兴”"),
    ],
    "unknown_unit.csv": [(2, "找不到单位“工信委”。您是不是要填“工信局”"), (3, "东丽区妇联")],
    "unknown_unit.xlsx": [(2, "您是不是要填“工信局”"), (3, "东丽区妇联")],
    "unknown_role.csv": [(2, "角色“组长”无法识别")],
    "unknown_role_gbk.csv": [(2, "角色“组长”无法识别")],
    "userid_two_names.csv": [(3, "“GXJ_LI”在第2行是“李工信”，这里是“李新”")],
    "missing_column.csv": [(1, "缺少必需的列：企业微信账号")],
    "duplicate_column.csv": [(1, "出现了不止一次：姓名")],
    "empty.csv": [(0, "文件是空的")],
    "empty.xlsx": [(0, "文件是空的")],
    "header_only.csv": [(1, "只有表头，没有人员")],
    "blank_cells.csv": [
        (2, "“姓名”为空"),
        (3, "“单位”为空"),
        (4, "“企业微信账号”为空"),
        (5, "“角色”为空"),
    ],
    "duplicate_rows.csv": [(3, "与第2行重复")],
    "contact_without_task_force.csv": [(3, "专班为空")],
    "office_with_task_force.csv": [(3, "角色为“办公室”时专班应留空")],
    "two_units.csv": [(3, "在第2行属于“工信局”，这里属于“税务局”")],
    "two_roles.csv": [(3, "已于第2行填为“联系人”，这里又填为“分管领导”")],
    "bad_userid.csv": [(2, "企业微信账号“李工信”格式不对"), (3, "“gxj wang”格式不对")],
    "bad_mobile.csv": [(2, "手机“12345”格式不对")],
    "group_unit.csv": [(2, "是成员单位的统称")],
    "unit_not_in_task_force.csv": [(2, "“税务局”不是获得电力指标专班的牵头单位或责任单位")],
    "no_office.csv": [(0, "没有角色为“办公室”的人员")],
    "not_a_roster.txt": [(0, "不支持的文件类型")],
    "corrupt.xlsx": [(0, "无法打开这个 .xlsx 文件")],
}
"""File → every (row, part of the message) it must be refused with; row 0 = the file."""


async def run_import(sessions, kb, clock, path: Path, *, dry_run: bool = False) -> ImportResult:
    parsed = parse_file(path, kb)
    async with sessions() as session, session.begin():
        return await import_roster(
            session,
            kb,
            parsed,
            now=clock.now(),
            actor="tester",
            source=path.name,
            dry_run=dry_run,
        )
