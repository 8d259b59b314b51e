"""Many distinct short reports, for runs that need several chunks."""

COLUMNS = "metric_id, doc_id, section_id, mention, value, unit, qualifier, kind, subject, period, is_target"


SENTENCES = (
    "全年新引进企业{a}家，其中亿元以上项目{b}个。",
    "完成{b}个老旧小区改造，惠及居民{a}0户。",
    "新增停车泊位约{a}个，新建口袋公园{b}处。",
    "组织招聘会{b}场，提供就业岗位近{a}00个。",
    "发放救助资金{a}万元，走访困难群众{b}00户。",
    "财政总收入{b}.{a}亿元，同比增长{b}.5%。",
    "整改安全隐患{a}处，调处矛盾纠纷{b}起。",
    "新增托位{a}个，建成居家养老服务中心{b}家。",
)
NAMES = "东湖 西岭 南塘 北辰 青石 白沙 红星 金桥 银杏 玉泉 翠竹 柳岸 桃溪 梅园 兰亭 松涛 竹林 荷塘 枫桥 石门".split()


def many_reports(folder, count: int) -> None:
    """Distinct short reports (different names, figures and sentence mixes), enough for two workers."""
    folder.mkdir()
    for i in range(count):
        picked = [s.format(a=10 + i, b=2 + i % 7) for k, s in enumerate(SENTENCES) if (i >> (k % 5)) & 1 or k == i % 8]
        body = "\n".join([f"{NAMES[i % 20]}{'街道' if i < 20 else '镇'}2023年工作总结", "一、2023年工作回顾", *picked])
        (folder / f"report_{i:02d}.txt").write_text(body, "utf-8")
