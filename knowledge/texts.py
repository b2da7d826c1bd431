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
    "文件中没有这方面的内容，这个问题不在我能回答的范围内。我可以解答东丽区营商环境指标专班的"
    "分工和工作要求，"
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

# -- queries (knowledge.evaluate) --------------------------------------------------------
ITEMS = "{what}共{count}个：{items}"
ITEMS_LINES = "{what}共{count}个：\n{items}"
ITEMS_NONE = "没有{what}。"
ITEM_LINE = "{number}. {name}"
ITEM_DETAIL = "{number}. {name}（{detail}）"
DETAIL = "{label}：{names}"
LABEL_LEADS = "牵头单位"
LABEL_RESPONSIBLE = "责任单位"
LABEL_UNITS = "单位"
LABEL_SUB_INDICATORS = "二级指标"
LABEL_TASK_FORCES = "指标专班"
LABEL_LEAD_RESPONSIBLE = "牵头（责任）单位"
LABEL_LED = "牵头"
LABEL_RESPONSIBLE_IN = "任责任单位"
LABEL_PARTICIPATES = "参与"

# Filters: what the listed items are.
TF_FILTER = "{label}{cmp}的指标专班"
TF_NO_RESPONSIBLE = "未另设责任单位（牵头单位同时是责任单位）的指标专班"
CMP = {
    "=": "为{n}个",
    ">": "多于{n}个",
    ">=": "有{n}个及以上",
    "<": "少于{n}个",
    "<=": "不多于{n}个",
}
UNITS_ONLY_RESPONSIBLE = "只作为责任单位参与、不牵头任何专班的单位"
UNITS_ONLY_LEAD = "只牵头、不在其他专班任责任单位的单位"
UNITS_BOTH_ROLES = "既牵头专班、又在其他专班任责任单位的单位"
UNITS_LEADING = "牵头{cmp}指标专班的单位"
UNITS_ALL = {
    "leads": "牵头单位",
    "responsible": "担任责任单位的单位",
    "participates": "参与指标专班的单位",
}
UNITS_GROUPS_NOTE = "另有{count}个成员单位群体（{names}），文件未列出其具体成员。"
SUB_TOTAL = "{count}个指标专班共列出{total}个二级指标：\n{items}"
SUB_TOTAL_ITEM = "{number}. {task_force}：{count}个"
SUB_TOTAL_NOTE = (
    "说明：知识产权专班原文写作“{declared}个二级指标”，实际列出{listed}个，此处按列出的计。"
)

# Superlatives and comparisons.
MOST = "{label}最多的{what}是{name}，共{count}个：{names}。"
LEAST = "{label}最少的{what}是{name}，共{count}个：{names}。"
MOST_TIED = "{label}最多的{what}有{ties}个，各{count}个：\n{items}"
LEAST_TIED = "{label}最少的{what}有{ties}个，各{count}个：\n{items}"
RANKED = "{label}第{rank}{more}的{what}（各{count}个）：\n{items}"
RANK_MORE = "多"
RANK_FEWER = "少"
LEAST_NONE = "{label}最少的{what}（没有{label}）共{ties}个：\n{items}"
WHAT_TASK_FORCES = "指标专班"
WHAT_UNITS = "单位"
WHAT_INDICATORS = "一级指标"
UNIT_MEASURE = {
    "leads": "牵头专班",
    "responsible": "任责任单位的专班",
    "participates": "参与的专班",
}
INDICATOR_MEASURE = {"task_forces": "下设专班", "sub_indicators": "二级指标"}
COMPARE_LINE = "{name}{label}共{count}个：{names}。"
COMPARE_MORE = "{name}更多（多{diff}个）。"
COMPARE_SAME = "两者一样多。"

# Sets.
TOGETHER_TASK_FORCES = "{units}都{verb}的指标专班"
APART_TASK_FORCES = "{first}{verb}而{second}不{verb}的指标专班"
TOGETHER_UNITS = "{topics}共同的{label}"
APART_UNITS = "{first}有而{second}没有的{label}"
VERB = {"leads": "牵头", "responsible": "任责任单位", "participates": "参与"}
SET_EACH = "{name}{verb}：{names}"
ROLE_OF = "{unit}{role}"

# Yes/no and premises.
YES = "是的，"
NO = "不是，"
FACT_LEADS = "{task_force}由{units}牵头。"
FACT_CO_LEAD = "{task_force}由{units}共同牵头。"
FACT_LEAD_IS_RESPONSIBLE = "{task_force}的牵头（责任）单位是{units}（牵头单位同时是责任单位）。"
FACT_RESPONSIBLE = "{task_force}的责任单位是{units}。"
FACT_NO_RESPONSIBLE = "{task_force}未另设责任单位，牵头（责任）单位是{units}。"
FACT_UNITS = "{task_force}的牵头单位是{leads}，责任单位是{responsibles}。"
FACT_OTHER_ROLE = "{unit}是{task_force}的{role}。"
FACT_NOT_IN = "{unit}不在{task_force}中。"
FACT_COUNT = "{name}的{label}共{count}个：{names}。"
FACT_UNIT_COUNT = "{unit}{verb}的指标专班共{count}个：{names}。"
FACT_TOTAL_TASK_FORCES = "共设{count}个指标专班。"
FACT_TOTAL_INDICATORS = "工作机制围绕{count}项营商环境一级指标，共设{total}个指标专班。"
FACT_TOTAL_SUB_INDICATORS = "23个指标专班共列出{count}个二级指标。"
FACT_SUB_YES = "“{sub}”是{task_force}的二级指标。"
FACT_SUB_NO = "“{sub}”不是{task_force}的二级指标，而是{owner}的二级指标。"
FACT_DECLARED = "原文写作“{declared}个二级指标”，但实际列出{count}个：{names}。"

# Activities, cards, choices.
SEARCH_ONE = "“{word}”属于{task_force}的工作：\n{lines}\n原文：{quote}"
SEARCH_MANY = "“{word}”涉及{count}个指标专班：\n{items}"
SEARCH_ITEM = "{number}. {task_force}（{lines}）\n   原文：{quote}"
QUOTE = "“{text}”"
QUOTE_SUB = "二级指标“{name}”"
LINES_INLINE = "牵头单位：{leads}；责任单位：{responsibles}"
LINES_INLINE_LEAD_IS_RESPONSIBLE = "牵头（责任）单位：{leads}"
CARD = "{task_force}\n{lines}\n{subs}"
CARD_MORE = "还可以问：“{title}的主要职责是什么？”“{title}的责任单位有哪些？”"
CARD_SUBS = "二级指标（{count}个）：{names}"
CHOOSE = "您是想问以下哪一个吗？\n{items}\n请回复名称或序号（如“第1个”）。"

# English names.
ENGLISH_UNIT = "{name}的英文名称：{english}"
ENGLISH_UNIT_MORE = "（也可称 {others}）"
ENGLISH_TOPIC = "{name}（一级指标“{indicator}”）的英文名称：{english}"
ENGLISH_NONE = "文件和资料中没有{name}的英文名称。"
ENGLISH_PAIR = "{name}（{english}）"

# Out of scope.
NOT_IN_DOCUMENT = "文件中没有这方面的内容：{reason}。"
NOT_IN_TEXT = "文件中没有写到与“{word}”有关的专班或职责"
NOT_IN_DOCUMENT_RELATED = "与“{word}”相关的是{task_force}（原文：{quote}），可以问它由谁牵头。"
NOT_IN_DOCUMENT_ASK = "我可以回答，例如：\n{examples}"
EXAMPLE = "· {question}"
EXAMPLE_TOPIC = ("{name}由谁牵头？", "{name}有哪些二级指标？")
EXAMPLE_UNIT = ("{name}牵头哪些专班？", "{name}参与哪些专班？")
EXAMPLES_DEFAULT = (
    "获得电力指标专班由谁牵头？",
    "哪个专班的责任单位最多？",
    "企业注销找哪个专班？",
)
