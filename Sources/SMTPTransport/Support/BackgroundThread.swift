import Glibc

/// Runs start-up work on a thread of its own, at once.
///
/// A detached task waits for a free thread of the task pool, which has one per core: on a
/// two-core machine, work handed to it at start-up could wait behind other start-up tasks
/// until the main thread needed its result and did the work itself (seen with `strace -f`:
/// the EHLO name was looked up on the main thread). A thread of its own starts at once.
public enum BackgroundThread {
    /// Starts `body` on a new detached thread; runs it on the calling thread when no thread
    /// can be made.
    public static func start(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let created = pthread_create(
            &thread, &attributes,
            { argument in
                guard let argument else { return nil }
                Unmanaged<Work>.fromOpaque(argument).takeRetainedValue().body()
                return nil
            }, box)
        if created != 0 {
            Unmanaged<Work>.fromOpaque(box).takeRetainedValue().body()
        }
    }

    private final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}
