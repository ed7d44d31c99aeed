import Foundation
import PerfauditCore
import XCTest
import PerfauditTestSupport

/// Every figure a file may state, at the edges of what the loader accepts (0, ±0.01, ±10¹⁴ less a
/// fen), alone and together: the real binary scores every variant of both seeds, under their own
/// rulebooks and under `Tests/Fixtures/rulebooks/stress-all.json` (every rule kind's parameters at
/// their edges), and writes its rates in full. Before rates were written exactly, 0.01 元 of budget against 10¹⁴ 元 spent trapped
/// and killed the whole batch.
final class ExtremeFigureTests: XCTestCase {
    private static let amounts = ["0", "0.01", "-0.01", "99999999999999.99", "-99999999999999.99"]
    private static let scores = ["0", "0.01", "99.99", "100"]
    private static let counts = ["0", "1", "999999937", "1000000000"]
    private static let scoreNames: Set = ["score", "selfScore", "reportedScore", "partyInspection", "governmentInspection"]
    private static let countNames: Set = ["count", "total", "onTime", "recurringCount", "oneOffCount", "oneOffHighBalanceCount", "recurringHighBalanceCount"]

    /// A figure in a record's text: where its digits are and what they stand for.
    private struct Site {
        let range: NSRange
        let name: String
        let original: String
    }

    private func sites(in text: String, pattern: String) throws -> [Site] {
        let expression = try NSRegularExpression(pattern: pattern)
        let skipped: Set = ["schemaVersion", "fiscalYear", "mofDivCode", "agencyCode", "version", "months"]
        let whole = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: whole).compactMap { match in
            let name = (text as NSString).substring(with: match.range(at: 1))
            guard !skipped.contains(name) else { return nil }
            return Site(range: match.range(at: 2), name: name, original: (text as NSString).substring(with: match.range(at: 2)))
        }
    }

    private func values(for site: Site, amounts: [String]) -> [String] {
        if Self.scoreNames.contains(site.name) { return Self.scores }
        if Self.countNames.contains(site.name), !site.original.contains(".") { return Self.counts }
        return amounts
    }

    /// Each figure alone at each edge, then all figures at once in four patterns.
    private func variants(of text: String, sites: [Site], amounts: [String]) -> [String] {
        func replacing(_ choice: (Int, Site) -> String?) -> String {
            let result = NSMutableString(string: text)
            for (index, site) in sites.enumerated().reversed() {
                if let value = choice(index, site) { result.replaceCharacters(in: site.range, with: value) }
            }
            return result as String
        }
        var variants: [String] = []
        for (target, site) in sites.enumerated() {
            for value in values(for: site, amounts: amounts) {
                variants.append(replacing { index, _ in index == target ? value : nil })
            }
        }
        for pattern in 0..<4 {
            variants.append(replacing { index, site in
                let choices = self.values(for: site, amounts: amounts)
                let pick = pattern < 2 ? (index + pattern) % 2 == 0 : pattern == 2
                return pick ? choices[1] : choices[choices.count - (pattern == 3 ? 1 : 2)]
            })
        }
        return variants
    }

    func testEveryFigureAtItsEdgesScoresInBothFormats() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = folder.appendingPathComponent("in"), out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)

        var suixi = try String(contentsOf: repositoryRoot.appendingPathComponent("Inputs/seeds/suixi-zhujianju-2022.xml"), encoding: .utf8)
        suixi = suixi.replacingOccurrences(of: "<procurement plan=\"0\" actual=\"0\"/>",
            with: "<procurement plan=\"10\" actual=\"9\"/><transfers due=\"10\" onTime=\"9\"/>")
        let xmlSites = try sites(in: suixi, pattern: #"\s([A-Za-z]+)="(-?[0-9]+(?:\.[0-9]+)?)""#)
        let xml = variants(of: suixi, sites: xmlSites, amounts: Self.amounts)
        // One pair on purpose: 0.01 元 budgeted against 10¹⁴ 元 less a fen received.
        let rate = suixi.replacingOccurrences(of: #"<income budget="111122500" final="71073638.07">"#,
            with: #"<income budget="0.01" final="99999999999999.99">"#)
        XCTAssertNotEqual(rate, suixi)

        let miyi = try String(contentsOf: repositoryRoot.appendingPathComponent("Inputs/seeds/miyi-zhujianju-2023.json"), encoding: .utf8)
        let jsonSites = try sites(in: miyi, pattern: #""([A-Za-z]+)":\s*"?(-?[0-9]+(?:\.[0-9]+)?)"?"#)
        let json = variants(of: miyi, sites: jsonSites, amounts: ["0", "0.01", "-0.01", "9999999999.99", "-9999999999.99"])
        XCTAssertGreaterThan(xmlSites.count, 60)
        XCTAssertGreaterThan(jsonSites.count, 30)

        for (index, text) in (xml + [rate]).enumerated() {
            try text.write(to: inputs.appendingPathComponent(String(format: "x%04d.xml", index)), atomically: false, encoding: .utf8)
        }
        for (index, text) in json.enumerated() {
            try text.write(to: inputs.appendingPathComponent(String(format: "j%04d.json", index)), atomically: false, encoding: .utf8)
        }
        let files = xml.count + 1 + json.count
        try runAll(inputs, out, files: files)
        let indicators = try String(contentsOf: out.appendingPathComponent("indicators.csv"), encoding: .utf8)
        let rates = indicators.split(separator: "\n").filter { $0.contains("差异率=9999") }
        XCTAssertTrue(indicators.contains("差异率=999999999999999800.00%"), "the rate is not written in full: \(rates.prefix(2))")

        // Again under a rulebook with every rule kind's parameters at their edges.
        let stressed = folder.appendingPathComponent("stressed"), stressedOut = folder.appendingPathComponent("stressed-out")
        try FileManager.default.createDirectory(at: stressed, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: inputs.path) {
            let text = try String(contentsOf: inputs.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "<rulebook>zhanjiang-dept-2021</rulebook>", with: "<rulebook>stress-all</rulebook>")
                .replacingOccurrences(of: #""rulebook": "sichuan-dept-2017""#, with: #""rulebook": "stress-all""#)
            XCTAssertTrue(text.contains("stress-all"), name)
            try text.write(to: stressed.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        let rulebooks = repositoryRoot.appendingPathComponent("Tests/Fixtures/rulebooks").path
        try runAll(stressed, stressedOut, files: files, extra: ["--rulebooks", rulebooks])
        let stressedRows = try String(contentsOf: stressedOut.appendingPathComponent("indicators.csv"), encoding: .utf8)
        XCTAssertTrue(stressedRows.contains("扣分超出精确运算范围（远超满分），扣完为止"))
    }

    /// Runs the real binary on a folder: not killed, exit 0, every file scored.
    private func runAll(_ inputs: URL, _ out: URL, files: Int, extra: [String] = []) throws {
        let outcome = try perfaudit(["run", inputs.path, "--out", out.path, "--no-progress", "--header-lang", "en"] + extra, deadline: 120)
        XCTAssertNil(outcome.signal, "killed by signal \(outcome.signal ?? 0): \(outcome.stderr.prefix(600))")
        XCTAssertEqual(outcome.exitStatus, 0, outcome.output)
        XCTAssertTrue(outcome.stdout.contains("\(files) files found = \(files) scored + 0 rejected"), outcome.output)
    }
}
