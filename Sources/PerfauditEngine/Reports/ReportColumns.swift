/// Header language of the reports.
public enum HeaderLanguage: String, Sendable, CaseIterable {
    case zh, en
}

/// The fixed columns of every report (outputs.md), each with its English key and Chinese label.
public enum ReportColumns {
    public typealias Column = (en: String, zh: String)

    public static let summary: [Column] = [
        ("province", "省"), ("city", "市"), ("county", "县（市、区）"), ("mof_div_code", "行政区划代码"),
        ("agency_code", "单位代码"), ("department", "部门"), ("fiscal_year", "年度"), ("rulebook", "指标体系"),
        ("self_score", "自评得分"), ("self_grade", "自评等级"), ("verified_score", "核查得分"),
        ("verified_grade", "核查等级"), ("reported_score", "报告总分"), ("recomputed_score", "复算得分"),
        ("recomputed_grade", "复算等级"), ("attainable_max", "可得最高分"), ("self_minus_verified", "自评减核查"),
        ("grade_mismatch", "等级不一致"), ("status", "状态"), ("issue_count", "问题数"), ("source_file", "源文件"),
    ]

    public static let indicators: [Column] = [
        ("county", "县（市、区）"), ("department", "部门"), ("fiscal_year", "年度"), ("indicator_id", "指标编号"),
        ("level1", "一级指标"), ("level2", "二级指标"), ("indicator", "三级指标"), ("weight", "权重"),
        ("self_score", "自评得分"), ("verified_score", "核查得分"), ("interval_lo", "区间下限"),
        ("interval_hi", "区间上限"), ("recomputed_score", "复算得分"), ("rule", "评分规则"), ("evidence", "依据数据"),
        ("deviation", "偏离规则"),
    ]

    public static let issues: [Column] = [
        ("issue_id", "问题编号"), ("county", "县（市、区）"), ("department", "部门"), ("fiscal_year", "年度"),
        ("project", "项目"), ("category", "问题类别"), ("category_label", "问题类别名称"), ("severity", "严重程度"),
        ("evidence", "问题依据"), ("source", "来源"), ("source_file", "源文件"), ("problem_key", "问题键"),
        ("agency_code", "单位代码"), ("mof_div_code", "行政区划代码"), ("indicator_id", "指标编号"),
        ("amount_at_stake", "涉及金额（元）"), ("severity_rank", "严重程度排序"), ("related_issue_id", "关联问题编号"),
    ]

    public static let recurring: [Column] = [
        ("category", "问题类别"), ("category_label", "问题类别名称"), ("records", "记录数"), ("departments", "部门数"),
        ("counties", "县（市、区）数"), ("share_of_records", "占记录比例（%）"),
        ("repeat_departments", "连续两年及以上出现的部门数"), ("examples", "示例"),
    ]

    public static let counties: [Column] = [
        ("province", "省"), ("city", "市"), ("county", "县（市、区）"), ("records", "记录数"), ("verified", "已核查数"),
        ("self_avg", "自评平均分"), ("verified_avg", "核查平均分"), ("gap_avg", "平均分差"),
        ("grade_mismatches", "等级不一致数"), ("issues", "问题数"),
    ]

    public static let rejects: [Column] = [
        ("source_file", "源文件"), ("line", "行"), ("column", "列"), ("error", "错误"),
    ]

    public static let rectification: [Column] = [
        ("problem_key", "问题键"), ("county", "县（市、区）"), ("agency_code", "单位代码"), ("department", "部门"),
        ("category", "问题类别"), ("category_label", "问题类别名称"), ("project", "项目"), ("indicator_id", "指标编号"),
        ("baseline_years", "基线年度"), ("status", "整改状态"), ("status_label", "整改状态名称"),
        ("first_seen", "首次发现年度"), ("last_seen", "最近发现年度"), ("baseline_evidence", "基线问题依据"),
        ("current_evidence", "本次问题依据"), ("amount_at_stake", "涉及金额（元）"),
    ]

    public static let sample: [Column] = [
        ("rank", "抽样序号"), ("risk_score", "风险分"), ("reasons", "抽取理由"), ("drawn_by", "抽取方式"),
        ("inclusion_probability", "入选概率（%）"), ("county", "县（市、区）"), ("department", "部门"),
        ("agency_code", "单位代码"), ("mof_div_code", "行政区划代码"), ("fiscal_year", "年度"), ("self_score", "自评得分"),
        ("self_grade", "自评等级"), ("attainable_max", "可得最高分"), ("status", "状态"), ("issue_count", "问题数"),
        ("source_file", "源文件"),
    ]

    /// The rectification rate column summary.csv and counties.csv add with a baseline.
    public static let rectificationRate: Column = ("rectification_rate", "整改率（%）")

    /// The header row of a report in the chosen language.
    public static func header(_ columns: [Column], _ language: HeaderLanguage) -> [String] {
        columns.map { language == .zh ? $0.zh : $0.en }
    }
}
