import Foundation

// Wiring only: parse the demo's flags, replay the recorded responses through the connector, print.
do {
    let options = try DemoOptions.parse(Array(CommandLine.arguments.dropFirst()))
    if options.help {
        print(DemoOptions.usage)
        exit(0)
    }
    let read = try ReplayedRead(fixtures: options.fixtures)
    if options.raw { exit(await read.run(options.readArguments)) }
    exit(try await DemoRun(options: options, read: read).printOverview())
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n\n\(DemoOptions.usage)\n".utf8))
    exit(2)
}
