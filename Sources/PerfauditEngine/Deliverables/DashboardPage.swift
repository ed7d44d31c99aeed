import PerfauditCore

/// `dashboard.html`: one self-contained page. No network at all: a Content-Security-Policy of
/// `default-src 'none'` that lets in only its one style block and its one script, by SHA-256
/// hash; the data sit in a JSON block the script reads; charts are inline SVG.
struct DashboardPage {
    static let fileName = "dashboard.html"
    /// Department-table rows drawn at once (filters narrow the rest).
    static let shownRows = 200

    let data: DashboardData
    let figures: RunFigures
    let bands: [Double]
    let words: Words

    /// The whole page as UTF-8.
    func render() -> [UInt8] {
        let charts = DashboardCharts(data: data, bands: bands, words: words)
        let style = Self.style
        let script = Self.script
        let policy = "default-src 'none'; style-src 'sha256-\(Self.hash(style))'; script-src 'sha256-\(Self.hash(script))'; "
            + "base-uri 'none'; form-action 'none'"
        var page = "<!DOCTYPE html>\n<html lang=\"\(words.language == .zh ? "zh-CN" : "en")\"><head><meta charset=\"utf-8\">\n"
        page += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(policy)\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<title>\(escape(words["pageTitle"]))</title>\n<style>\(style)</style>\n</head><body>\n"
        page += "<header><h1>\(escape(words["pageTitle"]))</h1>\(cards())</header>\n<main>\n<section class=\"charts\">\n"
        page += figure("chart-scatter", words["scatterTitle"], words["scatterNote"], charts.scatter())
        page += figure("chart-grades", words["gradesTitle"], words["gradesNote"], charts.gradesByCounty())
        page += figure("chart-lost", words["lostTitle"], words["lostNote"], charts.pointsLost())
        page += figure("chart-heat", words["heatTitle"], words["heatNote"], charts.heatTable())
        if !data.rectificationCounties.isEmpty {
            page += figure("chart-rectification", words["rectificationTitle"], words["rectificationNote"], charts.rectificationByCounty())
        }
        page += "</section>\n" + departmentSection() + "</main>\n"
        var bytes = Array(page.utf8)
        bytes += Array("<script type=\"application/json\" id=\"perfaudit-data\">".utf8)
        bytes += dataJSON()
        bytes += Array("</script>\n<script>\(script)</script>\n</body></html>\n".utf8)
        return bytes
    }

    /// A CSP hash source's value: Base64 of the SHA-256 of the block's text.
    static func hash(_ block: String) -> String { SHA256.base64(SHA256.hash(block.utf8)) }

    private func cards() -> String {
        let items: [(String, Int)] = [
            (words["files"], figures.scored + figures.rejected), (words["scored"], figures.scored),
            (words["rejected"], figures.rejected), (words["verifiedCount"], figures.verified),
            (words["mismatches"], figures.gradeMismatches), (words["issues"], figures.issues),
        ]
        return "<ul class=\"cards\">" + items.map { "<li><b>\($0.1)</b>\(escape($0.0))</li>" }.joined() + "</ul>"
    }

    private func figure(_ id: String, _ title: String, _ note: String, _ body: String) -> String {
        "<figure id=\"\(id)\"><figcaption>\(escape(title))</figcaption>\(body)<p class=\"note\">\(escape(note))</p></figure>\n"
    }

    private func departmentSection() -> String {
        let headers = ["county", "department", "year", "self", "selfGrade", "verified", "verifiedGrade", "gap", "mismatch", "issueCount"]
        var html = "<section id=\"departments\"><h2>\(escape(words["departmentsTitle"]))</h2><div class=\"filters\">"
        html += "<input id=\"filter\" type=\"search\" placeholder=\"\(escape(words["filterPlaceholder"]))\">"
        html += "<select id=\"county\"><option value=\"\">\(escape(words["allCounties"]))</option>"
        for (index, county) in data.counties.enumerated() { html += "<option value=\"\(index)\">\(escape(county))</option>" }
        html += "</select><label><input type=\"checkbox\" id=\"mismatch\"> \(escape(words["onlyMismatch"]))</label>"
        html += "<span id=\"count\"></span></div>"
        html += "<table id=\"department-table\" class=\"departments\"><thead><tr>"
        for (index, key) in headers.enumerated() { html += "<th data-column=\"\(index)\">\(escape(words[key]))</th>" }
        html += "</tr></thead><tbody></tbody></table>"
        let kept = data.lines.filter { $0.trail != nil }.count
        html += "<p class=\"note\">\(escape(Words.fill(words["trailNote"], ["{kept}": String(kept), "{total}": String(data.lines.count)])))</p>"
        html += "</section>\n<section id=\"detail\" hidden></section>\n"
        return html
    }

    /// Everything the script needs: labels, counties, indicators, one row per record, trails.
    private func dataJSON() -> [UInt8] {
        var json = JSONText()
        json.openArray()
        json.openArray()
        for key in Words.scriptKeys { json.string(words[key]) }
        json.closeArray()
        json.openArray()
        for county in data.counties { json.string(county) }
        json.closeArray()
        json.openArray()
        for indicator in data.indicators {
            json.openArray()
            json.string(indicator.id)
            json.string(indicator.name)
            json.number(indicator.weight)
            json.string(indicator.rule)
            json.closeArray()
        }
        json.closeArray()
        json.openArray()
        for line in data.lines {
            json.openArray()
            json.integer(line.county)
            json.string(line.department)
            json.number(line.year)
            json.number(line.selfScore)
            json.string(line.selfGrade)
            json.number(line.verifiedScore)
            json.string(line.verifiedGrade)
            json.number(line.gap)
            json.integer(line.mismatch ? 1 : 0)
            json.number(line.issues)
            json.number(line.recomputed)
            json.number(line.attainable)
            json.string(line.file)
            json.integer(line.trail ?? -1)
            json.closeArray()
        }
        json.closeArray()
        json.openArray()
        for trail in data.trails { json.raw(trail) }
        json.closeArray()
        json.closeArray()
        return json.bytes
    }

    static let style = """
        body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC","Source Han Sans SC",sans-serif;margin:0;color:#1d2733;background:#f4f6f9}
        header{background:#1f3b5c;color:#fff;padding:12px 24px}h1{font-size:20px;margin:0 0 8px}
        .cards{list-style:none;display:flex;gap:12px;margin:0;padding:0;flex-wrap:wrap}
        .cards li{background:#2c5282;padding:6px 12px;border-radius:4px;font-size:13px}.cards b{font-size:18px;margin-right:6px}
        main{padding:12px 24px}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(540px,1fr));gap:16px}
        figure{background:#fff;margin:0;padding:10px 14px;border-radius:6px;box-shadow:0 1px 3px #0002;overflow:auto}
        figcaption{font-weight:bold;margin-bottom:6px}svg{width:100%;height:auto;max-width:640px;display:block}
        .note{font-size:12px;color:#5a6877;margin:6px 0 0}
        line.axis{stroke:#334}line.band{stroke:#c0504d;stroke-dasharray:4 3}line.diagonal{stroke:#889;stroke-dasharray:2 3}
        circle.dot{fill:#2b6cb0;fill-opacity:.55}circle.dot.above{fill:#c53030}
        text{font-size:12px;fill:#1d2733}text.tick{font-size:11px;fill:#556}text.axis{font-size:12px;font-weight:bold}
        .grade0{fill:#2f855a}.grade1{fill:#68b0d8}.grade2{fill:#ecc94b}.grade3{fill:#c53030}.status0{fill:#c53030}.status1{fill:#dd6b20}.status2{fill:#2f855a}.status3{fill:#68b0d8}.status4{fill:#a0aec0}rect.lost{fill:#dd6b20}
        table{border-collapse:collapse;font-size:12px;background:#fff}th,td{border:1px solid #d5dbe3;padding:3px 6px;text-align:left}
        table.heat td{text-align:right;min-width:28px}.heat0{background:#fff}.heat1{background:#fde2d4}.heat2{background:#f9b99a}
        .heat3{background:#f28b60}.heat4{background:#d9582b;color:#fff}.heat5{background:#a3310f;color:#fff}
        #departments,#detail{background:#fff;margin-top:16px;padding:10px 14px;border-radius:6px;box-shadow:0 1px 3px #0002}
        .filters{display:flex;gap:12px;align-items:center;margin-bottom:8px;flex-wrap:wrap}
        table.departments{width:100%}table.departments th{cursor:pointer;background:#e8edf3}
        table.departments tbody tr{cursor:pointer}table.departments tbody tr:hover{background:#eef4fb}
        tr.mismatch td{background:#fff4d6}td.deviation{color:#c53030;font-weight:bold}
        """

    static let script = """
        (function(){"use strict";
        var D=JSON.parse(document.getElementById("perfaudit-data").textContent);
        var W=D[0],counties=D[1],indicators=D[2],rows=D[3],trails=D[4];
        var columns=[[0,"county"],[1,"text"],[2,"int"],[3,"score"],[4,"text"],[5,"score"],[6,"text"],[7,"score"],[8,"flag"],[9,"int"]];
        var sortColumn=-1,sortDirection=1,shown=\(shownRows);
        var body=document.querySelector("#department-table tbody"),filter=document.getElementById("filter");
        var county=document.getElementById("county"),mismatch=document.getElementById("mismatch"),count=document.getElementById("count");
        function value(r,c){var i=columns[c][0];return columns[c][1]==="county"?counties[r[0]]:r[i];}
        function show(v,kind){if(v===null||v===undefined)return"";if(kind==="score")return v.toFixed(2);if(kind==="flag")return v?W[0]:"";return String(v);}
        function element(tag,text,cls){var e=document.createElement(tag);if(text!==undefined)e.textContent=text;if(cls)e.className=cls;return e;}
        function render(){
        var q=filter.value.trim(),c=county.value,m=mismatch.checked;
        var list=rows.filter(function(r){return(c===""||String(r[0])===c)&&(!m||r[8]===1)&&(q===""||counties[r[0]].indexOf(q)>=0||r[1].indexOf(q)>=0||String(r[2])===q);});
        if(sortColumn>=0){list.sort(function(a,b){var x=value(a,sortColumn),y=value(b,sortColumn);if(x===y)return 0;if(x===null)return 1;if(y===null)return-1;return(x<y?-1:1)*sortDirection;});}
        body.textContent="";
        list.slice(0,shown).forEach(function(r){var tr=element("tr",undefined,r[8]===1?"mismatch":"");
        columns.forEach(function(col,c){tr.appendChild(element("td",show(value(r,c),col[1])));});
        tr.addEventListener("click",function(){detail(r);});body.appendChild(tr);});
        count.textContent=W[1].replace("{shown}",Math.min(shown,list.length)).replace("{total}",list.length);}
        function detail(r){
        var box=document.getElementById("detail");box.textContent="";box.hidden=false;
        box.appendChild(element("h2",counties[r[0]]+" "+r[1]+" "+r[2]));
        box.appendChild(element("p",W[2]+" "+show(r[3],"score")+"（"+r[4]+"） · "+W[3]+" "+show(r[5],"score")+(r[6]?"（"+r[6]+"）":"")+" · "+W[4]+" "+show(r[10],"score")+" · "+W[5]+" "+show(r[11],"score")+" · "+W[6]+" "+show(r[9],"int")));
        box.appendChild(element("p",W[7]+" "+r[12],"note"));
        if(r[13]<0){box.appendChild(element("p",W[8]+" perfaudit explain "+r[12]));return;}
        var table=element("table",undefined,"trail"),head=element("tr");
        W.slice(9,18).forEach(function(h){head.appendChild(element("th",h));});table.appendChild(head);
        trails[r[13]].forEach(function(t){var ind=indicators[t[0]],tr=element("tr");
        var interval=t[3]===t[4]?show(t[3],"score"):"["+show(t[3],"score")+", "+show(t[4],"score")+"]";
        [ind[0],ind[1],show(ind[2],"score"),show(t[1],"score"),show(t[2],"score"),interval,show(t[5],"score")].forEach(function(v){tr.appendChild(element("td",v));});
        tr.appendChild(element("td",t[7]?W[18]:"",t[7]?"deviation":""));tr.appendChild(element("td",t[6]||ind[3]));table.appendChild(tr);});
        box.appendChild(table);box.scrollIntoView();}
        document.querySelectorAll("#department-table th").forEach(function(th){th.addEventListener("click",function(){
        var c=Number(th.getAttribute("data-column"));sortDirection=sortColumn===c?-sortDirection:1;sortColumn=c;render();});});
        [filter,county,mismatch].forEach(function(e){e.addEventListener("input",render);e.addEventListener("change",render);});
        render();})();
        """
}

/// The page's words in the header language (Chinese by default).
struct Words {
    let language: HeaderLanguage

    /// The words the script uses, in the order it indexes them.
    static let scriptKeys = [
        "yes", "showing", "self", "verified", "recomputedScore", "attainable", "issueCount", "source", "noTrail",
        "indicatorId", "indicatorName", "weight", "self", "verified", "interval", "recomputedScore", "deviation", "basis",
        "deviates",
    ]

    /// `text` with each placeholder replaced.
    static func fill(_ text: String, _ values: [String: String]) -> String {
        var result = text
        for (placeholder, value) in values {
            var parts = result.split(separator: placeholder, omittingEmptySubsequences: false).map(String.init)
            if parts.count > 1 { result = parts.removeFirst() + parts.map { value + $0 }.joined() }
        }
        return result
    }

    subscript(_ key: String) -> String {
        guard let pair = Self.table[key] else { preconditionFailure("no word \(key)") }
        return language == .zh ? pair.0 : pair.1
    }

    private static let table: [String: (String, String)] = [
        "pageTitle": ("预算绩效评价审核仪表盘", "Budget-performance audit dashboard"),
        "files": ("文件", "files"), "scored": ("已评分", "scored"), "rejected": ("拒收", "rejected"),
        "verifiedCount": ("已核查", "verified"), "mismatches": ("等级不一致", "grade mismatches"), "issues": ("问题", "issues"),
        "scatterTitle": ("自评得分与核查得分", "Self vs verified score"),
        "scatterNote": ("每个点是 0.5 分见方内的已核查记录，面积表示记录数；红点自评高于核查。虚线为等级分界，点线为自评＝核查。",
                        "Each dot is the verified records in a 0.5-point square, its area their number; red where self is above verified. Dashed: grade bands; dotted: self = verified."),
        "gradesTitle": ("各县区等级分布", "Grades by county"),
        "gradesNote": ("已核查的记录按核查等级，其余按自评等级。", "Verified records by their verified grade, the rest by self grade."),
        "lostTitle": ("各指标平均失分（前 20）", "Average points lost per indicator (top 20)"),
        "lostNote": ("失分 = 权重 − 核查得分（无核查时为自评得分），只计有指标得分的记录。", "Points lost = weight − verified score (self score where not verified), over records that score the indicator."),
        "heatTitle": ("各县区问题类别", "Problem categories by county"),
        "heatNote": ("问题清单的条数，颜色越深越多。", "Issues in the register; darker is more."),
        "rectificationTitle": ("各县区整改情况", "Rectification by county"),
        "rectificationNote": ("整改台账（rectification.csv）的问题数，按整改状态；只在给出 --baseline 时绘制。",
                              "Problems in the rectification ledger (rectification.csv) by status; drawn only with --baseline."),
        "departmentsTitle": ("部门明细", "Departments"), "filterPlaceholder": ("筛选县区、部门或年度", "filter county, department or year"),
        "allCounties": ("全部县区", "all counties"), "onlyMismatch": ("仅等级不一致", "grade mismatches only"),
        "county": ("县（市、区）", "county"), "department": ("部门", "department"), "year": ("年度", "year"),
        "self": ("自评", "self"), "selfGrade": ("自评等级", "self grade"), "verified": ("核查", "verified"),
        "verifiedGrade": ("核查等级", "verified grade"), "gap": ("自评减核查", "self − verified"),
        "mismatch": ("等级不一致", "mismatch"), "issueCount": ("问题数", "issues"), "yes": ("是", "yes"),
        "showing": ("显示 {shown} 条，共 {total} 条（点击表头排序，点击一行看逐项明细）", "showing {shown} of {total} (click a header to sort, a row for its trail)"),
        "selfScore": ("自评得分", "self score"), "verifiedScore": ("核查得分", "verified score"),
        "average": ("平均失分", "average lost"), "noScores": ("没有指标级得分", "no indicator scores"),
        "recomputedScore": ("复算", "recomputed"), "attainable": ("可得最高分", "attainable"), "source": ("源文件", "source file"),
        "noTrail": ("本记录的逐项明细未放入仪表盘（大小上限）；查看：", "This record's trail is not in the dashboard (size limit); see"),
        "trailNote": ("逐项明细（与 perfaudit explain 相同）收录 {kept} / {total} 条记录，优先等级不一致、分差大、问题多的记录。",
                      "The indicator trail (as perfaudit explain shows it) is included for {kept} of {total} records, grade mismatches, large gaps and many issues first."),
        "indicatorId": ("指标", "indicator"), "indicatorName": ("名称", "name"), "weight": ("权重", "weight"),
        "interval": ("区间", "interval"), "deviation": ("偏离", "deviation"), "basis": ("依据 / 规则", "evidence / rule"),
        "deviates": ("✗ 偏离", "✗ deviates"),
    ]
}
