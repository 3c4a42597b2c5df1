#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts `body` on a new detached POSIX thread, outside Swift's cooperative pool: for work that blocks (reading a
/// pipe, driving libcurl). Foundation's `Thread` does the same, but the shipped targets do without Foundation.
public func detachThread(_ body: @escaping @Sendable () -> Void) {
    final class Box {
        let body: @Sendable () -> Void; init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    #if canImport(Darwin)
        var thread: pthread_t? = nil
        let started = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<Box>.fromOpaque(context).takeRetainedValue().body()
                return nil
            }, context)
        precondition(started == 0, "cannot start a thread (\(started))")
        pthread_detach(thread!)
    #else
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<Box>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, context)
        precondition(started == 0, "cannot start a thread (\(started))")
        pthread_detach(thread)
    #endif
}
