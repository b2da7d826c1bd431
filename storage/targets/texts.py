"""Every Chinese message of the targets import (the office reads them)."""

HEADER = "年度,专班,重点任务,季度,季度目标,责任单位,完成时限"
MISSING_COLUMNS = (
    "表头缺少必需的列：{columns}。表头应为：" + HEADER + "（责任单位、完成时限可留空）。"
)
DUPLICATE_COLUMNS = "表头中这些列出现了不止一次：{columns}。请只保留一列。"
NO_DATA = "只有表头，没有目标。请在表头下方逐行填写（一行一个重点任务的一个季度目标）后再导入。"
ROW = "第{row}行：{message}"
BLANK_CELL = "“{column}”为空，请填写。"
BAD_YEAR = "年度“{value}”不对：请填写四位年份，例如 2027。"
BAD_QUARTER = "季度“{value}”无法识别：请填写 1、2、3、4（或“一季度”“第二季度”“Q3”）。"
BAD_DUE = "完成时限“{value}”无法识别：请填写日期，例如 2027-03-31；留空则为该季度最后一天。"
DUE_BEFORE_QUARTER = "完成时限 {due} 早于{quarter}开始的日子。请填写本季度内或之后的日期。"
TOO_LONG = "“{column}”过长（最多{limit}个字符）。"
DUPLICATE_ROW = "与第{first}行重复（同一年度、专班、重点任务和季度）。请合并为一行或删除其中一行。"
UNIT_NOT_IN_TASK_FORCE = (
    "单位“{unit}”不是{task_force}的牵头单位或责任单位。请填写该专班的牵头或责任单位，或留空。"
)
SUMMARY_LINE = "{task_force} {year}年：重点任务 {tasks} 项，季度目标 {targets} 条（{change}）"
CHANGE_NEW = "新录入"
CHANGE_REPLACE = "替换原有 {before} 条：新增 {added}、修改 {updated}、删除 {removed}"
NO_CHANGE = "与已录入的目标一致"
