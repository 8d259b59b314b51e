"""A corpus of N distinct, realistic, fictional work reports of sub-districts, towns and townships.

    python bench/corpus.py N OUTDIR [--seed S] [--check K] [--jobs J]

Every report is made up: the organisation is a real 街道/镇/乡 with its real district, city and
province (``transforms/data/divisions/``, National Bureau of Statistics codes: facts), everything else
(the sentences, the figures, the communities, villages and projects) is generated here from this
file's own templates. Reports vary by

- genre: annual summary (工作总结 + 计划/思路/安排), 政府工作报告 (towns and townships), half-year summary;
- outline: 一、 over （一）, 一、 over 1., 一、 over 一是 paragraphs, （一） over 1.;
- content: paragraphs assembled from a pool of clause templates per topic (economy, construction,
  environment, livelihood, governance, party building, epidemic control in 2020-2022, agriculture for
  towns), with fresh figures (money, growth, counts, ratios, ranks, areas, lengths) in every slot, and a
  plan part with targets for the next year;
- form: about a third are ``.html`` pages with portal furniture (navigation, breadcrumb, 索引号 table,
  字号/打印/关闭/返回顶部, footer; some GB18030-encoded), the rest ``.txt``.

Document ``i`` depends only on ``(seed, i)``: the corpus of N is the first N documents of any larger one,
and the same seed gives the same bytes. Reports are 1,500-3,000 characters of text. ``--check K``
prints the pairwise Jaccard similarity of the character 4-shingle sets (as ``transforms.dedup``
measures near-duplicates) over K of the documents: it stays far below the 0.8 at which the pipeline
calls two texts the same report.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DIVISIONS = Path(__file__).resolve().parents[1] / "transforms" / "data" / "divisions"
MIN_CHARS, MAX_CHARS = 1500, 3000
FIRST_YEAR, LAST_YEAR = 2016, 2024  # review years


# ---------------------------------------------------------------------------------------------
# Organisations: real divisions (facts)


@dataclass(frozen=True)
class Org:
    name: str  # 东华门街道
    district: str  # 东城区
    city: str  # 北京市 (the province for a municipality's districts)
    province: str

    @property
    def level(self) -> str:
        """街道, 镇 or 乡 (other units, such as 地区办事处 or 农场, count as towns)."""
        if self.name.endswith("街道"):
            return "街道"
        if self.name.endswith("乡"):
            return "乡"
        return "镇"


@cache
def _rows(name: str) -> list[list[str]]:
    lines = (DIVISIONS / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@cache
def orgs() -> tuple[Org, ...]:
    """Every 街道/镇/乡 with its district, city and province, in file order."""
    provinces = {code: name for code, name in _rows("provinces.tsv")}
    cities = {code: (name, province) for code, name, province in _rows("cities.tsv")}
    areas = {code: (name, city) for code, name, city in _rows("areas.tsv")}
    found = []
    for name, area in _rows("streets.tsv"):
        if area not in areas or not name.endswith(("街道", "镇", "乡")):
            continue
        district, city_code = areas[area]
        city, province_code = cities[city_code]
        province = provinces[province_code]
        if city in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            city = province if city != "省直辖县级行政区划" and city != "自治区直辖县级行政区划" else district
        found.append(Org(name, district, city, province))
    return tuple(found)


# ---------------------------------------------------------------------------------------------
# Figures: a fresh value for every slot of a template


def _money(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.45:
        return f"{rng.randint(120, 9800)}万元"
    if r < 0.85:
        return f"{rng.uniform(1.02, 48.9):.{rng.choice((1, 2, 2))}f}亿元"
    return f"{rng.randint(15, 990)}万元"


def _income(rng: random.Random) -> str:
    return rng.choice((f"{rng.randint(16000, 78000)}元", f"{rng.uniform(1.6, 7.8):.2f}万元"))


def _wan(rng: random.Random) -> str:
    return f"{rng.randint(12, 980)}万元"


def _pct(rng: random.Random) -> str:
    return f"{rng.uniform(0.6, 24.9):.1f}%"


def _ratio(rng: random.Random) -> str:
    return rng.choice((f"{rng.uniform(60, 99.9):.1f}%", f"{rng.randint(70, 100)}%", f"{rng.uniform(85, 99.8):.2f}%"))


def _pp(rng: random.Random) -> str:
    return f"{rng.uniform(0.2, 9.5):.1f}个百分点"


def _count(rng: random.Random) -> str:
    return str(rng.choice((rng.randint(2, 60), rng.randint(10, 400), rng.randint(100, 9000))))


def _approx(rng: random.Random) -> str:
    n = rng.choice((rng.randint(12, 98) * 10, rng.randint(2, 90) * 100))
    return f"{n}{rng.choice(('余', '多', ''))}"


def _rank(rng: random.Random) -> str:
    n = rng.randint(1, 9)
    return rng.choice((f"第{n}名", f"第{'一二三四五六七八九'[n - 1]}", f"第{n}位"))


def _area(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return f"{rng.randint(3, 980) * 10}平方米"
    if r < 0.7:
        return f"{rng.uniform(0.3, 48):.1f}万平方米"
    return f"{rng.randint(40, 9000)}亩"


def _mu(rng: random.Random) -> str:
    return rng.choice((f"{rng.randint(80, 9800)}亩", f"{rng.uniform(0.2, 9.6):.1f}万亩"))


def _km(rng: random.Random) -> str:
    return rng.choice((f"{rng.uniform(0.4, 38):.1f}公里", f"{rng.randint(200, 9800)}米"))


def _small(rng: random.Random) -> str:
    return str(rng.randint(2, 36))


_SYL1 = [
    "和平",
    "东湖",
    "新华",
    "青石",
    "金桥",
    "柳营",
    "白沙",
    "南苑",
    "北关",
    "西坝",
    "桂花",
    "长乐",
    "永丰",
    "兴隆",
    "福安",
    "文昌",
    "荷塘",
    "枫林",
    "杏坛",
    "竹园",
    "松岗",
    "梨园",
    "凤鸣",
    "龙泉",
    "鹤山",
    "石桥",
    "丰收",
    "望江",
    "锦绣",
    "春晖",
    "朝阳",
    "新民",
    "广源",
    "双井",
    "三合",
    "五里",
    "七星",
    "九龙",
    "月湖",
    "云台",
    "翠屏",
    "银杏",
    "紫荆",
    "玉泉",
    "清河",
    "湖滨",
    "滨江",
    "宝塔",
    "德胜",
    "瑞丰",
    "泰安",
    "裕华",
    "安康",
    "同心",
    "红旗",
    "育才",
    "观澜",
    "碧水",
    "仙桥",
    "马场",
    "沙湾",
]
_SYL2 = [
    "东",
    "西",
    "南",
    "北",
    "新",
    "中",
    "上",
    "下",
    "前",
    "后",
    "里",
    "外",
    "园",
    "湾",
    "岭",
    "坪",
    "埠",
    "岗",
    "口",
    "庄",
    "河",
    "塘",
    "坊",
]
_PLACE_KIND = ("社区", "社区", "村", "小区")
_PROJECT_KIND = (
    "安置房",
    "农贸市场改造",
    "污水管网",
    "邻里中心",
    "智慧停车场",
    "口袋公园",
    "产业园",
    "养老服务中心",
    "文化广场",
    "综合体",
    "雨污分流",
    "河道整治",
    "道路提升",
    "幼儿园",
    "卫生服务站",
    "物流园",
)


def _place(rng: random.Random) -> str:
    name = rng.choice(_SYL1)
    if rng.random() < 0.4:
        name += rng.choice(_SYL2)
    return name + rng.choice(_PLACE_KIND)


def _project(rng: random.Random) -> str:
    return f"{rng.choice(_SYL1)}{rng.choice(_PROJECT_KIND)}项目"


_FIGURES = {
    "money": _money,
    "income": _income,
    "wan": _wan,
    "pct": _pct,
    "ratio": _ratio,
    "pp": _pp,
    "n": _count,
    "approx": _approx,
    "rank": _rank,
    "area": _area,
    "mu": _mu,
    "km": _km,
    "small": _small,
    "place": _place,
    "project": _project,
}


class _Slots(dict):
    """Template slots: ``{money}``, ``{pct}`` … get a fresh value at every occurrence; ``{org}``,
    ``{year}`` … the document's (set as items)."""

    def __init__(self, rng: random.Random, **fixed: str) -> None:
        super().__init__(fixed)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        return _FIGURES[key](self.rng)


# ---------------------------------------------------------------------------------------------
# Content: headings and clause templates per topic. Clauses join into sentences, sentences into
# paragraphs. {u} is the organisation's level word (街道/镇/乡), {unit} its base unit (社区/村).

TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "economy": {
        "head": (
            "经济运行稳中有进",
            "聚焦高质量发展，经济实力稳步增强",
            "产业转型步伐加快",
            "招商引资取得新突破",
            "项目建设提速增效",
            "营商环境持续优化",
            "楼宇经济提质扩容",
            "市场主体活力迸发",
            "实体经济根基更牢",
        ),
        "review": (
            "全年完成一般公共预算收入{money}，同比增长{pct}",
            "实现税收收入{money}，比上年增长{pct}，总量居全区{rank}",
            "完成固定资产投资{money}，其中产业投资占比{ratio}",
            "规上工业总产值达到{money}，同比增长{pct}",
            "新引进项目{small}个，协议总投资{money}",
            "新增市场主体{n}户，其中企业{n}家",
            "新培育规上企业{small}家、高新技术企业{small}家",
            "社会消费品零售总额{money}，增幅高于全区平均{pp}",
            "盘活闲置楼宇{area}，新入驻企业{n}家",
            "为企业办理各类审批服务事项{n}件，兑现惠企资金{wan}",
            "走访服务企业{approx}家次，协调解决融资、用工等问题{n}个",
            "{project}完成年度投资{money}，完成率{ratio}",
            "实际利用外资{money}，外贸进出口总额{money}",
            "亿元以上在建项目达到{small}个，年度完成投资{money}",
            "新增个体工商户{n}户，净增{n}户",
            "组织政银企对接会{small}场，帮助企业获得贷款{money}",
            "电商销售额突破{money}，同比增长{pct}",
            "科技型中小企业入库{n}家，研发投入增长{pct}",
        ),
        "plan": (
            "力争一般公共预算收入达到{money}、增长{pct}左右",
            "确保固定资产投资增长{pct}以上",
            "全年计划引进亿元以上项目{small}个，签约总投资不低于{money}",
            "新增市场主体{n}户以上",
            "新培育规上企业{small}家",
            "推动{project}年内开工，完成投资{money}",
            "税收收入力争突破{money}",
            "盘活低效用地{area}以上",
        ),
    },
    "construction": {
        "head": (
            "城市功能品质不断提升",
            "城乡面貌持续改善",
            "基础设施更加完善",
            "城市更新有序推进",
            "精细化管理水平提高",
            "人居环境明显改观",
            "重点工程加快建设",
        ),
        "review": (
            "完成老旧小区改造{small}个，惠及居民{approx}户",
            "新建、改造道路{km}，新增停车位{n}个",
            "{project}主体完工，总建筑面积{area}",
            "完成征迁房屋{n}户、面积{area}",
            "整治背街小巷{small}条，改造雨污管网{km}",
            "新增绿化面积{area}，建成口袋公园{small}处",
            "加装电梯{small}部，更新路灯{n}盏",
            "拆除违法建设{area}，清理乱堆乱放{n}处",
            "实施{place}环境综合整治，投入资金{money}",
            "新建充电桩{n}个、非机动车充电端口{n}个",
            "完成农村公路提档升级{km}，实现{unit}通公交全覆盖",
            "改造农村户厕{n}座，生活垃圾分类覆盖率达到{ratio}",
            "开展市容秩序专项整治{small}次，规范店招店牌{n}块",
            "城市管理综合考评位列全区{rank}",
        ),
        "plan": (
            "计划改造老旧小区{small}个、涉及居民{n}户",
            "新增停车位{n}个以上",
            "完成{project}建设，新增公共空间{area}",
            "年内打通断头路{small}条，新建道路{km}",
            "力争城市管理考评保持全区前{small}名",
            "启动{place}片区更新，腾挪空间{area}",
        ),
    },
    "environment": {
        "head": (
            "生态环境持续向好",
            "污染防治攻坚有力",
            "绿色发展底色更亮",
            "河湖治理成效明显",
            "蓝天碧水保卫战深入推进",
        ),
        "review": (
            "空气质量优良天数比例达到{ratio}，比上年提高{pp}",
            "完成河道清淤整治{small}条、长度{km}",
            "新增造林面积{mu}，森林覆盖率稳定在{ratio}",
            "整治散乱污企业{small}家，查处环境违法行为{small}起",
            "PM2.5平均浓度同比下降{pct}",
            "建成生态缓冲带{km}，关停畜禽养殖场{small}家",
            "落实河长巡河{n}次，发现并处置问题{n}个",
            "生活垃圾回收利用率达到{ratio}，再生资源回收量增长{pct}",
            "完成工地扬尘治理{small}处，道路冲洗保洁面积{area}",
            "中央环保督察交办件{small}件全部办结",
        ),
        "plan": (
            "确保空气质量优良天数比例不低于{ratio}",
            "完成{small}条河道生态化改造，新增造林面积{mu}",
            "力争国省控断面水质达标率保持{ratio}",
            "垃圾分类示范{unit}新增{small}个",
        ),
    },
    "livelihood": {
        "head": (
            "民生福祉不断增进",
            "社会事业全面发展",
            "公共服务更加均衡",
            "民生实事件件落地",
            "就业社保扎实有效",
            "群众获得感持续增强",
        ),
        "review": (
            "民生支出{money}，占一般公共预算支出的{ratio}",
            "新增城镇就业{n}人，帮扶困难人员再就业{n}人",
            "发放低保、特困等救助资金{money}，惠及群众{approx}人",
            "新建社区养老服务驿站{small}处，提供助餐服务{approx}人次",
            "城乡居民医保参保率达到{ratio}",
            "组织各类文体活动{approx}场，参与群众{approx}人次",
            "新增学位{n}个，{place}幼儿园建成招生",
            "开展技能培训{small}期，培训{n}人次",
            "为{n}名高龄老人发放补贴{wan}",
            "办理民生实事{small}件，完成率{ratio}",
            "建成{place}卫生服务站，家庭医生签约{n}人",
            "落实退役军人优待金{wan}，走访慰问{n}户",
            "新增婴幼儿托位{n}个",
            "残疾人康复服务覆盖率{ratio}",
        ),
        "plan": (
            "新增城镇就业{n}人以上",
            "新建养老服务驿站{small}处、婴幼儿托位{n}个",
            "计划开展技能培训{small}期，培训不少于{n}人次",
            "办好{small}件民生实事",
            "力争城乡居民医保参保率稳定在{ratio}以上",
            "完成{place}文化活动中心提升，面积{area}",
        ),
    },
    "governance": {
        "head": (
            "基层治理效能提升",
            "平安建设扎实推进",
            "社会大局和谐稳定",
            "安全底线守得更牢",
            "矛盾纠纷化解有力",
            "网格化管理更加精细",
        ),
        "review": (
            "排查化解矛盾纠纷{n}起，调解成功率{ratio}",
            "开展安全生产检查{approx}次，整改隐患{n}处",
            "12345热线受理诉求{n}件，办结率{ratio}，满意率{ratio}",
            "划分网格{n}个，配备专兼职网格员{n}名",
            "刑事案件发案数同比下降{pct}",
            "整治燃气、消防隐患{approx}处，关停非法场所{small}处",
            "信访总量下降{pct}，初信初访化解率{ratio}",
            "组织应急演练{small}场，参与群众{approx}人",
            "“平安{unit}”创建达标率{ratio}",
            "开展电信网络诈骗防范宣传{small}场，止付资金{wan}",
            "处置网格事件{n}件，按期办结率{ratio}",
            "在全区平安建设考核中排名{rank}",
        ),
        "plan": (
            "力争矛盾纠纷调解成功率不低于{ratio}",
            "全年开展安全生产专项整治{small}次以上",
            "热线诉求满意率力争提高到{ratio}",
            "信访总量下降{pct}",
            "新增网格员{small}名，实现网格全覆盖",
        ),
    },
    "party": {
        "head": (
            "党的建设全面加强",
            "党建引领作用凸显",
            "干部队伍作风转变",
            "全面从严治党向纵深推进",
            "基层组织更加坚强",
        ),
        "review": (
            "发展党员{small}名，新建党群服务站点{small}个",
            "开展主题党日活动{approx}场，参与党员{approx}人次",
            "组织专题培训{small}期，轮训干部{n}人次",
            "查处违纪违法案件{small}件，给予党纪政务处分{small}人",
            "推动{small}个{unit}“两委”班子结构优化，平均年龄下降{small}岁",
            "党员志愿服务{approx}小时",
            "在{place}打造党建示范点，吸纳区域化党建单位{small}家",
            "开展“我为群众办实事”项目{n}项，全部完成",
        ),
        "plan": (
            "计划发展党员{small}名",
            "轮训基层干部{n}人次",
            "新建党群服务站点{small}个",
        ),
    },
    "epidemic": {
        "head": ("疫情防控有力有效", "统筹疫情防控和经济社会发展", "疫情防控成果持续巩固"),
        "review": (
            "累计组织核酸检测{n}轮、{approx}人次",
            "设置采样点{small}个，投入防疫工作人员{n}人",
            "完成疫苗接种{n}人次，60岁以上老人接种率{ratio}",
            "排查重点人员{n}人，落实健康管理{n}人",
            "发放防疫物资{wan}",
        ),
        "plan": ("落实常态化防控措施，储备防疫物资{wan}",),
    },
    "agriculture": {
        "head": ("乡村振兴扎实推进", "农业农村发展提速", "特色产业做大做强", "农民收入稳步增长"),
        "review": (
            "粮食播种面积{mu}，总产量{n}吨",
            "新建高标准农田{mu}",
            "农村常住居民人均可支配收入{income}，同比增长{pct}",
            "发展民宿经营户{small}家，接待游客{approx}人次，实现旅游收入{money}",
            "村级集体经济收入平均达到{wan}",
            "培育家庭农场{small}家、农民专业合作社{small}个",
            "{place}特色种植基地扩大到{mu}",
            "农产品网络销售额{money}",
            "脱贫人口人均纯收入增长{pct}",
        ),
        "plan": (
            "确保粮食播种面积稳定在{mu}",
            "新建高标准农田{mu}",
            "力争村级集体经济收入全部超过{wan}",
            "新增民宿经营户{small}家，游客接待量增长{pct}",
        ),
    },
}

_TOPIC_WEIGHT = {"economy": 3, "construction": 2, "environment": 2, "livelihood": 2, "governance": 2, "party": 1}

_LEADS = (
    "{year}年，",
    "一年来，",
    "全年",
    "围绕年度目标，",
    "坚持问题导向，",
    "通过多方协调，",
    "在各方共同努力下，",
    "聚焦群众关切，",
    "按照“一张清单抓到底”的思路，",
    "以项目化方式推进，",
    "紧扣考核指标，",
    "对标先进地区，",
)
_JOIN = ("，", "；", "，", "；同时", "，其中", "；此外，")
_AFTER = (
    "",
    "",
    "",
    "，走在全区前列",
    "，超额完成年度任务",
    "，得到上级部门肯定",
    "，群众反响良好",
    "，创历史新高",
    "，获评市级示范",
    "，相关经验在全区推广",
)
_PLAN_LEADS = ("力争", "计划", "确保", "预计", "全年", "年内", "")
_WEAK = (
    "对照群众期盼，工作中还存在一些不足：产业支撑不够强，{focus}任务依然较重，干部队伍能力有待提升。",
    "回顾一年的工作，我们也清醒看到，{focus}还有短板，部分{unit}发展不够平衡，在今后工作中须切实加以解决。",
    "同时也要看到，经济增长动能仍需增强，{focus}压力较大，公共服务供给与群众需求还有差距。",
    "工作中仍存在不少问题和困难，主要是{focus}推进不够快，基层治理精细化程度有待提高。",
)
_FOCUS = ("项目建设", "招商引资", "城市更新", "安全生产", "环境整治", "民生保障", "乡村振兴", "社会治理")
_INTRO = (
    (
        "{year}年，{org}在{district}委、{district}政府的坚强领导下，坚持稳中求进工作总基调，统筹发展和安全，"
        "较好完成了全年目标任务。现将有关情况报告如下。"
    ),
    (
        "{year}年是{org}发展进程中极不平凡的一年。面对复杂形势，{party}团结带领广大干部群众，攻坚克难、真抓实干，"
        "各项工作取得新进展。"
    ),
    ("今年以来，{org}紧紧围绕{district}确定的目标任务，聚焦主责主业，突出重点、补齐短板，经济社会保持平稳健康发展。"),
    "{year}年，{org}以“{slogan}”为目标，全面落实上级决策部署，扎实推进各项重点工作，总体情况如下。",
    "过去一年，{org}坚持以人民为中心的发展思想，把群众满意作为第一标准，推动{focus}等重点工作取得明显成效。",
)
_GOV_INTRO = (
    "各位代表：\n现在，我代表{org}人民政府，向大会报告工作，请予审议，并请列席人员提出意见。",
    "各位代表：\n受{org}人民政府委托，现向大会报告政府工作，请予审议。",
)
_SLOGAN = (
    "产城融合、幸福宜居",
    "强产业、优环境、惠民生",
    "实干争先、共建共享",
    "生态立镇、产业强镇",
    "精致城区、品质生活",
    "一地一品、富民强村",
    "项目为王、实干为要",
)
_PLAN_INTRO = (
    "{next}年工作的总体要求是：坚持稳中求进，统筹发展和安全，全力以赴抓项目、优环境、保民生。主要预期目标是：{targets}。",
    "{next}年，{org}将紧扣“{slogan}”目标，重点抓好以下几方面工作。",
    "新的一年，我们将以更实的作风推进各项工作，{next}年的主要目标是：{targets}。",
    "{next}年是承上启下的关键一年。全年工作总体思路是：聚焦重点、攻坚突破，{targets}。",
)
_HALF_PLAN_INTRO = (
    "下半年，{org}将紧盯全年目标任务，主要抓好以下工作：{targets}。",
    "下半年工作的重点是：{targets}，确保完成全年各项指标。",
)
_CLOSING = (
    "新的一年，{org}将以更加饱满的精神状态、更加务实的工作作风，奋力完成全年目标任务。",
    (
        "各位代表，目标催人奋进，实干铸就未来。让我们在{district}委、{district}政府的坚强领导下，真抓实干、开拓进取，"
        "为全面完成{next}年各项任务而努力奋斗！"
    ),
    "我们将坚定信心、勇毅前行，推动{org}各项事业再上新台阶。",
    "下半年，{org}将对照年度目标查漏补缺，确保全年任务圆满完成。",
)
_CN = "一二三四五六七八九十"


@dataclass(frozen=True)
class Report:
    """One generated report: its title, its text (title line first) and how to publish it."""

    index: int
    org: Org
    year: int  # review year
    genre: str
    title: str
    text: str
    as_html: bool
    encoding: str  # utf-8 or gb18030 (html only)


def _sentences(rng: random.Random, slots: _Slots, clauses: list[str]) -> str:
    """Clauses joined into sentences of one to three clauses each."""
    out, at = [], 0
    while at < len(clauses):
        k = rng.randint(1, 3)
        body = clauses[at].format_map(slots)
        for clause in clauses[at + 1 : at + k]:
            body += rng.choice(_JOIN) + clause.format_map(slots)
        out.append(body + rng.choice(_AFTER) + "。")
        at += k
    return "".join(out)


def _paragraphs(rng: random.Random, slots: _Slots, topic: str, most: int, used: set[str]) -> list[str]:
    """A topic's review: one or two paragraphs of up to ``most`` clauses, none of ``used`` (updated)."""
    pool = [clause for clause in TOPICS[topic]["review"] if clause not in used]
    picked = rng.sample(pool, min(len(pool), rng.randint(3, most)))
    used.update(picked)
    cut = rng.randint(3, len(picked)) if len(picked) > 5 and rng.random() < 0.4 else len(picked)
    parts = [picked[:cut], picked[cut:]] if cut < len(picked) else [picked]
    return [rng.choice(_LEADS).format_map(slots) + _sentences(rng, slots, part) for part in parts]


_VERBS = (
    "力争",
    "确保",
    "计划",
    "全年",
    "年内",
    "预计",
    "新增",
    "新建",
    "完成",
    "推动",
    "启动",
    "办好",
    "落实",
    "税收",
    "信访",
    "垃圾",
    "热线",
)


def _plan_clause(rng: random.Random, slots: _Slots, clause: str) -> str:
    lead = "" if clause.startswith(_VERBS) else rng.choice(_PLAN_LEADS)
    return lead + clause.format_map(slots)


def _plan_paragraph(rng: random.Random, slots: _Slots, topic: str) -> str:
    clauses = TOPICS[topic]["plan"]
    picked = rng.sample(clauses, min(rng.randint(2, 4), len(clauses)))
    return "；".join(_plan_clause(rng, slots, c) for c in picked) + "。"


def _topics_for(rng: random.Random, org: Org, year: int, k: int) -> list[str]:
    pool = dict(_TOPIC_WEIGHT)
    if 2020 <= year <= 2022:
        pool["epidemic"] = 2
    if org.level != "街道":
        pool["agriculture"] = 3
    names = list(pool)
    chosen: list[str] = []
    while len(chosen) < min(k, len(names)):
        topic = rng.choices(names, weights=[pool[n] for n in names])[0]
        if topic not in chosen:
            chosen.append(topic)
    return chosen


def _title(rng: random.Random, org: Org, year: int, genre: str) -> str:
    nxt = year + 1
    if genre == "gov":
        return f"{org.name}{nxt}年政府工作报告" if rng.random() < 0.7 else f"{nxt}年{org.name}人民政府工作报告"
    if genre == "half":
        return rng.choice(
            (f"{org.name}{year}年上半年工作总结和下半年工作计划", f"{org.name}{year}年上半年工作总结及下半年工作打算")
        )
    return rng.choice(
        (
            f"{org.name}{year}年工作总结和{nxt}年工作计划",
            f"{org.name}{year}年工作总结及{nxt}年工作思路",
            f"{org.name}关于{year}年工作情况和{nxt}年工作安排的报告",
            f"{org.name}{year}年度工作总结",
            f"{year}年{org.name}工作总结暨{nxt}年工作要点",
        )
    )


def _numbered(style: str, level: int, n: int) -> str:
    """The marker of heading ``n`` (0-based) at outline ``level`` (1 or 2) in ``style``."""
    if level == 1:
        return f"（{_CN[n]}）" if style == "paren_num" else f"{_CN[n]}、"
    if style == "cn_paren":
        return f"（{_CN[n]}）"
    if style in ("cn_num", "paren_num"):
        return f"{n + 1}{'.' if style == 'cn_num' else '、'}"
    return f"{_CN[n]}是"  # cn_shi


def _part(
    rng: random.Random,
    slots: _Slots,
    style: str,
    topics: list[str],
    plan: bool,
    most: int = 6,
    used: set[str] | None = None,
) -> list[str]:
    """The paragraphs of the review (or plan) part: one subsection per topic."""
    lines = []
    for n, topic in enumerate(topics):
        marker = _numbered(style, 2, n)
        heads = [h for h in TOPICS[topic]["head"] if used is None or h not in used]
        head = rng.choice(heads or TOPICS[topic]["head"])
        if used is not None:
            used.add(head)
        if plan:
            head = (
                rng.choice(("着力", "持续", "全力", "扎实", "聚焦"))
                + rng.choice(("推动", "抓好", "做好", "深化", "提升"))
                + {
                    "economy": "经济发展",
                    "construction": "城市建设",
                    "environment": "生态环境保护",
                    "livelihood": "民生保障",
                    "governance": "基层治理",
                    "party": "党的建设",
                    "epidemic": "疫情防控",
                    "agriculture": "乡村振兴",
                }[topic]
            )
            body = _plan_paragraph(rng, slots, topic)
        else:
            body = "\n".join(_paragraphs(rng, slots, topic, most, set() if used is None else used))
        if style == "cn_shi":
            lines.append(f"{marker}{head}。{body}")
        else:
            lines.append(f"{marker}{head}。{body}" if rng.random() < 0.5 else f"{marker}{head}\n{body}")
    return lines


def report(index: int, seed: int = 0) -> Report:
    """Report number ``index`` of the corpus of ``seed``."""
    rng = random.Random(f"{seed}:{index}")
    all_orgs = orgs()
    # Walk the organisations in a seed-shuffled order, one year per pass, so that two reports share an
    # organisation only after every organisation has one.
    org = all_orgs[_order(seed)[index % len(all_orgs)]]
    span = LAST_YEAR - FIRST_YEAR + 1
    year = FIRST_YEAR + (index // len(all_orgs) * 5 + rng.randrange(span)) % span
    genre = rng.choices(("annual", "gov", "half"), weights=(6, 2 if org.level != "街道" else 0, 1))[0]
    style = rng.choice(("cn_paren", "cn_paren", "cn_num", "cn_shi", "paren_num"))
    party = f"{org.name}党工委" if org.level == "街道" else f"{org.name}党委"
    focus = rng.choice(_FOCUS)
    slots = _Slots(
        rng,
        org=org.name,
        year=str(year),
        next=str(year + 1),
        district=org.district,
        party=party,
        unit="社区" if org.level == "街道" else "村",
        u=org.level,
        slogan=rng.choice(_SLOGAN),
        focus=focus,
    )
    title = _title(rng, org, year, genre)
    review_head = {
        "annual": rng.choice((f"{year}年工作总结", f"{year}年工作回顾", f"{year}年主要工作成效", "主要工作及成效")),
        "gov": rng.choice((f"{year}年工作回顾", "过去一年的工作")),
        "half": rng.choice(("上半年工作开展情况", "上半年主要工作成效")),
    }[genre]
    plan_head = {
        "annual": rng.choice(
            (f"{year + 1}年工作计划", f"{year + 1}年工作思路", "下一步工作打算", f"{year + 1}年重点工作安排")
        ),
        "gov": rng.choice((f"{year + 1}年主要任务", f"{year + 1}年工作安排")),
        "half": rng.choice(("下半年工作计划", "下半年工作打算")),
    }[genre]

    # Lengths spread over 1,500-3,000 characters: review subsections are added until the text
    # (with the plan part) reaches a drawn length.
    target = rng.randint(MIN_CHARS + 100, MAX_CHARS - 300)
    most = 5 + (target - MIN_CHARS) // 400
    head = [title, rng.choice(_GOV_INTRO if genre == "gov" else _INTRO).format_map(slots)]
    if genre == "gov":
        head.append(rng.choice(_INTRO).format_map(slots))
    head.append(f"{_numbered(style, 1, 0)}{review_head}")
    tail = []
    if rng.random() < 0.5:
        tail.append(rng.choice(_WEAK).format_map(slots))
    tail.append(f"{_numbered(style, 1, 1)}{plan_head}")
    targets = "，".join(_plan_clause(rng, slots, rng.choice(TOPICS[t]["plan"])) for t in _topics_for(rng, org, year, 2))
    intro = rng.choice(_HALF_PLAN_INTRO if genre == "half" else _PLAN_INTRO)
    tail.append(intro.format_map(_Slots(rng, **slots, targets=targets)))
    tail += _part(rng, slots, style, _topics_for(rng, org, year, rng.randint(3, 4)), plan=True)
    closing = {"annual": (_CLOSING[0], _CLOSING[2]), "gov": (_CLOSING[1], _CLOSING[2]), "half": (_CLOSING[3],)}[genre]
    tail.append(rng.choice(closing).format_map(slots))
    size = sum(len(line) + 1 for line in head + tail)
    review: list[str] = []
    used: set[str] = set()
    topics = _topics_for(rng, org, year, 9)
    topics += [t for t in _topics_for(rng, org, year, 9) if len(TOPICS[t]["review"]) >= 10]  # a second subsection
    for topic in topics[: len(_CN)]:
        if size >= target:
            break
        if len(used.intersection(TOPICS[topic]["review"])) + 3 > len(TOPICS[topic]["review"]):
            continue
        (section,) = _part(rng, slots, style, [topic], plan=False, most=most, used=used)
        section = _numbered(style, 2, len(review)) + section[len(_numbered(style, 2, 0)) :]
        if size + len(section) > MAX_CHARS - 20:
            break
        review.append(section)
        size += len(section) + 1
    text = "\n".join(head + review + tail) + "\n"
    as_html = rng.random() < 0.35
    encoding = "gb18030" if as_html and rng.random() < 0.2 else "utf-8"
    return Report(index, org, year, genre, title, text, as_html, encoding)


@cache
def _order(seed: int) -> tuple[int, ...]:
    order = list(range(len(orgs())))
    random.Random(f"orgs:{seed}").shuffle(order)
    return tuple(order)


# ---------------------------------------------------------------------------------------------
# Publishing: plain text or a portal page with furniture


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_html(rep: Report) -> str:
    """The report as a district portal's disclosure page (navigation, 索引号 table, tools, footer)."""
    rng = random.Random(f"html:{rep.index}")
    site = f"{rep.org.district}人民政府"
    lines = rep.text.rstrip("\n").split("\n")
    date = f"{rep.year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
    code = f"{rng.randint(10000000, 99999999)}{rng.choice('ABCDEFGHJK')}/{rep.year + 1}-{rng.randint(1, 999):05d}"
    category = rng.choice(("计划总结", "规划计划", "工作报告", "政府工作报告"))
    paras = "\n".join(
        f"    <p><strong>{_escape(line)}</strong></p>"
        if len(line) < 30 and not line.endswith("。")
        else f"    <p>{_escape(line)}</p>"
        for line in lines[1:]
    )
    meta_table = (
        '<table class="xxgk-meta">\n'
        f"  <tr><td>索引号</td><td>{code}</td><td>主题分类</td><td>{category}</td></tr>\n"
        f"  <tr><td>发布机构</td><td>{rep.org.name}</td><td>成文日期</td><td>{date}</td></tr>\n"
        "  <tr><td>文号</td><td></td><td>公开方式</td><td>主动公开</td></tr>\n"
        "</table>"
    )
    if rng.random() < 0.3:  # some portals give only a byline
        meta_table = f'<div class="info">发布时间：{date} 来源：{rep.org.name} 浏览次数：{rng.randint(20, 4000)}</div>'
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{rep.encoding}">\n'
        f"<title>{_escape(rep.title)}_{category}_{site}</title>\n</head>\n<body>\n"
        f'<div class="top-nav"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/bsfw/">办事服务</a> | '
        f'<a href="/hdjl/">互动交流</a></div>\n'
        f'<div class="crumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; {category}</div>\n'
        f"{meta_table}\n"
        f'<div class="article">\n  <h1>{_escape(rep.title)}</h1>\n'
        '  <div class="font-size">字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>\n'
        f'  <div class="content">\n{paras}\n  </div>\n'
        '  <div class="tools">【<a href="javascript:window.print()">打印</a>】'
        '【<a href="javascript:window.close()">关闭</a>】【<a href="#top">返回顶部</a>】</div>\n'
        "</div>\n"
        f'<div class="footer">主办单位：{site}办公室 网站标识码：{rng.randint(1000000000, 9999999999)} '
        f"ICP备案号：ICP备{rng.randint(10000000, 99999999)}号</div>\n"
        "</body>\n</html>\n"
    )


def filename(rep: Report) -> str:
    return f"r{rep.index:06d}.{'html' if rep.as_html else 'txt'}"


def payload(rep: Report) -> bytes:
    if rep.as_html:
        return to_html(rep).encode(rep.encoding)
    return rep.text.encode("utf-8")


def write(n: int, outdir: Path, seed: int = 0, start: int = 0) -> int:
    """Write reports ``start``..``n-1`` into ``outdir`` (shards of 1,000 files); the characters written."""
    chars = 0
    for i in range(start, n):
        rep = report(i, seed)
        folder = outdir / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / filename(rep)).write_bytes(payload(rep))
        chars += len(rep.text)
    return chars


def _write_range(args: tuple[int, int, str, int]) -> int:
    start, stop, outdir, seed = args
    return write(stop, Path(outdir), seed, start)


def generate(n: int, outdir: Path, seed: int = 0, jobs: int = 1) -> int:
    """All ``n`` reports, over ``jobs`` processes; the text characters written."""
    outdir.mkdir(parents=True, exist_ok=True)
    if jobs <= 1 or n < 2000:
        return write(n, outdir, seed)
    from multiprocessing import Pool

    step = 1000
    ranges = [(s, min(n, s + step), str(outdir), seed) for s in range(0, n, step)]
    with Pool(jobs) as pool:
        return sum(pool.imap_unordered(_write_range, ranges))


# ---------------------------------------------------------------------------------------------
# Near-duplicate check


def shingles(text: str) -> frozenset[str]:
    """Character 4-shingles of the text without whitespace and punctuation (``transforms.dedup``'s)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from transforms.dedup import SHINGLE, normalised_for_identity

    chars = normalised_for_identity(text)
    return frozenset(chars[i : i + SHINGLE] for i in range(max(1, len(chars) - SHINGLE + 1)))


def similarity_check(k: int, seed: int = 0, n: int | None = None) -> dict[str, float]:
    """Pairwise Jaccard of ``k`` reports (spread over the first ``n``): max, 99th percentile, mean."""
    n = n or k
    picks = sorted(random.Random(f"check:{seed}").sample(range(n), min(k, n)))
    sets = [shingles(report(i, seed).text) for i in picks]
    values = sorted(len(a & b) / len(a | b) for x, a in enumerate(sets) for b in sets[x + 1 :])
    return {
        "pairs": len(values),
        "max": values[-1],
        "p99": values[int(len(values) * 0.99)],
        "mean": sum(values) / len(values),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of reports")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: cores)")
    parser.add_argument(
        "--check",
        type=int,
        default=0,
        metavar="K",
        help="also print the pairwise shingle Jaccard over K of the reports",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    chars = generate(args.n, args.outdir, args.seed, args.jobs)
    seconds = time.perf_counter() - start
    print(f"{args.n} reports, {chars:,} characters of text, in {args.outdir} ({seconds:.1f} s)")
    if args.check:
        stats = similarity_check(args.check, args.seed, args.n)
        print(
            f"pairwise 4-shingle Jaccard over {args.check} reports ({stats['pairs']} pairs): "
            f"max {stats['max']:.3f}, p99 {stats['p99']:.3f}, mean {stats['mean']:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
