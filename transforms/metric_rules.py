"""The rules of metric extraction, as data (see ``/work/shared/spec/METRICS.md``).

Word lists, the unit table and the exclusion patterns live here so that a new report
template usually needs a new entry, not new code. Every table says why it exists. The rules of a
figure's subject are in ``subject_rules`` (where it starts and stops) and ``subject_noise`` (words
stripped from its ends).
"""

from __future__ import annotations

import re

from transforms import units
from transforms.types import Qualifier

# --- numbers -----------------------------------------------------------------------

# Arabic digits, ASCII or full-width; an ASCII comma is a thousands separator only when
# exactly three digits follow it (a full-width comma between digits is a list, not a number).
ARABIC_NUMBER = r"[0-9０-９]+(?:,[0-9０-９]{3}(?![0-9０-９]))*(?:[.．][0-9０-９]+)?"
# Chinese numerals; must start with a digit word or 十/百/千 (a bare 万/亿 is a multiplier).
# A bare 万 is a number after a qualifier (近万人) or before 余 (万余人次 = 10000+).
CHINESE_NUMBER = r"[零〇一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千万亿]*|(?<=[近超逾约破])万|(?<![0-9０-９零〇一二两三四五六七八九十百千])万(?=余)"

# Multipliers written after an Arabic number: 1.5亿, 3万, 5千万, 2万亿.
MULTIPLIERS: dict[str, float] = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}

# --- qualifiers --------------------------------------------------------------------

# Words glued before the number (longest first); they win over words after the number.
QUALIFIER_BEFORE: dict[str, Qualifier] = {
    "超过": "over",
    "突破": "over",
    "超": "over",
    "逾": "over",
    "将近": "nearly",
    "接近": "nearly",
    "近": "nearly",
    "大约": "about",
    "约": "about",
    "不足": "under",
    "不到": "under",
    # targets are often floors or ceilings: 不少于8家, 不低于98% (over); 不超过3% (under)
    "不少于": "over",
    "不低于": "over",
    "不小于": "over",
    "不超过": "under",
    "不高于": "under",
    "不多于": "under",
}
# Words between number and unit (10余万人, 2000多家) or after the unit (100人以上).
QUALIFIER_INSIDE: dict[str, Qualifier] = {"余": "over", "多": "over"}
QUALIFIER_AFTER: dict[str, Qualifier] = {
    "以上": "over",
    "多": "over",
    "左右": "about",
    "上下": "about",
    "以下": "under",
    "以内": "under",
    "内": "under",
}
# 内/以内 read as "within" only after an amount of time or distance (20天内); after a
# count (3个小区内) they are a place.
UNDER_AFTER_UNITS = units.flagged("within")
# 上下 is "about" only when the clause ends there (上下联动 is a set phrase).
QUALIFIER_AFTER_NEEDS_END = frozenset({"上下"})

# --- units -------------------------------------------------------------------------

# Every unit fact comes from the one table transforms/data/units.tsv (see transforms/units.py).
# written unit -> canonical unit (METRICS.md "Units"), for the written forms that differ.
UNIT_CANONICAL: dict[str, str] = units.canonical()
CURRENCY_UNITS = units.of_kind("money")
PERCENT_UNITS = units.of_kind("ratio")
# A share's change (个百分点) and a multiple (倍) are changes whatever words surround them.
CHANGE_UNITS = units.of_kind("growth")
# Physical quantities with a standard unit -> kind "measure".
MEASURE_UNITS = units.of_kind("measure")
# Every unit written after a number (longest first in the regex). Measure words of counts
# are kept as written; compound ones (人次, 户次 ...) are one unit.
UNIT_WORDS: tuple[str, ...] = units.written_forms()
# A unit word must not be the first character of a longer word (年 in 年代, 处 in 处理,
# 人 in 人才): the number then has no unit here.
UNIT_NOT_FOLLOWED_BY: dict[str, str] = units.not_followed_by()
# A few units need stronger evidence when written after Chinese numerals (三大, 四方 ...):
# Chinese numerals + these are almost always names (十二组团, 二十大, 三期项目).
CHINESE_NUMERAL_NAME_UNITS = units.flagged("name_prone", written=True)
# Written forms holding an "over" qualifier (3个多月).
OVER_UNITS = units.flagged("over", written=True)
# Radii and durations before 生活圈/隔离 define a group (15分钟生活圈): see THRESHOLD_AFTER_RE.
RADIUS_UNITS = units.flagged("radius", written=True)

# A postposed count in Chinese numerals may follow a quoted name (新建“志愿驿站”九个,).
QUOTE_CLOSERS = "”’」》"
# A part of the figure before (共建成十个，其中三个由…): a count even mid-clause.
PARTITIVE_BEFORE = ("其中",)

# --- kinds -------------------------------------------------------------------------

# A change word right before a share or a multiple makes it a growth figure; a decrease
# word makes the value negative. Compared-with words (同比 ...) make any figure a change.
GROWTH_UP_WORDS = (
    "增长",
    "增加",
    "净增",
    "增产",
    "增收",
    "上升",
    "提高",
    "提升",
    "上涨",
    "增速",
    "增幅",
    "涨幅",
    "增长率",
    "多出",
    "高出",
)
GROWTH_DOWN_WORDS = (
    "下降",
    "减少",
    "净减",
    "减产",
    "减收",
    "回落",
    "降低",
    "下滑",
    "下跌",
    "降幅",
    "减幅",
    "缩减",
    "少了",
    "缩短",
    "压缩",
    "减",
)
COMPARISON_WORDS = (
    "同比",
    "环比",
    "比上年",
    "较上年",
    "比去年",
    "较去年",
    "比上年同期",
    "较上年同期",
    "较同期",
    "比同期",
    "同期相比",
    "较年初",
    "比年初",
)
# Compared with a named year or quarter (比2023年增加8家, 较一季度提升): same as the words above.
COMPARISON_EXTRA = r"[较比](?:[0-9]{4}年|[一二三四]季度|上半年|上月|上季度|前年)(?:同期|底|末)?"
# Between the change word and the number: 增长了 / 增长为 / 下降约 / 增速达. 提高到 / 提升至
# are left out on purpose: they state a new level (a ratio), not a change.
GROWTH_GLUE = r"(?:了|为|达|达到|是|约|近|超|超过)?"

# Rank cues before 第N in the same clause: 位列全区第三, 排名全市第一, 居全省第2位, 为全县第3名.
# Single-character cues need the ranked area right after them (居民 is not a cue).
RANK_CUE = (
    r"(?:(?:位列|排名|排在|排位|名列|位居|位于|居于)[^，,。；;！？!?\n第]{0,6}"
    r"|(?<![民家住])(?:列|居|排)(?:全[区市省县国镇街乡])?|(?:为|是|获|列|居|排)全[区市省县国镇街乡])"
)
# After a ranking number these make it an ordinal of something else (排名第二批, 位列第三届).
RANK_NOT_FOLLOWED_BY = r"(?![届批次期轮个季阶部章条款号年方梯档等])"  # 第一方阵, 第一梯队, 第一等次: tiers
# Award verbs rank only with an explicit 名/位: 荣获全市第一名 (but 荣获第二届 is an ordinal).
# a bare 获 too (代表队获团体第二名): the explicit 名/位 still required keeps 获第二届 out
RANK_AWARD_CUE = r"(?:获得|荣获|取得|获评|夺得|获)[^，,。；;！？!?\n第]{0,6}"

# A rank cue closing a subject (满意度位居全县第二): the subject is before it.
RANK_CUE_TAIL_RE = re.compile(
    r"(?:跃居|稳居|跻身|位列|排名|排在|排位|名列|位居|位于|居于|获得|荣获|取得|获评|夺得|列|居|排|为|是|获)(?:全[区市省县国镇街乡])?$"
)
# Words of a clause that make a bare 万/亿 money (社零实现145.98亿, 计划总投资额4200万).
MONEY_CONTEXT_RE = re.compile(
    r"额|资金|收入|投资|金额|销售|产值|税收|社零|营收|营业|资产|价值|经费|预算|补贴|补助|收益|利润|贷款"
    r"|消费|出口|进口|财政|生产总值|GDP|零售|成交|奖励|救助金|工资|资本|融资|基金"
)

# --- exclusions --------------------------------------------------------------------

# Quoted or titled spans this short are names, slogans, codes: “1358”工作思路, “千名干部助千企”,
# 《致全体居民朋友的倡议书》. Longer quotes are speech and keep their figures.
SHORT_QUOTE_PATTERN = re.compile(r"“[^”\n]{1,30}”|‘[^’\n]{1,30}’|《[^》\n]{1,40}》|「[^」\n]{1,30}」|\"[^\"\n]{1,30}\"")
# Masked figures of template pages (XX亿元, X.X%, ***万元, □□个, 1X.X亿元): a figure with a mask
# character glued to its digits is no figure; a real one beside it still is (METRICS.md).
MASK_CHARS = "XxＸｘ*＊×□■○●△"
# A number touching these characters is part of a code, address, version, date or score:
# CY203-B07, A-23地块, 3·5, 4·18, 2024/2/3, 3.0, 17:22, 3-5年.
# (ASCII letters and digits before a number make a code too: CY203, B3栋.)
CODE_CHARS_BEFORE = "-－/·•#＃_~～.．×*"
CODE_CHARS_AFTER_RE = re.compile(r"[A-Za-z_]|[-－/·•:：~～×*][0-9０-９]|[.．][0-9０-９]")
# Ranges (3-5年, 20至30人) and date-ish followers.
RANGE_AFTER_RE = re.compile(r"(?:[-－~～—至到]|或)[0-9０-９零一二两三四五六七八九十]")
RANGE_BEFORE_RE = re.compile(r"[0-9０-９零一二两三四五六七八九十百千万亿][余多]?[-－~～—至到或]$")
# ... except a 至/到 range of plain numbers with the unit at the end and no multiplier (3至5个,
# 三至五个): both ends are figures, the bare start borrowing the unit. 30至50万元 (the start's
# multiplier left unsaid), 20-30人 (a dash, code-like) and 第1至3名 stay out.
RANGE_TO_START_RE = re.compile(
    r"(?<![0-9０-９.．零〇一二两三四五六七八九十百千万亿第每])(?P<num>[0-9０-９]+|[一二两三四五六七八九十]{1,3})[至到]$"
)
# Amounts of time followed by a noun describe it (24小时值班, 3年行动计划, 14天的隔离):
# only a duration closing its clause or followed by a predicate (10天完成) is measured.
DURATION_UNITS = units.flagged("duration")
# Thresholds that define a group rather than measure it: 15分钟生活圈, 14天的隔离管理.
THRESHOLD_AFTER_RE = re.compile(
    r"(?:以上|以下|以内|内)?(?:的)?(?:城区|社区|便民|居家|城市|品质|就医|健身|文化|养老|教育|生活|服务|步行|通勤|经济|骑行)*(?:生活圈|服务圈|经济圈|圈|可达|范围|步行|车程|路程)"
    r"|(?:的)?(?:集中|居家)?(?:隔离|医学观察|健康监测|居家观察)"
)
# 仍有3个村年经营性收入低于30万元: a bound after "有 + count + noun" picks the counted group.
GROUP_HEAD_RE = re.compile(r"有$")
BOUND_BEFORE_RE = re.compile(r"(?:低于|高于|少于|多于)$")
# Numbers preceded by these are ordinals or rates' denominators, not quantities: 第二批, 每万人.
ORDINAL_BEFORE = ("第",)
RATE_BEFORE = ("每",)
# The print run in a notice's colophon ((共印30份), 印数：50份) is page furniture, not work done.
PRINT_RUN_BEFORE_RE = re.compile(r"(?:共印|印数[：:]?|印制)$")
# Address parts: 128号3幢201室, 199弄32号 (a building number, not three buildings).
ADDRESS_BEFORE = ("号", "弄", "巷", "室")
# ... but only for a bare number or a building unit: 背街小巷23条, 卫生室2所 count things.
ADDRESS_UNITS = frozenset({"", "幢", "栋", "号", "室", "弄", "楼", "层", "单元", "座"})
# A floor or ceiling glued before a figure followed by 的 + noun defines a group (超50万元的村).
THRESHOLD_PRE_QUALIFIERS: frozenset[Qualifier | None] = frozenset({"over", "under"})

# --- flattened tables ----------------------------------------------------------

# Growth words in a table header column (指标 完成值 同比增长): the column's shares are changes.
TABLE_GROWTH_HEADER_RE = re.compile(r"增长|增速|增幅|同比|比上年|较上年|增减|涨幅")
TABLE_DECLINE_HEADER_RE = re.compile(r"下降|降幅|减少")
# A header row of a flattened table names its columns with these words (指标名称 单位 完成值 同比增长).
TABLE_HEADER_WORD_RE = re.compile(
    r"指标|项目|名称|单位|完成|数值|数量|金额|同比|增长|增速|目标|计划|实际|累计|本期|合计"
)
# Columns whose bare numbers are not measured: row numbers.
TABLE_SKIP_HEADER_RE = re.compile(r"^(?:序号|编号|序|No\.?)$")
# Columns that rank (排名 3, 位次 2) and the column that names the row.
TABLE_RANK_HEADER_RE = re.compile(r"排名|位次|排位")
TABLE_NAME_HEADER_RE = re.compile(r"指标|名称|项目|类别|内容")

# --- periods -----------------------------------------------------------------------

_MONTH = r"[0-9０-９]{1,2}"
PERIOD_PATTERNS = (
    rf"截(?:止至|止到|至|止)(?:目前|今年|当前|年底|年末|{_MONTH}月(?:底|末|份)?(?:{_MONTH}日)?|[0-9]{{4}}年(?:{_MONTH}月)?(?:底|末)?)*(?:为止|止)?",
    r"自[^，,。；;！？!?\n]{1,30}?(?:以来|起)",
    r"“[^”\n]{1,8}”(?:以来|期间)",  # “十四五”以来: a named plan period, as 自…以来
    rf"{_MONTH}(?:月份?)?[-－—~～至到]{_MONTH}月份?",
    rf"(?:{_MONTH}月份?|年初|今年|年内|去年)(?:以来|至今)",
    r"[0-9]{4}年(?:春节|国庆|汛期|暑期|上半年|下半年|全年)?期间",
    r"[0-9]{4}年(?:上半年|下半年|全年|前三季度)",
    r"(?:上半年|下半年|前三季度|第[一二三四]季度|全年|一年来|近年来|现阶段)",
    r"(?:目前|当前)(?=[，,])",  # 目前，… states the date of the figures; 目前已完成 is just "now"
)
PERIOD_RE = re.compile("|".join(f"(?:{p})" for p in PERIOD_PATTERNS))
# A bare year is a period only where it opens the sentence (2021年,街道… / 2024年是…).
SENTENCE_YEAR_RE = re.compile(r"^\s*[“‘]?(?:[0-9]{4}年)(?=[，,是])")  # also inside a quote: “2024年，全镇…

# --- goal wording ------------------------------------------------------------------

# A sentence that states a target or plan (计划, 力争, 目标, 预计, 将, 拟 ...). 将 is a
# plan word except in 已将/将近/将其 (把-construction, "nearly", "it").
TARGET_RE = re.compile(
    r"(?<![较比按超原])计划|力争|(?<!完成)(?<!完成年度)目标(?!任务|定位|导向|体系|管理|考核)|预计|预期|争取|拟|确保|将要|打算|规划到|(?<![已并即])将(?![近其军来])"
)
# Inside a review section only unmistakable goal words make a figure a target: 将 there is
# mostly the object marker (将辖区原有58个网格细分为412个), and 计划/确保 describe the year's own work
# (年计划投资2.716亿元 is this year's plan, already reviewed); 拟 there introduces the work under way.
# 目标定位/目标导向/目标管理/目标考核 name a way of working, not a figure to reach.
REVIEW_TARGET_RE = re.compile(
    r"力争|争取|预计(?!年底)|(?<!完成)(?<!完成年度)(?<!完成全年)目标(?!任务|定位|导向|体系|管理|考核)|明年|下一步|下半年将"
)

# Where a figure reports the year under review although goal words stand near it (METRICS.md
# "Targets"): an estimate of this year's result (预计全年完成), progress against this year's plan
# (年计划投资3.5亿元，已完成85.9%; 完成年度目标的80%), a goal already reached (突破70亿元目标).
# A clause with one of these reports a result, and so do the clauses after it in its sentence
# until a goal word (力争, 明年 ...) starts a target again.
RESULT_CUE_RE = re.compile(
    r"预计全年|全年预计|预计(?:到|至)?年底|预计(?:本年|年内)|预计[^，,。；;将]{0,4}全年"
    r"|已(?:完成|实现|达到|达|建成|超过|突破|累计)"
    r"|(?:突破|超过|超额完成|提前完成|圆满完成|全面完成|完成了|实现了|达到了)[^，,。；;]{0,12}目标"
    r"|目标[，,](?:实际)?(?:达到|实现|完成)"
)
# A result cue right after these is itself a goal (确保完成全年目标, 力争突破10亿元目标).
RESULT_CUE_GOAL_BEFORE_RE = re.compile(r"(?:确保|力争|争取|努力|将|要|计划|预期|保证|全力)$")
# Progress against a plan in percent makes the whole sentence a progress report: every figure
# in it (the plan's amount too) belongs to the year under review.
PROGRESS_RE = re.compile(
    r"(?:已完成|完成了?|达到)(?:年度|全年|年)?(?:计划|目标|任务)?(?:投资)?的?[0-9０-９.．]+[%％]"
    r"|(?:年度|全年|年)(?:计划|目标|任务)的[0-9０-９.．]+[%％]|完成率|完成进度|序时进度"
)
# A sentence opening with one of these starts the plan of a report that has no plan heading
# (明年，街道将…; 下一步，…); it and the rest of its paragraph are the plan. The plan year
# itself (2024年，…确保…) opens a plan too (``transforms.targets``).
PLAN_OPENER_RE = re.compile(
    r"^[“‘\s]*(?:明年|来年|下一步|下步|下一阶段|下阶段|新的一年|今后(?!的)|接下来|展望\d{4}年|展望明年)"
)

# --- sentences ---------------------------------------------------------------------

SENTENCE_END = "。！？!?\n"
CLAUSE_END = "。！？!?\n；;"
CLAUSE_SEP = "，,；;。！？!?\n：:"
