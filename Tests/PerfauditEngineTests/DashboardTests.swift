import Foundation
import PerfauditCore
@testable import PerfauditEngine
import PerfauditTestSupport
import XCTest

/// dashboard.html looked at as a person would: Debian's Chromium, headless, loads it with every
/// host name unresolvable. The DOM it builds must hold every chart's <svg> and the department
/// table's rows, the console must report no blocked or failed load (CSP violations included), and
/// a 1366×768 screenshot must differ from an empty page's. Chromium missing is a failure: CI
/// installs it (`.ci/run`).
final class DashboardTests: XCTestCase {
    /// Thrown after the failure is recorded: the test fails, it is not skipped.
    private struct MissingChromium: Error {}

    nonisolated(unsafe) private static var sampleOut: String?

    /// The sample batch, run once for the suite.
    private func sample() throws -> String {
        if let out = Self.sampleOut { return out }
        let out = try temporaryFolder("dashboard").path
        let run = try perfaudit(["run", repositoryRoot.appendingPathComponent("Inputs").path, "--out", out, "--no-progress"], deadline: 300)
        XCTAssertEqual(run.exitStatus, 0, run.output)
        Self.sampleOut = out
        return out
    }

    func testChromiumShowsEveryChartAndTheDepartmentRows() throws {
        let out = try sample()
        let page = "file://" + out + "/dashboard.html"
        let outcome = try chromium(["--dump-dom", page], profile: out)
        XCTAssertEqual(outcome.exitStatus, 0, outcome.stderr)
        let dom = outcome.stdout
        for chart in ["chart-scatter", "chart-grades", "chart-lost"] {
            guard let range = dom.range(of: "<figure id=\"\(chart)\">") else { XCTFail("no \(chart) in the DOM"); continue }
            XCTAssertTrue(dom[range.upperBound...].prefix(400).contains("<svg"), "\(chart) has no <svg>")
        }
        XCTAssertTrue(dom.contains("<table class=\"heat\" id=\"heat\">"), "no heat table")
        let records = try csvRowCount(out + "/summary.csv")
        XCTAssertGreaterThan(records, 0)
        // The script drew the department table: one <tr> per record (up to the rows shown at once).
        guard let table = dom.range(of: "<table id=\"department-table\""),
              let body = dom.range(of: "<tbody>", range: table.upperBound..<dom.endIndex),
              let end = dom.range(of: "</tbody>", range: body.upperBound..<dom.endIndex)
        else { return XCTFail("no department table body in the DOM") }
        let rows = dom[body.upperBound..<end.lowerBound].components(separatedBy: "<tr").count - 1
        XCTAssertEqual(rows, min(records, DashboardPage.shownRows))
        XCTAssertTrue(dom.contains("共 \(records) 条"), "the row count line is missing")
        XCTAssertGreaterThan(dom.components(separatedBy: "<circle").count - 1, 10, "the scatter has almost no dots")
        // Nothing was blocked or failed to load: the console says nothing about the page.
        let console = outcome.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("net::ERR") }
        XCTAssertEqual(console, [], "the page logged to the console")
    }

    /// With a baseline the page adds the rectification chart, its segments counting exactly the
    /// ledger's rows, and Chromium draws it; without one (the sample run) there is no such chart.
    func testRectificationChartCountsTheLedger() throws {
        let folder = try temporaryFolder("dashboard-ledger").path
        let inputs = repositoryRoot.appendingPathComponent("Inputs").path
        let first = folder + "/first", second = folder + "/second"
        XCTAssertEqual(try perfaudit(["run", inputs, "--out", first, "--no-progress", "--no-xlsx", "--no-dashboard"], deadline: 300).exitStatus, 0)
        let run = try perfaudit(["run", inputs, "--out", second, "--no-progress", "--no-xlsx", "--baseline", first], deadline: 300)
        XCTAssertEqual(run.exitStatus, 0, run.output)
        let html = try String(contentsOfFile: second + "/dashboard.html", encoding: .utf8)
        let chart = try XCTUnwrap(block(html, "<figure id=\"chart-rectification\">", "</figure>"), "no rectification chart")
        let segments = chart.components(separatedBy: "<title>").dropFirst().compactMap { $0.split(separator: "<").first }
        let counted = segments.compactMap { $0.split(separator: "：").last.flatMap { Int($0) } }.reduce(0, +)
        XCTAssertEqual(counted, try csvRowCount(second + "/rectification.csv"))
        XCTAssertTrue(chart.contains("未整改"), "the ledger against its own register is all persisting")
        let dom = try chromium(["--dump-dom", "file://" + second + "/dashboard.html"], profile: second).stdout
        XCTAssertTrue(dom.contains("<figure id=\"chart-rectification\"><figcaption>各县区整改情况</figcaption><svg"), "Chromium did not draw it")
        let plain = try String(contentsOfFile: try sample() + "/dashboard.html", encoding: .utf8)
        XCTAssertFalse(plain.contains("chart-rectification"), "a run without a baseline has no ledger to chart")
    }

    func testScreenshotIsNotBlank() throws {
        let out = try sample()
        let empty = out + "/empty.html"
        try Data("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>".utf8)
            .write(to: URL(fileURLWithPath: empty))
        for (page, picture) in [(out + "/dashboard.html", out + "/dashboard.png"), (empty, out + "/empty.png")] {
            let outcome = try chromium(
                ["--hide-scrollbars", "--window-size=1366,768", "--screenshot=" + picture, "file://" + page], profile: out)
            XCTAssertEqual(outcome.exitStatus, 0, outcome.stderr)
        }
        let script = repositoryRoot.appendingPathComponent("Tests/Scripts/compare_screenshots.py").path
        let compared = try Child(["/usr/bin/env", "python3", script, out + "/dashboard.png", out + "/empty.png"]).wait(deadline: 120)
        XCTAssertEqual(compared.exitStatus, 0, compared.output)
        let fields = compared.stdout.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        XCTAssertEqual(fields.prefix(2), ["1366", "768"], compared.output)
        XCTAssertGreaterThan(Int(fields[2]) ?? 0, 50, "too few colours: \(compared.output)")
        XCTAssertGreaterThan(Double(fields[3]) ?? 0, 0.15, "the screenshot hardly differs from an empty page: \(compared.output)")
    }

    /// No network by construction: the CSP lets in only the page's own blocks, by their hashes,
    /// and nothing in the page names a URL or another file.
    func testPolicyAndNoReferences() throws {
        let html = try String(contentsOfFile: try sample() + "/dashboard.html", encoding: .utf8)
        let style = try XCTUnwrap(block(html, "<style>", "</style>"))
        let script = try XCTUnwrap(block(html, "<script>", "</script>"))
        let policy = "default-src 'none'; style-src 'sha256-\(SHA256.base64(SHA256.hash(style.utf8)))'; "
            + "script-src 'sha256-\(SHA256.base64(SHA256.hash(script.utf8)))'; base-uri 'none'; form-action 'none'"
        XCTAssertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"\(policy)\">"), "CSP missing or hashes wrong")
        for forbidden in ["src=", "href=", "url(", "@import", "http:", "https:", "//", " style=", "<link", "<iframe", "<img"] {
            let outsideData = html.replacingOccurrences(of: try XCTUnwrap(block(html, "id=\"perfaudit-data\">", "</script>")), with: "")
            XCTAssertFalse(outsideData.contains(forbidden), "the page contains \(forbidden)")
        }
        XCTAssertLessThan(html.utf8.count, 10_000_000)
    }

    /// The data block is the CSVs: one row per summary row, counties as counties.csv.
    func testDataBlockMatchesTheReports() throws {
        let out = try sample()
        let html = try String(contentsOfFile: out + "/dashboard.html", encoding: .utf8)
        let json = try XCTUnwrap(block(html, "id=\"perfaudit-data\">", "</script>"))
        let data = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])
        let counties = try XCTUnwrap(data[1] as? [String]), rows = try XCTUnwrap(data[3] as? [[Any]])
        XCTAssertEqual(rows.count, try csvRowCount(out + "/summary.csv"))
        XCTAssertEqual(Set(counties).count, try csvRowCount(out + "/counties.csv"))
        let trails = try XCTUnwrap(data[4] as? [[Any]])
        XCTAssertEqual(trails.count, rows.count, "the sample is small: every record keeps its explain trail")
        let indicators = try XCTUnwrap(data[2] as? [[Any]])
        let trailRows = trails.reduce(0) { $0 + $1.count }
        XCTAssertEqual(trailRows, try csvRowCount(out + "/indicators.csv"))
        XCTAssertGreaterThan(indicators.count, 20)
    }

    // MARK: - Helpers

    private func chromium(_ arguments: [String], profile: String) throws -> ChildOutcome {
        guard let binary = Self.chromiumPath else {
            XCTFail("chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
            throw MissingChromium()
        }
        return try Child([
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=" + profile + "/chromium-profile", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--enable-logging=stderr", "--v=0",
        ] + arguments).wait(deadline: 180)
    }

    private static let chromiumPath: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }()

    private func block(_ html: String, _ open: String, _ close: String) -> String? {
        guard let start = html.range(of: open), let end = html.range(of: close, range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }

    /// Data rows of a CSV report (its records never hold line breaks in the sample).
    private func csvRowCount(_ path: String) throws -> Int {
        try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }.count - 1
    }
}
