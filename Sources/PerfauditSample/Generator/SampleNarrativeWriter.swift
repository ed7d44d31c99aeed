import PerfauditCore
import PerfauditEngine

/// The prose of a generated record: four sections titled by headings of the report template
/// (`NarrativeTemplate.shipped`), a few of the template's stock sentences among the department's
/// own sentences, which a phrase grammar (`SampleProseVocabulary`) builds from the record's
/// department, figures, projects and targets.
///
/// It draws from its own random stream, seeded from the generator's seed and the record's
/// index, and only reads the record: the figures never depend on the prose.
struct SampleNarrativeWriter {
    /// The stream of the prose, apart from the figures' (`SampleRecordBuilder`).
    static let stream: UInt64 = 0x9A77_A71E_5EC7_1015

    /// The template headings each of the four sections may take, in section order.
    static let headingChoices: [[String]] = {
        let groups = [
            ["基本情况", "部门（单位）基本情况", "单位基本情况"],
            ["绩效目标完成情况", "项目绩效目标完成情况", "主要绩效"],
            ["存在问题", "部门整体支出绩效管理存在问题", "存在的问题及原因分析"],
            ["改进措施", "下一步改进措施", "有关建议"],
        ]
        let shipped = Set(NarrativeTemplate.shipped.headings)
        return groups.map { group in
            let known = group.filter(shipped.contains)
            precondition(!known.isEmpty, "the shipped template lacks every heading of \(group)")
            return known
        }
    }()

    /// The template's stock sentences that can stand as a sentence of the prose (those with a
    /// blank where a figure goes are left out).
    static let stockSentences: [String] = NarrativeTemplate.shipped.phrases.filter { $0.hasSuffix("。") && !$0.contains("为分") }

    /// What a record's prose shares with the template: its titles and which stock sentences
    /// stand where.
    struct Layout: Equatable {
        struct Placed: Equatable {
            /// The sentence position in its section (past the end: last).
            var slot: Int
            var sentence: String
        }

        var titles: [String]
        var stock: [[Placed]]
    }

    private var rng: SampleRandom
    private let record: Record
    private let domain: [String]

    init(seed: UInt64, index: Int, record: Record, departmentCode: Int) {
        rng = SampleRandom(seed: seed, stream: Self.stream, index: UInt64(index))
        self.record = record
        domain = SampleProseVocabulary.domains[departmentCode] ?? SampleProseVocabulary.objects
    }

    /// The titles and stock sentences; drawn first, so that another record's layout can be had
    /// without writing its prose.
    mutating func layout() -> Layout {
        let titles = Self.headingChoices.map { rng.pick($0) }
        // Distinct stock sentences: one or two a section.
        var unused = Self.stockSentences
        let stock = (0..<4).map { _ in
            (0..<rng.int(1...2)).map { _ in Layout.Placed(slot: rng.int(0...9), sentence: unused.remove(at: rng.below(unused.count))) }
        }
        return Layout(titles: titles, stock: stock)
    }

    /// The four sections: the department's sentences with the layout's stock sentences among them,
    /// in paragraphs of two to four sentences.
    mutating func sections(_ layout: Layout) -> [NarrativeSection] {
        let bodies = [basics(), performance(), problems(), measures()]
        return bodies.enumerated().map { position, body in
            var sentences = body
            for placed in layout.stock[position] { sentences.insert(placed.sentence, at: min(placed.slot, sentences.count)) }
            return NarrativeSection(title: layout.titles[position], text: paragraphs(sentences))
        }
    }

    /// A fresh sentence of the kind section `section` holds (for a copy's reworded sentences).
    mutating func sentence(for section: Int) -> String {
        switch section {
        case 2: problem()
        case 3: measure()
        default: general()
        }
    }

    private mutating func paragraphs(_ sentences: [String]) -> String {
        var text = ""
        var left = rng.int(2...4)
        for sentence in sentences {
            if left == 0 {
                text += "\n"
                left = rng.int(2...4)
            }
            text += sentence
            left -= 1
        }
        return text
    }

    // MARK: Sections

    private var name: String { record.department.name }
    private var county: String { record.department.county }

    private mutating func basics() -> [String] {
        var sentences: [String] = []
        switch rng.below(3) {
        case 0: sentences.append("\(name)是\(county)人民政府工作部门，主要负责\(topic())、\(topic())和\(topic())等工作。")
        case 1: sentences.append("\(name)承担辖区内\(topic())、\(topic())、\(topic())等职责，\(rng.pick(V.verbs))\(topic())\(rng.pick(V.suffixes))。")
        default: sentences.append("作为\(county)\(topic())工作的主管部门，\(name)\(rng.pick(V.verbs))\(topic())和\(topic())\(rng.pick(V.suffixes))。")
        }
        let offices = rng.int(5...14), units = rng.int(1...9), staff = rng.int(25...180)
        switch rng.below(3) {
        case 0: sentences.append("本单位内设\(offices)个股室，下属\(units)个单位，年末实有人员\(staff)人。")
        case 1: sentences.append("单位设\(offices)个职能股室和\(units)个二层机构，在职\(staff)人。")
        default: sentences.append("现有编制内人员\(staff)名，分布在\(offices)个股室及\(units)个下属单位。")
        }
        if let income = record.finance?.income, let final = income.final {
            let spent = record.finance?.expenditure?.final.map { "，支出\(wan($0))万元" } ?? ""
            sentences.append("\(record.fiscalYear)年\(rng.pick(["财政拨款收入", "收到财政拨款", "部门预算收入"]))\(wan(final))万元\(spent)。")
        }
        if let projects = record.projects, !projects.isEmpty {
            sentences.append("年内\(rng.pick(V.verbs))\(projects.map(\.name).joined(separator: "、"))等\(projects.count)个项目。")
        }
        for _ in 0..<rng.int(9...12) { sentences.append(general()) }
        return sentences
    }

    private mutating func performance() -> [String] {
        var sentences: [String] = []
        for project in record.projects ?? [] {
            var figures: [String] = []
            if let budget = project.budget { figures.append("预算\(wan(budget))万元") }
            if let allocated = project.allocated { figures.append("到位\(wan(allocated))万元") }
            if let spent = project.spent { figures.append("支出\(wan(spent))万元") }
            if !figures.isEmpty { sentences.append("\(project.name)\(figures.joined(separator: "，"))。") }
            if let target = project.targets.first, let actual = target.actual {
                let met = SampleRecordBuilder.met(target)
                let verdict = met ? rng.pick(["完成年度目标", "达到预期", "目标如期实现", "好于计划"])
                    : rng.pick(["未达到年度目标", "与计划仍有差距", "完成情况不理想", "低于预期"])
                let unit = target.unit ?? ""
                sentences.append("\(target.name)计划\(target.planned.formatted())\(unit)，实际\(actual.formatted())\(unit)，\(verdict)。")
            }
        }
        for _ in 0..<rng.int(8...11) { sentences.append(general()) }
        return sentences
    }

    private mutating func problems() -> [String] {
        var sentences: [String] = []
        for _ in 0..<rng.int(5...7) { sentences.append(problem()) }
        for _ in 0..<rng.int(1...2) { sentences.append(general()) }
        return sentences
    }

    private mutating func measures() -> [String] {
        var sentences: [String] = []
        for _ in 0..<rng.int(6...8) { sentences.append(measure()) }
        return sentences
    }

    // MARK: Sentences

    private typealias V = SampleProseVocabulary

    /// Something the department works on: its own matter mostly, an office's sometimes.
    private mutating func topic() -> String {
        rng.chance(65) ? rng.pick(domain) : rng.pick(V.objects)
    }

    private mutating func noun() -> String {
        switch rng.below(4) {
        case 0, 1: rng.pick(domain) + (rng.chance(50) ? rng.pick(V.suffixes) : "")
        case 2: rng.pick(V.objects)
        default: rng.pick(V.objects) + rng.pick(V.suffixes)
        }
    }

    private mutating func clause() -> String {
        switch rng.below(5) {
        case 0: "\(rng.pick(V.times))，\(rng.pick(V.subjects))\(rng.pick(V.verbs))\(noun())"
        case 1: "\(rng.pick(V.subjects))\(rng.pick(V.adverbs))\(rng.pick(V.verbs))\(noun())"
        case 2: "\(rng.pick(V.verbs))\(noun())和\(noun())"
        case 3: "\(noun())\(rng.pick(V.results))"
        default: "\(rng.pick(V.times))\(noun())\(rng.pick(V.results))"
        }
    }

    private mutating func general() -> String {
        var parts = [clause(), clause()]
        if rng.chance(40) { parts.append(clause()) }
        if rng.chance(35) { parts.append("\(rng.pick(V.effects))\(rng.pick(V.beneficiaries))的\(rng.pick(V.benefits))") }
        return parts.joined(separator: "，") + "。"
    }

    private mutating func problem() -> String {
        "\(rng.pick(V.problemSubjects))\(noun())\(rng.pick(V.problemVerbs))，\(rng.pick(V.causes))\(rng.pick(V.causeReasons))。"
    }

    private mutating func measure() -> String {
        "\(rng.pick(V.futures))，\(rng.pick(V.subjects))\(rng.pick(V.intents))\(rng.pick(V.verbs))\(noun())，\(rng.pick(V.purposes))\(noun())\(rng.pick(V.results))。"
    }

    /// An amount in 万元, to two decimals.
    private func wan(_ amount: Exact) -> String { Exact(units: amount.units / 1_000_000 * 100).formatted() }
}
