internal import CLibXML2
import Synchronization

/// Process-wide libxml2 setup.
public enum LibXML {
    /// Initializes libxml2, refuses every external entity / DTD load, and silences libxml2's
    /// default stderr error output. Call once, on the main thread, before any worker starts.
    public static func initialize() {
        xmlInitParser()
        xmlSetExternalEntityLoader(refuseExternalLoad)
        perfaudit_xml_silence_new_threads()
        perfaudit_xml_silence_thread()
    }

    /// How many times libxml2 asked to load an external resource (each one refused); for tests.
    package static var externalLoadAttempts: Int { attempts.load(ordering: .relaxed) }

    private static let attempts = Atomic<Int>(0)

    /// Defence in depth behind the DOCTYPE ban: no file or URL is ever opened by libxml2.
    private static let refuseExternalLoad: xmlExternalEntityLoader = { _, _, _ in
        attempts.add(1, ordering: .relaxed)
        return nil
    }
}
