import AirbyteProtocol
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import LinkedInPages

// Wiring only: the protocol runtime runs the LinkedIn source and its result is the exit code.
let entrypoint = Entrypoint(source: LinkedInPagesSource.fromEnvironment())
entrypoint.handleTerminationSignals()
exit(await entrypoint.run(Array(CommandLine.arguments.dropFirst())))
