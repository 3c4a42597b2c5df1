import AirbyteProtocol
import CCurl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The production transport: the system's libcurl, called directly rather than through FoundationNetworking,
/// HTTP/1.1 with keep-alive, TLS verified with libcurl's defaults (on Debian, /etc/ssl/certs/ca-certificates.crt).
///
/// Every `CurlTransport` shares one engine: a curl multi handle driven by one dedicated thread, started by the first
/// request, which also loads libcurl (dlopen, see Sources/CCurl/shim.h): `spec` neither loads it nor starts the
/// thread. Without libcurl, every request fails with `TransportError.connectionFailed`. The multi handle keeps the
/// connections alive between requests (its connection cache), so concurrent requests need no pool of their own;
/// `send` suspends on a continuation that the engine's thread resumes, and never blocks a thread of Swift's
/// cooperative pool.
///
/// Timeouts, as URLSession's were: `requestTimeout` bounds connecting and every silence while waiting for data (the
/// time since the last bytes arrived), `resourceTimeout` the whole exchange. Both end in `TransportError.timedOut`;
/// every other failure below HTTP in `TransportError.connectionFailed`, with libcurl's message (it names the host,
/// never a header). Redirects are followed, at most 10; libcurl does not send a custom `Authorization` header to
/// another host.
public final class CurlTransport: HTTPTransport {
    let options: CurlTransferOptions

    /// - Parameter userAgent: sent unless the request carries its own `User-Agent`.
    public init(
        requestTimeout: Double = 60, resourceTimeout: Double = 300, userAgent: String = LinkedInPagesSource.userAgent
    ) {
        options = CurlTransferOptions(
            requestTimeout: requestTimeout, resourceTimeout: resourceTimeout, userAgent: userAgent)
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let engine = try CurlEngine.shared.get()
        let transfer = CurlTransfer(request: request, options: options, library: engine.library)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                engine.submit(transfer, continuation)
            }
        } onCancel: {
            engine.cancel(transfer)
        }
    }
}

struct CurlTransferOptions: Sendable {
    var requestTimeout: Double
    var resourceTimeout: Double
    var userAgent: String
}

/// One exchange in flight. The engine's thread owns everything but `cancelRequested` (which the engine's lock
/// guards): libcurl calls the header and body callbacks on that thread only.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let options: CurlTransferOptions
    let library: UnsafePointer<ccurl_library>
    var continuation: CheckedContinuation<HTTPResponse, any Error>?
    var cancelRequested = false

    var handle: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    var lastActivity = ContinuousClock.now

    init(request: HTTPRequest, options: CurlTransferOptions, library: UnsafePointer<ccurl_library>) {
        self.request = request
        self.options = options
        self.library = library
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        if let handle { library.pointee.easy_cleanup(handle) }
        if let headerList { library.pointee.slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    /// One header line as libcurl hands it over, with its CRLF. A status line starts a new header block (after a
    /// redirect or a `100 Continue`), so only the last response's headers remain. Names are lowercased; a repeated
    /// header's values are joined with ", ".
    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        lastActivity = .now
        var bytes = line[...]
        while let last = bytes.last, last == 0x0D || last == 0x0A { bytes = bytes.dropLast() }
        if bytes.starts(with: "HTTP/".utf8) {
            headers = [:]
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: bytes[..<colon], as: UTF8.self).lowercased()
        var value = bytes[(colon + 1)...]
        while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
        while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
        let text = String(decoding: value, as: UTF8.self)
        if let earlier = headers[name] {
            headers[name] = earlier + ", " + text
        } else {
            headers[name] = text
            // Room for the whole body at once rather than by doubling (a compressed answer's length is a lower bound).
            if name == "content-length", let length = Int(text), length > 0 {
                body.reserveCapacity(min(length, 64 << 20))
            }
        }
    }

    func receiveBody(_ chunk: UnsafeRawBufferPointer) {
        lastActivity = .now
        body.append(contentsOf: chunk)
    }

    /// The error libcurl reported, with its detail when it wrote one.
    func failure(_ code: CURLcode) -> TransportError {
        if code == CURLE_OPERATION_TIMEDOUT { return .timedOut }
        let detail = String(cString: errorBuffer)
        let summary = library.pointee.easy_strerror(code).map { String(cString: $0) } ?? "error"
        let message = detail.isEmpty ? summary : detail
        return .connectionFailed("curl \(code.rawValue): \(message)")
    }
}

/// The curl multi handle and the thread that drives it.
final class CurlEngine: @unchecked Sendable {
    static let shared = Result { try CurlEngine() }

    #if canImport(Darwin)
        static let libraryPath = "/usr/lib/libcurl.4.dylib"
    #else
        static let libraryPath = "libcurl.so.4"
    #endif

    private struct Inbox {
        var submitted: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
    }

    let library: UnsafePointer<ccurl_library>
    private let multi: UnsafeMutableRawPointer
    private let inbox = Locked(Inbox())
    /// By easy handle; only the engine's thread touches it.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    private init() throws(TransportError) {
        // Allocated once and never freed: the engine lives as long as the process.
        let library = UnsafeMutablePointer<ccurl_library>.allocate(capacity: 1)
        library.initialize(to: ccurl_library())
        if let problem = ccurl_load(library, Self.libraryPath) {
            throw .unavailable("cannot load libcurl (\(Self.libraryPath)): \(String(cString: problem))")
        }
        guard let multi = library.pointee.multi_init() else { throw .connectionFailed("curl_multi_init failed") }
        self.library = UnsafePointer(library)
        self.multi = multi
        // Connections kept alive for reuse, across hosts (LinkedIn's API and its OAuth host); at most 16 requests
        // are in flight (max_concurrency), so 32 leaves room for both hosts.
        _ = ccurl_multi_setopt_long(library, multi, CURLMOPT_MAXCONNECTS, 32)
        let engine = self
        detachThread { engine.run() }
    }

    func submit(_ transfer: CurlTransfer, _ continuation: CheckedContinuation<HTTPResponse, any Error>) {
        inbox.withLock {
            transfer.continuation = continuation
            $0.submitted.append(transfer)
        }
        _ = library.pointee.multi_wakeup(multi)
    }

    func cancel(_ transfer: CurlTransfer) {
        inbox.withLock {
            transfer.cancelRequested = true
            $0.cancelled.append(transfer)
        }
        _ = library.pointee.multi_wakeup(multi)
    }

    private func run() -> Never {
        while true {
            let (submitted, cancelled) = inbox.withLock { inbox -> ([(CurlTransfer, Bool)], [CurlTransfer]) in
                defer { inbox = Inbox() }
                return (inbox.submitted.map { ($0, $0.cancelRequested) }, inbox.cancelled)
            }
            for (transfer, isCancelled) in submitted {
                if isCancelled {
                    finish(transfer, .failure(CancellationError()))
                } else {
                    start(transfer)
                }
            }
            for transfer in cancelled {
                if let handle = transfer.handle, active[handle] != nil {
                    finish(transfer, .failure(CancellationError()))
                }
            }

            var running: Int32 = 0
            _ = library.pointee.multi_perform(multi, &running)
            var remaining: Int32 = 0
            while let message = library.pointee.multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
                let code = message.pointee.data.result
                guard let transfer = active[handle] else { continue }
                finish(transfer, code == CURLE_OK ? response(of: transfer) : .failure(transfer.failure(code)))
            }

            // URLSession's request timeout: silence since the last bytes (or since the start).
            let now = ContinuousClock.now
            var wait = Duration.seconds(1)
            for transfer in Array(active.values) {
                let left = transfer.lastActivity + .seconds(transfer.options.requestTimeout) - now
                if left <= .zero {
                    finish(transfer, .failure(TransportError.timedOut))
                } else {
                    wait = min(wait, left)
                }
            }
            // libcurl shortens the wait to its own next timer; a submit or cancel interrupts it.
            let milliseconds = Int32(min(max((wait / .milliseconds(1)).rounded(.up), 1), 1000))
            _ = library.pointee.multi_poll(multi, nil, 0, milliseconds, nil)
        }
    }

    private func start(_ transfer: CurlTransfer) {
        guard let handle = library.pointee.easy_init() else {
            finish(transfer, .failure(TransportError.connectionFailed("curl_easy_init failed")))
            return
        }
        transfer.handle = handle
        let request = transfer.request
        let options = transfer.options
        var ok = true
        func set(_ result: CURLcode) { ok = ok && result == CURLE_OK }

        set(ccurl_setopt_string(library, handle, CURLOPT_URL, request.url))
        set(ccurl_setopt_long(library, handle, CURLOPT_NOSIGNAL, 1))
        // HTTP(S) only, redirects included. The string options came with libcurl 7.85; older ones (Debian 11,
        // Ubuntu 22.04) know the bitmask form only.
        if ccurl_setopt_string(library, handle, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK
            || ccurl_setopt_string(library, handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") != CURLE_OK
        {
            let web = Int(CURLPROTO_HTTP | CURLPROTO_HTTPS)
            set(ccurl_setopt_long(library, handle, CURLOPT_PROTOCOLS, web))
            set(ccurl_setopt_long(library, handle, CURLOPT_REDIR_PROTOCOLS, web))
        }
        // A tunnelled query (POST) stays a POST with its body when redirected.
        set(
            ccurl_setopt_long(
                library, handle, CURLOPT_POSTREDIR, Int(CURL_REDIR_POST_301 | CURL_REDIR_POST_302 | CURL_REDIR_POST_303)
            ))
        set(ccurl_setopt_long(library, handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1)))
        set(ccurl_setopt_long(library, handle, CURLOPT_FOLLOWLOCATION, 1))
        set(ccurl_setopt_long(library, handle, CURLOPT_MAXREDIRS, 10))
        // Every encoding this libcurl decodes (gzip, deflate, ...), as URLSession asked for and decoded.
        set(ccurl_setopt_string(library, handle, CURLOPT_ACCEPT_ENCODING, ""))
        set(ccurl_setopt_long(library, handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(options.requestTimeout)))
        set(ccurl_setopt_long(library, handle, CURLOPT_TIMEOUT_MS, milliseconds(options.resourceTimeout)))
        set(ccurl_setopt_pointer(library, handle, CURLOPT_ERRORBUFFER, transfer.errorBuffer))

        var list: UnsafeMutablePointer<curl_slist>? = nil
        var hasUserAgent = false
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            if name.lowercased() == "user-agent" { hasUserAgent = true }
            list = library.pointee.slist_append(list, "\(name): \(value)")
        }
        if !hasUserAgent { list = library.pointee.slist_append(list, "User-Agent: \(options.userAgent)") }
        // No `Expect: 100-continue` round trip before a body.
        list = library.pointee.slist_append(list, "Expect:")
        transfer.headerList = list
        set(ccurl_setopt_pointer(library, handle, CURLOPT_HTTPHEADER, list))

        switch request.method {
        case "GET" where request.body == nil:
            set(ccurl_setopt_long(library, handle, CURLOPT_HTTPGET, 1))
        case "HEAD":
            set(ccurl_setopt_long(library, handle, CURLOPT_NOBODY, 1))
        default:
            if request.method != "POST" {
                set(ccurl_setopt_string(library, handle, CURLOPT_CUSTOMREQUEST, request.method))
            }
            if request.method == "POST" || request.body != nil {
                let body = request.body ?? []
                set(ccurl_setopt_off(library, handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
                // libcurl copies the bytes, so they need not outlive this call.
                if body.isEmpty {
                    set(ccurl_setopt_string(library, handle, CURLOPT_COPYPOSTFIELDS, ""))
                } else {
                    body.withUnsafeBytes { bytes in
                        set(ccurl_setopt_pointer(library, handle, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress))
                    }
                }
            }
        }

        let context = Unmanaged.passUnretained(transfer).toOpaque()
        set(ccurl_setopt_pointer(library, handle, CURLOPT_HEADERDATA, context))
        set(
            ccurl_setopt_write_function(library, handle, CURLOPT_HEADERFUNCTION) { buffer, size, count, context in
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
                transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: buffer, count: size * count))
                return size * count
            })
        set(ccurl_setopt_pointer(library, handle, CURLOPT_WRITEDATA, context))
        set(
            ccurl_setopt_write_function(library, handle, CURLOPT_WRITEFUNCTION) { buffer, size, count, context in
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
                transfer.receiveBody(UnsafeRawBufferPointer(start: buffer, count: size * count))
                return size * count
            })

        guard ok else {
            finish(
                transfer, .failure(TransportError.unavailable("libcurl refused an option for \(request.method)")))
            return
        }
        transfer.lastActivity = .now
        // `active` holds the transfer (and so the callbacks' context) until `finish`.
        active[handle] = transfer
        if library.pointee.multi_add_handle(multi, handle) != CURLM_OK {
            finish(transfer, .failure(TransportError.connectionFailed("curl_multi_add_handle failed")))
        }
    }

    private func response(of transfer: CurlTransfer) -> Result<HTTPResponse, any Error> {
        var status = 0
        if let handle = transfer.handle { _ = ccurl_getinfo_long(library, handle, CURLINFO_RESPONSE_CODE, &status) }
        let body = transfer.body
        transfer.body = []
        return .success(HTTPResponse(status: status, headers: transfer.headers, body: body))
    }

    /// Detaches the transfer from libcurl (its connection goes back to the cache, or is closed when the exchange
    /// broke off), frees its handle and resumes its caller, once.
    private func finish(_ transfer: CurlTransfer, _ result: Result<HTTPResponse, any Error>) {
        if let handle = transfer.handle {
            if active.removeValue(forKey: handle) != nil { _ = library.pointee.multi_remove_handle(multi, handle) }
            library.pointee.easy_cleanup(handle)
            transfer.handle = nil
        }
        if let list = transfer.headerList {
            library.pointee.slist_free_all(list)
            transfer.headerList = nil
        }
        let continuation = inbox.withLock { _ in
            defer { transfer.continuation = nil }
            return transfer.continuation
        }
        continuation?.resume(with: result)
    }

    private func milliseconds(_ seconds: Double) -> Int {
        Int(clamping: Int64((max(seconds, 0.001) * 1000).rounded(.up)))
    }
}
