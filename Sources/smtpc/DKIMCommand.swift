import ArgumentParser
import Glibc
import SMTPConsole
import SMTPDKIM
import SystemIO

/// `smtpc dkim …`: DKIM tools; `keygen` is the one so far.
struct DKIMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkim",
        abstract: "DKIM tools: make a signing key and the TXT record to publish.",
        subcommands: [DKIMKeygenCommand.self]
    )
}

/// `smtpc dkim keygen --selector S --domain D [--ed25519] [--bits N] [--out FILE] [--force]`.
struct DKIMKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make a DKIM signing key (RSA or Ed25519) and print the TXT record to publish.",
        usage: "smtpc dkim keygen --selector S --domain D [--ed25519 | --bits N] [--out FILE] [--force]",
        discussion: """
            Writes the private key as PKCS#8 PEM (mode 0600) to --out, by default SELECTOR.pem in the \
            current directory, and prints the record to publish at SELECTOR._domainkey.DOMAIN as a zone \
            file line, its text cut into strings of at most 255 bytes. smtpc send --dkim \
            DOMAIN:SELECTOR:FILE signs with the key; smtpc serve --dkim-keys reads the printed line. \
            RSA keys are 2048 bits unless --bits says otherwise (1024 to 4096; RFC 8301 recommends \
            2048); Ed25519 keys (RFC 8463) are short, but not every verifier knows them yet.

            Exit status: 0 written; 64 bad usage; 70 the key could not be made; 73 the key file exists \
            (give --force) or cannot be written.
            """
    )

    @Option(help: ArgumentHelp("The selector, s=: the record goes at SELECTOR._domainkey.DOMAIN.", valueName: "S"))
    var selector: String

    @Option(help: ArgumentHelp("The signing domain, d=.", valueName: "D"))
    var domain: String

    @Flag(name: .customLong("ed25519"), help: "Make an Ed25519 key (ed25519-sha256) instead of RSA.")
    var ed25519 = false

    @Option(help: ArgumentHelp("The RSA key's size in bits (default 2048).", valueName: "N"))
    var bits: Int?

    @Option(help: ArgumentHelp("Where to write the private key (default SELECTOR.pem).", valueName: "FILE"))
    var out: String?

    @Flag(help: "Overwrite the key file if it exists.")
    var force = false

    func validate() throws {
        guard DKIMSigner.isDomainName(selector) else {
            throw ValidationError("--selector '\(selector)': use ASCII letters, digits, hyphens and dots")
        }
        guard DKIMSigner.isDomainName(domain) else {
            throw ValidationError("--domain '\(domain)' is not a domain name (ASCII; IDNs as xn--)")
        }
        if ed25519 && bits != nil { throw ValidationError("--bits is for RSA keys; an Ed25519 key has no size to choose") }
        if let bits, !(1024...4096).contains(bits) || bits % 8 != 0 {
            throw ValidationError("--bits \(bits): give 1024 to 4096, a multiple of 8 (2048 is recommended)")
        }
    }

    func run() throws {
        let key: DKIMPrivateKey
        do {
            key = try DKIMPrivateKey.generate(ed25519 ? .ed25519 : .rsa(bits: bits ?? 2048))
        } catch {
            StandardError.write("smtpc dkim keygen: \(error)")
            throw ExitStatus.software
        }
        let path = out ?? "\(selector).pem"
        try Self.write(Array(key.pemRepresentation.utf8), to: path, force: force)
        print(key.zoneFileRecord(selector: selector, domain: domain))
        StandardError.write(
            "smtpc dkim keygen: wrote the \(key.algorithm.rawValue) key to \(path) (mode 0600); publish the record above, "
                + "then sign with --dkim \(domain):\(selector):\(path)")
    }

    /// Writes the key with mode 0600, refusing an existing file unless `force`.
    static func write(_ bytes: [UInt8], to path: String, force: Bool) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL), 0o600)
        guard fd >= 0 else {
            let reason = errno == EEXIST ? "it exists (give --force to overwrite it)" : String(cString: strerror(errno))
            StandardError.write("smtpc dkim keygen: cannot write \(path): \(reason)")
            throw ExitStatus.cannotCreate
        }
        defer { close(fd) }
        // An existing file keeps its mode through O_TRUNC: a key must not stay readable by others.
        if let failure = fchmod(fd, 0o600) == 0 ? writeAll(fd, bytes) : errno {
            StandardError.write("smtpc dkim keygen: cannot write \(path): \(String(cString: strerror(failure)))")
            throw ExitStatus.cannotCreate
        }
    }
}
