"""Where the subject of a figure starts and stops, as data (see ``transforms.subjects``).

Light and restarting verbs, predicate starters, stop words of prenominal subjects and the shapes
of subjects that name nothing. The words stripped from either end of a subject are in
``transforms.subject_noise``. Every table says why it exists.
"""

from __future__ import annotations

import re

# Generic action verbs and adverbs that report *that* something was done; the subject is
# what follows them (完成路灯改造312盏 -> 路灯改造). Substantive verbs (排查, 拆除,
# 走访 ...) stay in the subject, as annotators keep them.
LIGHT_VERBS = (
    "组织开展",
    "累计完成",
    "累计上报",
    "共完成",
    "已完成",
    "完成了",
    "实现了",
    "开展了",
    "完成",
    "实现",
    "开展",
    "组织",
    "举办",
    "召开",
    "建立",
    "收集到",
    "收集",
    "发放",
    "分发",
    "推出",
    "挖掘",
    "提供",
    "排除",
    "创建",
    "储备",
    "投放",
    "张贴",
    "搭建",
    "进行",
    "打造",
    "受理",
    "设立",
    "实施",
    "增设",
    "落实",
    "推荐",
    "推进",
    "推动",
    "加快",
    "帮助",
    "帮扶",
    "取得",
    "达成了",
    "处理",
    "开具",
    "绘制",
    "规划",
    "引导",
    "发动",
    "动员",
    "吸纳",
    "新建成",
    "建成",
    "培训了",
    "服务了",
    "慰问了",
    "惠及了",
    "签订",
    "排查出",
    "查出",
    "发现",
)
# Verbs after which a subject restarts even mid-phrase (商铺通过三轮招商自营已实现出租率
# -> 出租率). Verbs that also make nouns (违章搭建面积) are left out.
RESTART_VERBS = (
    "组织开展",
    "累计完成",
    "已完成",
    "完成",
    "实现",
    "开展",
    "进行",
    "提供",
    "发放",
    "投放",
    "收集到",
    "收集",
    "举办",
    "召开",
    "签订",
    "排查出",
    "查出",
    "建立",
    "带队",
    "带头",
    "受理",  # 12345热线受理群众诉求8462件 -> 群众诉求
    "吸纳",  # 服务队吸纳退休党员280名 -> 退休党员
)
# After a beneficiary (为群众, 为凉伞树小区居民 ...) every light verb restarts the subject.
BENEFICIARY_HEADS = ("为", "向", "给", "帮助")
# Words after which a stripped one-word subject gets its prefix back (已登记, 累计投资, 组织干部):
# annotators keep them when nothing else is left.
REATTACH_PREFIXES = ("累计", "已", "组织", "共")
# From an old level to a new one (游客量从2020年的8万人次增长到2024年的26万人次): the
# from/to phrase before a figure is no part of its subject.
FROM_TO_TAIL_RE = re.compile(
    r"(?:[从由]|(?:增长|增加|提高|提升|上升|下降|减少|降低|扩大|发展)(?:到|至))"
    r"(?:[0-9]{4}年(?:底|末|初)?|年初|年底|上年|去年|原来|原先|过去)?的?$"
)
# Nouns after a figure that are part of the predicate (突破百亿元大关): the subject is before it.
FIGURE_TAIL_NOUNS = ("大关", "关口", "大台阶")
# A change to a new level (满意率由86.5%提升至95.1%): a predicate, never a subject.
LEVEL_CHANGE_VERBS = (
    "提升至",
    "提升到",
    "提高至",
    "提高到",
    "增长至",
    "增长到",
    "增加至",
    "增加到",
    "上升至",
    "上升到",
    "下降至",
    "下降到",
    "降低至",
    "降低到",
    "减少至",
    "减少到",
    "降至",
    "增至",
    "升至",
    "缩短至",
    "缩短到",
    "压缩至",
    "压缩到",
    "减至",  # 时长由4.6天缩短至2.8天: a shorter new level
)
# Text right after a unit that starts a predicate rather than the counted noun
# (1500余人次排查厂房, 5天实现53家): the subject is then before the number.
PREDICATE_STARTERS = (
    (
        "实现",
        "完成",
        "排查",
        "开展",
        "参与",
        "参加",
        "获得",
        "达到",
        "达",
        "进行",
        "被",
        "在",
        "将",
        "已",
        "均",
        "共",
        "共计",
        "合计",
        "累计",
        "得到",
        "受到",
        "通过",
        "纳入",
        "入驻",
        "落户",
        "接受",
        "获评",
        "荣获",
        "享受",
        "涉及",
        "覆盖",
        "分别",
        "同比",
        "环比",
        "比",
        "较",
        "为",
        "是",
        "以",
        "用于",
        "投入",
        "开工",
        "竣工",
        "签约",
        "成功",
        "顺利",
        "提前",
        "等",
        "即",
        "就",
        "也",
        "都",
        "还",
        "又",
        "并",
        "且",
        "但",
        "和",
        "与",
        "及",
        "或",
        "至",
        "到",
        "从",
        "对",
        "向",
        "给",
        "把",
        "让",
        "由",
        "于",
        "了",
        "增收",
        "受益",
        "加入",  # 带动农户2400余户增收: the count's noun is before it
    )
    + LEVEL_CHANGE_VERBS
    + FIGURE_TAIL_NOUNS
)  # 86.5%提升至95.1%: the predicate, not the counted noun
# A prenominal subject that is only a level (4个省级、3个市级示范小区) shares the noun of the next figure.
MODIFIER_ONLY_SUFFIXES = ("级", "类", "型", "性")
# List markers opening a clause (二是力争新增油茶种植2000亩): a section lead, never part of a subject.
LIST_MARKER_PATTERN = r"[一二三四五六七八九十]{1,2}是|首先|其次|再次|最后"
# Words after which a subject starts over: the list head after 等, the place after 辖区.
SUBJECT_RESTART_MARKERS = ("等", "辖区内", "辖区")
# Nouns made from a light verb keep it: 完成进度, 完成率, 实现值.
LIGHT_VERB_NOUN_SUFFIX = ("进度", "率", "额", "量", "值", "数")
# A prenominal subject (15个社区) stops before these: another clause, a relative 的,
# a conjunction, or a verb that starts the predicate.
PRENOMINAL_STOPS = (
    "进行",
    "累计",
    "共计",
    "被",
    "以及",
    "分别",
    "通过",
    "成功",
    "有效",
    "顺利",
    "正式",
    "参与",
    "参加",
    "实施",
    "开展",
    "提供",
    "加快",
    "如期",
    "按期",  # 7个在建项目加快建设: manner words that start the predicate
    "办理",  # 1.2万名老年人办理了保险
    "加入",
    "送去",
    "送上",  # 近百家商户加入联盟, 为128户低保家庭送去物资: the predicate starts
    "低于",
    "高于",
    "不足",
    "不到",
    "少于",
    "多于",  # 有3个村集体收入低于20万元: a bound on the counted noun follows it
)
# One-character stops, as regexes so that they do not cut a word (参与, 涉及, 和谐, 存在, 平等).
PRENOMINAL_STOP_CHARS = (
    r"(?<![参给])与",
    r"(?<![涉普惠波以])及(?!时)",
    r"和(?![谐美睦])",
    r"(?<![合吞])并(?![购])",
    r"(?<![目有])的(?![确])",  # a relative 的 (聘用人员的竞岗定级), not 目的地, 的确
    r"(?<![存现实所正])在(?![建职岗校册押编营])",  # 7个在建项目: 在建 is one word
    r"(?<![达得收遇找受感做办提直])到(?![位期底户龄])",  # 12名年轻干部到一线岗位锻炼: 到 starts the predicate
    r"(?<![平对同])等(?![级])",
    r"将",
    r"(?<![而])已",
    r"(?<![平])均",
    r"或",  # (were inside the comment above)
    r"(?<![集其空])中(?![心学小国央华层型队])",  # 12个街道中排名第一; not 中心, 中学, 集中
)
# A subject that only says "the total" (总量位居全区第二) names nothing: the figure takes the
# subject of the amount it follows, as a growth rate or rank does.
GENERIC_SUBJECTS = frozenset({"总量", "总数", "总额", "规模", "数量", "其中", "总体", "整体"})
# A share "of" a whole (支出3.86亿元，占总支出的78.4%) measures the amount before it, not the whole.
SHARE_OF_RE = re.compile(r"占(?!比|地|用)")
# Attribute nouns before "figure + 的 + name" (总投资2.6亿元的XX项目, 总建筑面积约18万平方米的XX):
# the figure measures the attribute, not the named thing after 的.
ATTRIBUTE_BEFORE_DE_RE = re.compile(r"(?:投资|面积|长度|全长|总长|规模|金额|总额|产值|容量|库容|占地|体量|总价|造价)$")
# A subject that is only a linking verb (，达到102.3亿元 / 累计达到21家) names nothing: the
# figure measures what the figure before it measures.
LINK_ONLY_RE = re.compile(r"(?:已|共|累计|总计|合计|共计|分别|均|可|多|高|预计|有望|首次)?(?:达到|达|为|是|计)")
# Trailing nouns that name the job rather than the thing (城中村引进保洁工作).
PRENOMINAL_TRAILING = ("工作", "力量", "任务", "建设", "活动")
