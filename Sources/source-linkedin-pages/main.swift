import AirbyteProtocol
import Foundation
import LinkedInPages

// Wiring only: the protocol runtime runs the LinkedIn source and its result is the exit code.
let source: AirbyteSource
do {
    source = try LinkedInPagesSource.fromEnvironment()
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(2)
}
let entrypoint = Entrypoint(source: source)
entrypoint.handleTerminationSignals()
exit(await entrypoint.run(Array(CommandLine.arguments.dropFirst())))
