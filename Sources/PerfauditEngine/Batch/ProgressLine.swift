#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A live `done/total, rate, ETA` line on stderr, redrawn at most five times a second.
final class ProgressLine: Sendable {
    private struct State {
        var done = 0
        var lastDraw: Double = 0
    }

    private let total: Int
    private let started = ProgressLine.now()
    private let state = Mutex(State())

    init(total: Int) { self.total = total }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Counts one file and redraws when due.
    func tick() {
        let line: String? = state.withLock { state in
            state.done += 1
            let now = Self.now()
            guard now - state.lastDraw >= 0.2 || state.done == total else { return nil }
            state.lastDraw = now
            let elapsed = max(now - started, 0.001)
            let rate = Double(state.done) / elapsed
            let eta = rate > 0 ? Int(Double(total - state.done) / rate) : 0
            return "\r\(state.done)/\(total) files  \(Int(rate)) files/s  ETA \(eta)s   "
        }
        if let line { writeToStandardError(line) }
    }

    /// Clears the line.
    func finish() { writeToStandardError("\r\u{1B}[K") }
}

/// Writes text straight to file descriptor 2 (unbuffered, and safe from any thread).
public func writeToStandardError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
