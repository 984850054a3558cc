import NIOCore
import SMTPServer
import SMTPTranscript
import SMTPTransport

/// Everything the console needs to know from the command line.
public struct ConsoleConfiguration: Sendable {
    /// The server to connect to at start; nil opens the console disconnected.
    public var target: ConnectTarget?
    /// How TLS starts: never by itself, with STARTTLS before the first prompt
    /// (`--starttls`), or from the first byte (`--tls`).
    public var tlsMode: TLSStart = .none
    /// Trust, name and client certificate for TLS (`--cafile`, `--servername`, `--insecure`, `--cert`, `--key`).
    public var tlsSettings = TLSSettings()
    /// `--lmtp`: LHLO, and one reply per recipient after the final dot (RFC 2033).
    public var lmtp = false
    /// The name sent in the EHLO/LHLO that `--starttls` sends (`--ehlo`); nil: this
    /// machine's name (``HelloName/local()``), worked out only when the prelude needs it.
    public var helloName: String?
    /// Reads `/compose`'s words as `smtpc send`'s options (set by the executable, which
    /// owns the option parser); nil: no `/compose`. Its error's description is the message.
    public var compose: (@Sendable ([String]) throws -> SendRequest)?
    /// `--dns-server ADDR[:PORT]` for `--mx`, `--dane`, `/dane` and `/mta-sts`; nil uses the
    /// system's resolver settings.
    public var dnsServer: String?
    /// `--dane`: once connected, the host's TLSA records decide: with DNSSEC-secure ones TLS
    /// is required and verified by them instead of the Web PKI (posttls-finger's `-l dane`).
    public var dane = false
    /// Credentials given deliberately (`--user`, `--password-file`, `SMTPC_PASSWORD`,
    /// `--token-file`, `SMTPC_TOKEN`); what is missing is asked for without echo.
    public var credentials = GivenCredentials()
    /// Script mode: send a password without TLS without asking (`--auth-without-tls`).
    public var allowAuthWithoutTLS = false
    /// `--record-secrets`: the transcript keeps credentials instead of `[redacted]`.
    public var recordSecrets = false
    /// Scenarios for the in-process practice server (no host given): `--scenario NAME`.
    public var scenarios: [Scenario] = []
    /// `--dkim-keys`: the keys the practice server checks DKIM signatures with.
    public var dkimKeys = DKIMKeyZone()
    /// `--pipeline` (script mode): commands go out in groups up to a synchronisation point
    /// (RFC 2920), when the server advertised PIPELINING.
    public var pipeline = false
    /// `--no-hints`: no teaching hints after replies.
    public var hints = true
    /// `--quiet`: show only what the server sent, and errors.
    public var quiet = false
    /// `-4` / `-6`.
    public var addressFamily: AddressFamily = .any
    /// `--local-address ADDR[:PORT]`: the address connections are made from.
    public var localAddress: SocketAddress?
    /// `--proxy-protocol v1|v2` (with `--proxy-source`, `--proxy-dest`, `--proxy-tlv`).
    public var proxyHeader: ProxyHeader?
    /// `--proxy`: the SOCKS5 or HTTP proxy every connection goes through.
    public var proxy: Proxy?
    /// How long one connection attempt may take.
    public var connectTimeout: Duration = .seconds(30)
    /// Script mode: how long to wait for each reply.
    public var replyTimeout: Duration = .seconds(30)
    /// `--data-timeout`: how long the reply to the end of a message may take; longer than
    /// `replyTimeout`, as the server may scan the message first (RFC 5321 §4.5.3.2 gives
    /// 10 minutes).
    public var dataTimeout: Duration = .seconds(600)
    /// `--color`.
    public var colorMode: ColorMode = .auto
    /// The history file; nil with `--no-history`.
    public var historyPath: String?
    /// `--record FILE`: the transcript file.
    public var recordPath: String?
    /// `--append` / `--force`: what to do when the transcript file already holds one.
    public var recordExisting: TranscriptWriter.ExistingFile = .refuse
    /// `--timestamps`: text transcript lines start with their time.
    public var recordTimestamps = false
    /// The environment (for `NO_COLOR`, `TERM`).
    public var environment: [String: String] = [:]

    public init() {}

    /// Whether the connection made at start arms `--starttls`'s prelude in the transport
    /// (``ArmedAnswer``); not with `--dane`, whose TLSA lookup decides first.
    var armsPrelude: Bool { tlsMode == .startTLS && !dane }

    /// The port when none is given: 465 with `--tls`, 24 with `--lmtp`, else 25.
    public var defaultPort: Int {
        if tlsMode == .implicit { return 465 }
        return lmtp ? 24 : 25
    }
}

/// When the console starts TLS by itself.
public enum TLSStart: Sendable, Hashable {
    /// Only when the user types STARTTLS or /starttls.
    case none
    /// `--starttls`: EHLO, STARTTLS, handshake, EHLO again, before the first prompt; refuse
    /// to go on in plaintext when the server does not offer it or the handshake fails.
    case startTLS
    /// `--tls`: implicit TLS from the first byte (SMTPS, port 465).
    case implicit
}

/// Credentials the user chose to give up front instead of typing them at `/auth`.
public struct GivenCredentials: Sendable {
    public var user: String?
    public var password: String?
    public var token: String?
    /// A profile's `password_command`: run by `/sh -c` when `/auth` needs the password and
    /// none was given; the first line of its output is the password (never shown or recorded).
    public var passwordCommand: String?
    /// A profile's `auth`: the mechanism `/auth` uses when none is typed.
    public var mechanism: String?

    public init(
        user: String? = nil, password: String? = nil, token: String? = nil, passwordCommand: String? = nil, mechanism: String? = nil
    ) {
        self.user = user
        self.password = password
        self.token = token
        self.passwordCommand = passwordCommand
        self.mechanism = mechanism
    }
}
