"""The office console's command words (区营商环境办公室, in chat). A member types the value;
handlers/office maps each to its handler and handlers/texts.py holds its usage line."""

from __future__ import annotations

from enum import StrEnum


class OfficeCommand(StrEnum):
    PROGRESS = "进度"
    MISSING = "未报"
    CHASE = "催报"
    SHOW = "查看"
    VERSIONS = "版本"
    RETURN = "退回"
    ACCEPT = "通过"
    EXPORT = "导出"
    DEADLINE = "截止"
    PERIOD = "周期"
    EXTEND = "延期"
    EXEMPT = "免报"
    CASES = "案例"
    SCORE = "成绩"
    RANKING = "晾晒"
    ROSTER = "名单"
    REMINDERS = "提醒"
    QUARTER_REPORT = "生成季度汇报"
    RANKING_REPORT = "生成晾晒通报"
    DELIVERY = "发送情况"
    HOLIDAYS = "节假日"
    ATTACHMENTS = "附件"
    ASSIGN = "交办"
    PROBLEMS = "问题清单"
    CLOSE = "销号"
    RETURN_CLOSE = "退回销号"
    TARGETS = "目标"
