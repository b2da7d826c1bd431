"""Who someone is on the roster. The values are the strings stored in `memberships.role`
(and, for the office, what a roster file's 角色 column maps to); labels live in the texts."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    LEADER = "leader"  # 分管领导
    CONTACT = "contact"  # 联系人
    MEMBER = "member"  # 成员
    OFFICE = "office"  # 区营商环境办公室 (a flag on the person, not a task-force membership)


TASK_FORCE_ROLES = (Role.LEADER, Role.CONTACT, Role.MEMBER)
"""A task force's roles, in the order listings show them."""
FILLER_ROLES = (Role.LEADER, Role.CONTACT)
"""The roles that fill in the lead units' quarterly report."""
