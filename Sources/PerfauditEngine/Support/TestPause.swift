#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A test hook: with `PERFAUDIT_TEST_PAUSE=<step>` in the environment the process stops itself
/// (SIGSTOP) at that named step of writing the report set, so that a test can kill it there.
enum TestPause {
    private static let step: String? = getenv("PERFAUDIT_TEST_PAUSE").map { String(cString: $0) }

    /// Stops the process here when the environment names this step.
    static func at(_ name: String) {
        guard let step, step == name else { return }
        raise(SIGSTOP)
    }
}
