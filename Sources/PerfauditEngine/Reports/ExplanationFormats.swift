import PerfauditCore

/// How `explain` and `rules` print: a table for people, CSV or JSON for scripts.
public enum ListingFormat: String, Sendable, CaseIterable {
    case text, csv, json
}

extension Explanation {
    /// One record in the chosen format (`text` fits `width` columns).
    public static func render(
        _ scored: ScoredRecord, issues: [Issue], sourceFile: String, format: ListingFormat, width: Int
    ) -> String {
        switch format {
        case .text: render(scored, issues: issues, sourceFile: sourceFile, width: width)
        case .csv: csv(scored)
        case .json: json(scored, issues: issues, sourceFile: sourceFile)
        }
    }

    /// Rulebooks in the chosen format (`text` fits `width` columns).
    public static func render(_ rulebooks: [Rulebook], format: ListingFormat, width: Int) -> String {
        switch format {
        case .text: rulebooks.map { render($0, width: width) }.joined(separator: "\n")
        case .csv: csv(rulebooks)
        case .json: json(rulebooks)
        }
    }

    private static func text(_ value: Exact?) -> String { value?.formatted(digits: 2) ?? "" }

    private static func csv(_ scored: ScoredRecord) -> String {
        var row = CSVRowBuilder()
        row.row(["indicator_id", "indicator", "weight", "self_score", "verified_score", "interval_lo", "interval_hi",
                 "recomputed_score", "deviation", "evidence", "rule"])
        for result in scored.indicators {
            row.text(result.indicator.id)
            row.text(result.indicator.name)
            row.number(result.indicator.weight)
            row.number(result.selfScore)
            row.number(result.verifiedScore)
            row.number(result.lo)
            row.number(result.hi)
            row.number(result.recomputed)
            row.flag(result.deviation, ReportValues(.en))
            row.text(result.evidence)
            row.text(ReviewerWords.translate(result.indicator.ruleText))
            row.endRow()
        }
        return String(decoding: row.bytes, as: UTF8.self)
    }

    private static func csv(_ rulebooks: [Rulebook]) -> String {
        var row = CSVRowBuilder()
        row.row(["rulebook", "indicator_id", "level1", "level2", "indicator", "weight", "rule"])
        for rulebook in rulebooks {
            for indicator in rulebook.indicators {
                for cell in [rulebook.id, indicator.id, indicator.level1, indicator.level2, indicator.name] { row.text(cell) }
                row.number(indicator.weight)
                row.text(ReviewerWords.translate(indicator.ruleText))
                row.endRow()
            }
        }
        return String(decoding: row.bytes, as: UTF8.self)
    }

    private static func json(_ scored: ScoredRecord, issues: [Issue], sourceFile: String) -> String {
        let record = scored.record
        var json = JSONText()
        json.openObject()
        for (key, value) in [("source_file", sourceFile), ("county", record.department.county),
                             ("department", record.department.name), ("rulebook", scored.rulebook.id)] {
            json.key(key)
            json.string(value)
        }
        json.key("fiscal_year")
        json.integer(record.fiscalYear)
        let totals: [(String, Exact?)] = [
            ("self_score", record.selfAssessment.score), ("verified_score", scored.verifiedScore),
            ("recomputed_score", scored.recomputedTotal), ("attainable_max", scored.attainableMax),
        ]
        for (key, value) in totals {
            json.key(key)
            json.number(text(value))
        }
        for (key, grade) in [("self_grade", scored.selfGrade), ("verified_grade", scored.verifiedGrade),
                             ("recomputed_grade", scored.recomputedGrade)] {
            json.key(key)
            if let grade { json.string(grade.rawValue) } else { json.number("") }
        }
        json.key("indicators")
        json.openArray()
        for result in scored.indicators {
            json.openObject()
            member(&json, "indicator_id", result.indicator.id)
            member(&json, "indicator", result.indicator.name)
            for (key, value) in [("weight", result.indicator.weight), ("self_score", result.selfScore),
                                 ("verified_score", result.verifiedScore), ("interval_lo", result.lo),
                                 ("interval_hi", result.hi), ("recomputed_score", result.recomputed)] as [(String, Exact?)] {
                json.key(key)
                json.number(text(value))
            }
            json.key("deviation")
            json.raw(Array((result.deviation ? "true" : "false").utf8))
            member(&json, "evidence", result.evidence)
            member(&json, "rule", ReviewerWords.translate(result.indicator.ruleText))
            json.closeObject()
        }
        json.closeArray()
        json.key("issues")
        json.openArray()
        for issue in issues {
            json.openObject()
            member(&json, "category", issue.category.rawValue)
            member(&json, "category_label", issue.category.label)
            member(&json, "severity", issue.severity.rawValue)
            member(&json, "project", issue.project ?? "")
            member(&json, "evidence", issue.evidence)
            json.closeObject()
        }
        json.closeArray()
        json.closeObject()
        return String(decoding: json.bytes, as: UTF8.self) + "\n"
    }

    private static func json(_ rulebooks: [Rulebook]) -> String {
        var json = JSONText()
        json.openArray()
        for rulebook in rulebooks {
            json.openObject()
            member(&json, "id", rulebook.id)
            member(&json, "title", rulebook.title)
            json.key("grades")
            json.openArray()
            for band in rulebook.grades.bands {
                json.openObject()
                member(&json, "grade", band.grade.rawValue)
                json.key("at_least")
                json.number(band.atLeast.formatted(digits: 2))
                json.closeObject()
            }
            json.closeArray()
            json.key("indicators")
            json.openArray()
            for indicator in rulebook.indicators {
                json.openObject()
                for (key, value) in [("indicator_id", indicator.id), ("level1", indicator.level1), ("level2", indicator.level2),
                                     ("indicator", indicator.name)] {
                    member(&json, key, value)
                }
                json.key("weight")
                json.number(indicator.weight.formatted(digits: 2))
                member(&json, "rule", ReviewerWords.translate(indicator.ruleText))
                json.closeObject()
            }
            json.closeArray()
            json.closeObject()
        }
        json.closeArray()
        return String(decoding: json.bytes, as: UTF8.self) + "\n"
    }

    private static func member(_ json: inout JSONText, _ key: String, _ value: String) {
        json.key(key)
        json.string(value)
    }
}
