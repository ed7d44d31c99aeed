import PerfauditCore

/// The fixed vocabulary of the sample city: 湛江市's county-level divisions, the departments
/// each has, the projects each department runs and the targets those projects carry.
/// Division codes are the real 行政区划代码; everything else is made up (see docs/sample-data.md).
enum SampleCatalog {
    struct Division {
        let code: String
        let name: String
    }

    /// 湛江市's nine county-level divisions.
    static let divisions: [Division] = [
        Division(code: "440802", name: "赤坎区"),
        Division(code: "440803", name: "霞山区"),
        Division(code: "440804", name: "坡头区"),
        Division(code: "440811", name: "麻章区"),
        Division(code: "440823", name: "遂溪县"),
        Division(code: "440825", name: "徐闻县"),
        Division(code: "440881", name: "廉江市"),
        Division(code: "440882", name: "雷州市"),
        Division(code: "440883", name: "吴川市"),
    ]

    static let province = "广东省"
    static let city = "湛江市"
    static let rulebook = "zhanjiang-dept-2021"
    static let years = [2021, 2022, 2023]

    struct TargetTemplate {
        let name: String
        let category: TargetCategory
        let unit: String
        /// Planned value range, in `scale` (0 → whole numbers, 1 → tenths, 2 → hundredths).
        let planned: ClosedRange<Int>
        let scale: Int
        let direction: TargetDirection

        init(
            _ name: String, _ category: TargetCategory, _ unit: String, _ planned: ClosedRange<Int>,
            scale: Int = 0, _ direction: TargetDirection = .atLeast
        ) {
            self.name = name
            self.category = category
            self.unit = unit
            self.planned = planned
            self.scale = scale
            self.direction = direction
        }
    }

    struct ProjectTemplate {
        let name: String
        let kind: ProjectKind
        /// Budget range in 万元.
        let budget: ClosedRange<Int>
        /// A works contract: it has a settlement (结算) and a completion date.
        let works: Bool
        let targets: [TargetTemplate]
    }

    struct DepartmentTemplate {
        let name: String
        /// The last three digits of the agency code (440882-305).
        let code: Int
        /// 财政拨款收入 budget range in 万元.
        let income: ClosedRange<Int>
        /// Staff range (drives personnel and public-use spending).
        let staff: ClosedRange<Int>
        /// Whether the department receives 政府性基金 money.
        let governmentFund: Bool
        /// Whether it passes transfer payments on (转移支付).
        let transfers: Bool
        /// What a numbered subordinate unit of it is called (第3中学).
        let unitStem: String
        let projects: [ProjectTemplate]
    }

    private typealias T = TargetTemplate
    private typealias P = ProjectTemplate

    /// The departments every division has, in agency-code order (301 …).
    static let departments: [DepartmentTemplate] = [
        DepartmentTemplate(
            name: "住房和城乡建设局", code: 301, income: 3000...12000, staff: 40...160, governmentFund: true,
            transfers: false, unitStem: "城乡建设服务中心",
            projects: [
                P(name: "镇村垃圾清运转运承包费", kind: .recurring, budget: 800...3600, works: false, targets: [
                    T("垃圾清运量", .quantity, "万吨", 12...26), T("垃圾收运点覆盖率", .quality, "%", 95...100),
                ]),
                P(name: "城镇污水处理厂污水处理费", kind: .recurring, budget: 500...1200, works: false, targets: [
                    T("污水处理量", .quantity, "万吨", 700...1500), T("出水水质达标率", .quality, "%", 100...100),
                ]),
                P(name: "老旧小区改造配套基础设施建设项目", kind: .oneOff, budget: 600...2400, works: true, targets: [
                    T("改造小区数量", .quantity, "个", 4...20), T("工程验收合格率", .quality, "%", 100...100),
                ]),
                P(name: "农村危房改造补助资金", kind: .oneOff, budget: 60...300, works: false, targets: [
                    T("改造户数", .quantity, "户", 20...180), T("农户满意度", .satisfaction, "%", 90...95),
                ]),
                P(name: "公共租赁住房维护管理费", kind: .recurring, budget: 40...200, works: false, targets: [
                    T("维修住房套数", .quantity, "套", 50...300),
                ]),
            ]),
        DepartmentTemplate(
            name: "教育局", code: 302, income: 15000...60000, staff: 60...200, governmentFund: false,
            transfers: true, unitStem: "中学",
            projects: [
                P(name: "义务教育薄弱环节改善与能力提升项目", kind: .oneOff, budget: 800...3000, works: true, targets: [
                    T("新建改建校舍面积", .quantity, "平方米", 3000...20000), T("工程验收合格率", .quality, "%", 100...100),
                ]),
                P(name: "农村义务教育学生营养改善计划补助", kind: .recurring, budget: 600...2500, works: false, targets: [
                    T("受益学生人数", .quantity, "人", 8000...60000), T("补助标准执行率", .cost, "%", 100...100, .exactly),
                ]),
                P(name: "中小学教师培训专项经费", kind: .recurring, budget: 50...300, works: false, targets: [
                    T("培训教师人次", .quantity, "人次", 800...6000), T("参训教师满意度", .satisfaction, "%", 85...95),
                ]),
                P(name: "中小学校舍安全维修改造工程", kind: .oneOff, budget: 200...1200, works: true, targets: [
                    T("维修校舍面积", .quantity, "平方米", 2000...15000),
                    T("单位面积维修成本", .cost, "元/平方米", 600...1200, .atMost),
                ]),
            ]),
        DepartmentTemplate(
            name: "卫生健康局", code: 303, income: 6000...30000, staff: 40...120, governmentFund: false,
            transfers: true, unitStem: "卫生院",
            projects: [
                P(name: "基本公共卫生服务补助资金", kind: .recurring, budget: 800...4000, works: false, targets: [
                    T("高血压患者规范管理率", .quality, "%", 60...70), T("居民电子健康档案建档率", .quality, "%", 85...92),
                ]),
                P(name: "乡镇卫生院服务能力提升建设项目", kind: .oneOff, budget: 300...1800, works: true, targets: [
                    T("改造卫生院数量", .quantity, "个", 2...8), T("项目完工及时率", .timeliness, "%", 100...100),
                ]),
                P(name: "新冠病毒疫苗接种工作经费", kind: .oneOff, budget: 100...800, works: false, targets: [
                    T("疫苗接种人次", .quantity, "万人次", 10...80),
                ]),
                P(name: "家庭医生签约服务经费", kind: .recurring, budget: 100...600, works: false, targets: [
                    T("重点人群签约服务覆盖率", .quality, "%", 60...75), T("签约居民满意度", .satisfaction, "%", 85...90),
                ]),
            ]),
        DepartmentTemplate(
            name: "交通运输局", code: 304, income: 2000...20000, staff: 30...100, governmentFund: true,
            transfers: true, unitStem: "公路事务中心",
            projects: [
                P(name: "农村公路窄路面拓宽改造工程", kind: .oneOff, budget: 800...5000, works: true, targets: [
                    T("拓宽改造里程", .quantity, "公里", 150...800, scale: 1),
                    T("每公里建设成本", .cost, "万元/公里", 80...150, .atMost),
                ]),
                P(name: "农村公路日常养护资金", kind: .recurring, budget: 300...1500, works: false, targets: [
                    T("养护里程", .quantity, "公里", 300...1500), T("优良路率", .quality, "%", 75...85),
                ]),
                P(name: "城乡公交运营补贴", kind: .recurring, budget: 200...1200, works: false, targets: [
                    T("补贴公交线路", .quantity, "条", 8...40), T("补贴资金发放及时率", .timeliness, "%", 100...100),
                ]),
            ]),
        DepartmentTemplate(
            name: "农业农村局", code: 305, income: 3000...15000, staff: 40...140, governmentFund: false,
            transfers: true, unitStem: "农业技术推广站",
            projects: [
                P(name: "高标准农田建设项目", kind: .oneOff, budget: 1000...6000, works: true, targets: [
                    T("新建高标准农田面积", .quantity, "万亩", 10...60, scale: 1),
                    T("亩均投资", .cost, "元/亩", 1500...3000, .atMost),
                ]),
                P(name: "耕地地力保护补贴", kind: .recurring, budget: 1000...5000, works: false, targets: [
                    T("补贴面积", .quantity, "万亩", 300...900, scale: 1),
                    T("补贴标准执行率", .cost, "%", 100...100, .exactly),
                ]),
                P(name: "动物疫病强制免疫补助经费", kind: .recurring, budget: 80...400, works: false, targets: [
                    T("强制免疫病种应免畜禽免疫密度", .quality, "%", 90...90),
                ]),
                P(name: "农村人居环境整治提升项目", kind: .oneOff, budget: 300...1500, works: false, targets: [
                    T("整治行政村数量", .quantity, "个", 10...60), T("村民满意度", .satisfaction, "%", 85...90),
                ]),
            ]),
        DepartmentTemplate(
            name: "民政局", code: 306, income: 2000...8000, staff: 25...70, governmentFund: false,
            transfers: true, unitStem: "社会福利中心",
            projects: [
                P(name: "城乡居民最低生活保障资金", kind: .recurring, budget: 1000...5000, works: false, targets: [
                    T("保障人数", .quantity, "人", 5000...30000), T("资金发放及时率", .timeliness, "%", 100...100),
                ]),
                P(name: "特困人员救助供养资金", kind: .recurring, budget: 300...1500, works: false, targets: [
                    T("集中和分散供养人数", .quantity, "人", 800...5000),
                ]),
                P(name: "镇街综合养老服务中心建设项目", kind: .oneOff, budget: 200...900, works: true, targets: [
                    T("建成养老服务中心", .quantity, "个", 2...10), T("老年人满意度", .satisfaction, "%", 85...90),
                ]),
            ]),
        DepartmentTemplate(
            name: "财政局", code: 307, income: 800...3000, staff: 40...90, governmentFund: false,
            transfers: true, unitStem: "财政事务中心",
            projects: [
                P(name: "财政投资评审委托业务费", kind: .recurring, budget: 50...300, works: false, targets: [
                    T("评审项目数量", .quantity, "个", 80...400), T("送审金额审减率", .economic, "%", 5...10),
                ]),
                P(name: "预算管理一体化系统运维经费", kind: .recurring, budget: 60...300, works: false, targets: [
                    T("系统正常运行率", .quality, "%", 99...99), T("故障响应时间", .timeliness, "小时", 2...4, .atMost),
                ]),
                P(name: "村级组织运转经费补助", kind: .oneOff, budget: 200...900, works: false, targets: [
                    T("补助村（社区）数量", .quantity, "个", 80...300),
                ]),
            ]),
        DepartmentTemplate(
            name: "水务局", code: 308, income: 1500...10000, staff: 30...90, governmentFund: true,
            transfers: false, unitStem: "水利工程管理所",
            projects: [
                P(name: "小型水库除险加固工程", kind: .oneOff, budget: 300...2000, works: true, targets: [
                    T("除险加固水库数量", .quantity, "座", 2...12), T("工程验收合格率", .quality, "%", 100...100),
                ]),
                P(name: "农村供水保障工程", kind: .oneOff, budget: 500...3000, works: true, targets: [
                    T("受益人口", .quantity, "万人", 20...150, scale: 1), T("供水水质达标率", .quality, "%", 90...95),
                ]),
                P(name: "河湖长制工作经费", kind: .recurring, budget: 30...200, works: false, targets: [
                    T("河湖巡查次数", .quantity, "次", 200...1500),
                ]),
            ]),
        DepartmentTemplate(
            name: "人力资源和社会保障局", code: 309, income: 1000...5000, staff: 40...110, governmentFund: false,
            transfers: false, unitStem: "就业服务中心",
            projects: [
                P(name: "就业创业补助资金", kind: .recurring, budget: 300...1500, works: false, targets: [
                    T("城镇新增就业人数", .quantity, "人", 1500...8000), T("城镇登记失业率", .social, "%", 300...350, scale: 2, .atMost),
                ]),
                P(name: "职业技能提升行动培训补贴", kind: .recurring, budget: 100...800, works: false, targets: [
                    T("补贴性职业技能培训人次", .quantity, "人次", 1000...9000),
                ]),
            ]),
        DepartmentTemplate(
            name: "自然资源局", code: 310, income: 1000...4000, staff: 40...120, governmentFund: true,
            transfers: false, unitStem: "自然资源所",
            projects: [
                P(name: "耕地保护激励补偿资金", kind: .recurring, budget: 100...600, works: false, targets: [
                    T("耕地保有量", .quantity, "万亩", 500...1200, scale: 1),
                ]),
                P(name: "地质灾害隐患点综合治理工程", kind: .oneOff, budget: 100...900, works: true, targets: [
                    T("治理隐患点", .quantity, "处", 3...20), T("工程验收合格率", .quality, "%", 100...100),
                ]),
                P(name: "不动产登记业务经费", kind: .recurring, budget: 50...300, works: false, targets: [
                    T("一般登记办结时限", .timeliness, "工作日", 5...5, .atMost),
                ]),
            ]),
        DepartmentTemplate(
            name: "文化广电旅游体育局", code: 311, income: 800...3000, staff: 25...70, governmentFund: false,
            transfers: false, unitStem: "文化馆",
            projects: [
                P(name: "公共文化服务体系建设资金", kind: .recurring, budget: 50...300, works: false, targets: [
                    T("送戏下乡场次", .quantity, "场", 40...200), T("群众满意度", .satisfaction, "%", 85...90),
                ]),
                P(name: "全民健身场地设施建设项目", kind: .oneOff, budget: 100...800, works: true, targets: [
                    T("新建健身路径", .quantity, "个", 10...60),
                ]),
                P(name: "文物保护单位修缮工程", kind: .oneOff, budget: 80...500, works: true, targets: [
                    T("修缮面积", .quantity, "平方米", 500...4000),
                ]),
            ]),
        DepartmentTemplate(
            name: "城市管理和综合执法局", code: 312, income: 1500...6000, staff: 60...200, governmentFund: true,
            transfers: false, unitStem: "环境卫生管理站",
            projects: [
                P(name: "城区环卫保洁服务费", kind: .recurring, budget: 600...2500, works: false, targets: [
                    T("保洁面积", .quantity, "万平方米", 200...900), T("道路机扫率", .quality, "%", 70...85),
                ]),
                P(name: "市政道路及路灯维修改造工程", kind: .oneOff, budget: 200...1200, works: true, targets: [
                    T("维修改造路灯", .quantity, "盏", 300...3000), T("亮灯率", .quality, "%", 95...98),
                ]),
                P(name: "城区园林绿化养护经费", kind: .recurring, budget: 150...800, works: false, targets: [
                    T("养护绿地面积", .quantity, "万平方米", 50...400),
                ]),
            ]),
    ]

    /// Stands in for 住房和城乡建设局 in 遂溪县: the real 遂溪县住建局 is the hand-written seed
    /// record `Inputs/seeds/suixi-zhujianju-2022.xml`, and a generated twin would duplicate it.
    static let suixiSubstitute = DepartmentTemplate(
        name: "应急管理局", code: 313, income: 500...2000, staff: 20...50, governmentFund: false,
        transfers: false, unitStem: "应急救援服务中心",
        projects: [
            P(name: "应急物资储备经费", kind: .recurring, budget: 50...300, works: false, targets: [
                T("储备物资品种", .quantity, "种", 20...60),
            ]),
            P(name: "安全生产监管执法专项经费", kind: .recurring, budget: 30...200, works: false, targets: [
                T("执法检查企业数", .quantity, "家", 150...800), T("重大事故发生起数", .social, "起", 0...0, .atMost),
            ]),
            P(name: "基层应急避难场所建设项目", kind: .oneOff, budget: 100...600, works: true, targets: [
                T("建成应急避难场所", .quantity, "个", 3...15),
            ]),
        ])

    static let evaluators = [
        "湛江市华粤会计师事务所有限公司",
        "广东正衡绩效评价咨询有限公司",
        "湛江市明德财务咨询有限公司",
        "广东粤信会计师事务所（普通合伙）",
    ]

    struct FindingTemplate {
        let category: String
        let text: String
    }

    static let recordFindings: [FindingTemplate] = [
        FindingTemplate(category: "绩效目标", text: "部分职能未设置相应的绩效目标，绩效目标的全面性、指标量化程度有待提高"),
        FindingTemplate(category: "预算编制", text: "预算编制不够精准，年中预算调整较多，预决算差异较大"),
        FindingTemplate(category: "项目监管", text: "对项目实施过程监管不够到位，部分项目结算与验收工作滞后"),
        FindingTemplate(category: "资产管理", text: "固定资产账实不完全相符，部分资产未及时登记入账"),
        FindingTemplate(category: "信息公开", text: "绩效目标及自评结果未按规定时限公开"),
        FindingTemplate(category: "财务核算", text: "个别会计分录处理有误，财务核算有瑕疵"),
        FindingTemplate(category: "资金拨付", text: "部分项目资金拨付缓慢，影响项目实施进度"),
        FindingTemplate(category: "自评质量", text: "自评报告填写不够详实，部分评分缺少评分依据说明"),
    ]

    static let noProcurementFinding = FindingTemplate(
        category: "政府采购", text: "未编制政府采购预算，采购执行缺乏计划依据")
    static let overBudgetFinding = FindingTemplate(
        category: "超预算", text: "工程结算超出预算，未按规定履行预算调整报批手续")
    static let slowAllocationFinding = FindingTemplate(
        category: "资金拨付", text: "项目资金未能及时足额拨付到位，存在拨款缓慢的情况")
    static let lateFinding = FindingTemplate(category: "进度滞后", text: "项目未按计划时间完工")
    static let targetFinding = FindingTemplate(category: "绩效目标", text: "部分绩效指标未达到预期目标值")
}
