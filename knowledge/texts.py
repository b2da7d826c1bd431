"""Every user-facing Chinese template of the knowledge Q&A, in one place."""

LIST_SEP = "、"
BLOCK_SEP = "\n\n"
NONE = "无"

ROLE_LEAD = "牵头单位"
ROLE_RESPONSIBLE = "责任单位"
ROLE_LEAD_RESPONSIBLE = "牵头（责任）单位"

# -- task forces -------------------------------------------------------------------------
LEAD = "{task_force}的牵头单位：{units}。"
LEAD_IS_RESPONSIBLE = "{task_force}的牵头（责任）单位：{units}（牵头单位同时是责任单位）。"
RESPONSIBLE = "{task_force}的责任单位：{units}。"
RESPONSIBLE_IS_LEAD = (
    "{task_force}未另设责任单位，牵头（责任）单位为{units}，即牵头单位同时是责任单位。"
)
UNITS = "{task_force}\n{lines}"
UNIT_LINES = "牵头单位：{leads}\n责任单位：{responsibles}"
UNIT_LINES_LEAD_IS_RESPONSIBLE = "牵头（责任）单位：{leads}（牵头单位同时是责任单位）"
COUNTED = "{units}（共{count}个）"

SUB_INDICATORS = "{task_force}共{count}个二级指标：\n{items}"
SUB_INDICATORS_MISMATCH = (
    "{task_force}列出{count}个二级指标（原文写作“{declared}个二级指标”，但实际列出{count}项，"
    "以下按所列内容）：\n{items}"
)
SUB_INDICATORS_SINGLE = "{task_force}紧扣的二级指标：{name}。"
SUB_INDICATOR_ITEM = "{number}. {name}"
SUB_INDICATOR_ITEM_NOTE = "{number}. {name}（{note}）"
SUB_INDICATOR_SINGLE_NOTE = "{name}（{note}）"

DUTIES = "{task_force}的主要职责：\n{duties}"

SUB_INDICATOR_OWNER = "“{sub}”是{task_force}的二级指标（所属一级指标：{indicator}）。\n{lines}"

UMBRELLA = "“{indicator}”指标下设{count}个指标专班："
UMBRELLA_ITEM = "{number}. {task_force}：{detail}"
UMBRELLA_LEAD_DETAIL = "{role} {units}"
UMBRELLA_UNITS_DETAIL = "牵头单位 {leads}；责任单位 {responsibles}"
UMBRELLA_ORGANISER = "该一级指标牵头单位不唯一，由各“二级指标”牵头单位组织责任单位开展工作。"

# -- units -------------------------------------------------------------------------------
UNIT_LEADS = "{unit}牵头的指标专班（共{count}个）：\n{items}"
UNIT_LEADS_NONE = "{unit}不是任何指标专班的牵头单位。"
UNIT_RESPONSIBLE = "{unit}作为责任单位参与的指标专班（共{count}个）：\n{items}"
UNIT_RESPONSIBLE_NONE = "{unit}不是任何指标专班的责任单位。"
UNIT_PARTICIPATION = "{unit}共参与{count}个指标专班。"
UNIT_PARTICIPATION_LEADS = "牵头：\n{items}"
UNIT_PARTICIPATION_RESPONSIBLE = "作为责任单位参与：\n{items}"
UNIT_NONE = "{unit}未出现在任何指标专班中。"
UNIT_ITEM = "{number}. {task_force}"
UNIT_ITEM_LEAD_IS_RESPONSIBLE = "{number}. {task_force}（牵头（责任）单位）"
UNIT_NOTE = "说明：{note}"

MEMBERSHIP_YES = "是的，{unit}是{task_force}的{role}。"
MEMBERSHIP_OTHER_ROLE = "不是。{unit}是{task_force}的{role}，不是{asked}。"
MEMBERSHIP_NO = "不是。"

# -- working rules and lists -------------------------------------------------------------
RULE = "{answer}\n（见《东丽区营商环境指标专班工作机制》三、工作要求（{title}））"
GOAL = "{text}\n（见《东丽区营商环境指标专班工作机制》一、工作目标）"

INDICATOR_LIST = (
    "东丽区营商环境指标专班工作机制围绕{count}项营商环境指标：\n{items}\n共设{total}个指标专班。"
)
INDICATOR_ITEM = "{number}. {name}"
INDICATOR_ITEM_SEVERAL = "{number}. {name}（{count}个专班）"
TASK_FORCE_LIST = "共设{count}个指标专班：\n{items}"
TASK_FORCE_ITEM = "{number}. {name}"

# -- not understood ----------------------------------------------------------------------
FUZZY_NOTE = "（按“{name}”理解）"
DID_YOU_MEAN = "您是想问“{question}”吗？如果是，请按这个说法再问一次。"
ASK_WHICH = (
    "请问您想了解哪个指标或专班？例如：\n· 获得电力指标专班由谁牵头？\n· 纳税有哪些二级指标？"
)
ABOUT_TOPIC = (
    "关于{name}，我可以回答牵头单位、责任单位、二级指标和主要职责。例如：“{name}由谁牵头？”"
)
ABOUT_UNIT = "关于{name}，我可以回答它牵头或参与哪些指标专班。例如：“{name}牵头哪些专班？”"
OUT_OF_SCOPE = (
    "抱歉，这个问题不在我能回答的范围内。我可以解答东丽区营商环境指标专班的分工和工作要求，"
    "例如：\n"
    "· 获得电力指标专班由谁牵头？\n"
    "· 纳税有哪些二级指标？\n"
    "· 专班多长时间开一次会商会议？"
)

# Questions offered with "您是想问……吗？", by what was asked.
QUESTION_LEAD = "{name}由谁牵头"
QUESTION_RESPONSIBLE = "{name}的责任单位有哪些"
QUESTION_UNITS = "{name}由哪些单位组成"
QUESTION_SUB_INDICATORS = "{name}有哪些二级指标"
QUESTION_DUTIES = "{name}的主要职责是什么"
QUESTION_TOPIC = "{name}"
QUESTION_UNIT_LEADS = "{name}牵头哪些专班"
QUESTION_UNIT_PARTICIPATION = "{name}参与哪些专班"
QUESTION_SUB_INDICATOR_OWNER = "“{name}”属于哪个专班"
