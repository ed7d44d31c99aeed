import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `perfaudit` executable of the build under test.
///
/// `swift test` builds every product of the package, so the executable lies next to the test
/// runner (`<scratch>/<triple>/<config>/perfauditPackageTests.xctest` on Linux, inside the
/// `.xctest` bundle's parent on macOS). Looked up in this order: `$PERFAUDIT_BIN`; beside the
/// running test executable (`/proc/self/exe`, then the test bundles); `.build/debug` and
/// `.build/release` under the repository. `make test` on a fresh clone takes the second path.
public enum PerfauditExecutable {
    public static let path: String? = {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["PERFAUDIT_BIN"] { candidates.append(explicit) }
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("perfaudit").path)
        }
        for bundle in Bundle.allBundles + [Bundle.main] {
            let url = bundle.bundleURL
            candidates.append(url.deletingLastPathComponent().appendingPathComponent("perfaudit").path)
            candidates.append(url.appendingPathComponent("perfaudit").path)
        }
        for config in ["debug", "release"] {
            candidates.append(repositoryRoot.appendingPathComponent(".build/\(config)/perfaudit").path)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// The path, or a test failure that says how to provide it.
    public static func require() throws -> String {
        guard let path else {
            XCTFail("the perfaudit executable was not found next to the tests; build it (swift build) or set PERFAUDIT_BIN")
            throw XCTSkip("no perfaudit executable")
        }
        return path
    }
}

/// What a finished child process did.
public struct ChildOutcome {
    /// The exit status, or nil when the process was ended by a signal.
    public var exitStatus: Int32?
    /// The signal that ended the process, if one did.
    public var signal: Int32?
    public var stdout: String
    public var stderr: String
    /// Wall-clock seconds from spawn to exit.
    public var elapsed: Double
    /// Peak resident memory of the child (ru_maxrss, KiB on Linux).
    public var maxRSSKiB: Int
    /// The child was killed by the harness because it ran past its deadline.
    public var timedOut: Bool

    public var output: String { stdout + stderr }
}

/// A child process started with posix_spawn, stdout and stderr going to files, stdin from
/// /dev/null. Waited for with wait4 so that its own peak memory is known.
public final class Child {
    public let pid: pid_t
    public let started: Double
    private let outPath: String
    private let errPath: String

    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Starts `arguments` with this process's environment plus `environment`.
    public init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("perfaudit-child-\(UUID().uuidString)")
        outPath = scratch.path + ".out"
        errPath = scratch.path + ".err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        var envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, arguments[0], &actions, nil, &argv, &envp)
        guard status == 0 else {
            throw NSError(domain: "spawn", code: Int(status), userInfo: [NSLocalizedDescriptionKey: "cannot start \(arguments[0]): \(String(cString: strerror(status)))"])
        }
        pid = child
        started = Self.now()
    }

    /// Sends a signal to the child.
    public func kill(_ signal: Int32 = SIGKILL) { _ = Glibc.kill(pid, signal) }

    /// Waits until the child stops itself (SIGSTOP); `false` when it ended or `deadline` passed
    /// first (an ended child is then reaped by `wait`, which reports it as killed).
    public func waitUntilStopped(deadline: Double = 120) -> Bool {
        while Self.now() - started < deadline {
            var status: Int32 = 0
            let result = wait4(pid, &status, WNOHANG | WUNTRACED, nil)
            if result == pid { return (status & 0xFF) == 0x7F }
            if result < 0 && errno != EINTR { return false }
            usleep(2_000)
        }
        return false
    }

    /// Waits for the child, killing it with SIGKILL when it runs past `deadline` seconds.
    public func wait(deadline: Double = 60) -> ChildOutcome {
        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        while true {
            let result = wait4(pid, &status, WNOHANG, &usage)
            if result == pid { break }
            if result < 0 && errno != EINTR { break }
            if !timedOut && Self.now() - started > deadline {
                timedOut = true
                kill()
            }
            usleep(2_000)
        }
        let elapsed = Self.now() - started
        let signal = status & 0x7F
        let read = { (path: String) -> String in
            defer { unlink(path) }
            return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }
        return ChildOutcome(
            exitStatus: signal == 0 ? (status >> 8) & 0xFF : nil, signal: signal == 0 ? nil : signal,
            stdout: read(outPath), stderr: read(errPath), elapsed: elapsed, maxRSSKiB: Int(usage.ru_maxrss),
            timedOut: timedOut)
    }
}

/// Runs `perfaudit` with `arguments` to the end (killed after `deadline` seconds).
public func perfaudit(_ arguments: [String], deadline: Double = 60) throws -> ChildOutcome {
    try Child([try PerfauditExecutable.require()] + arguments).wait(deadline: deadline)
}

/// Runs a shell command line (for `ulimit`) to the end.
public func shell(_ script: String, deadline: Double = 120) throws -> ChildOutcome {
    try Child(["/bin/sh", "-c", script]).wait(deadline: deadline)
}

/// Single-quotes a path for /bin/sh.
public func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

