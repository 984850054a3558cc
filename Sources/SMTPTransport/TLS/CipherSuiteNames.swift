/// IANA names of the TLS cipher suites BoringSSL can negotiate (TLS Cipher Suites registry).
///
/// Pairs looked through in order, not a dictionary: a dictionary keyed by `UInt16` made the
/// runtime scan every conformance record of the binary for `UInt16: Hashable` in every TLS
/// session (docs/benchmarks.md, "The runtime's first questions, fewer").
enum CipherSuiteNames {
    static let names: KeyValuePairs<UInt16, String> = [
        // TLS 1.3 (RFC 8446)
        0x1301: "TLS_AES_128_GCM_SHA256",
        0x1302: "TLS_AES_256_GCM_SHA384",
        0x1303: "TLS_CHACHA20_POLY1305_SHA256",
        // TLS 1.2 ECDHE with AEAD
        0xC02B: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        0xC02C: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        0xC02F: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        0xC030: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        0xCCA8: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        0xCCA9: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        0xCCAC: "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
        // TLS 1.2 and earlier, CBC
        0xC009: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
        0xC00A: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        0xC013: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        0xC014: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        0xC035: "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA",
        0xC036: "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA",
        // RSA key exchange
        0x002F: "TLS_RSA_WITH_AES_128_CBC_SHA",
        0x0035: "TLS_RSA_WITH_AES_256_CBC_SHA",
        0x009C: "TLS_RSA_WITH_AES_128_GCM_SHA256",
        0x009D: "TLS_RSA_WITH_AES_256_GCM_SHA384",
        0x000A: "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        // PSK
        0x008C: "TLS_PSK_WITH_AES_128_CBC_SHA",
        0x008D: "TLS_PSK_WITH_AES_256_CBC_SHA",
    ]

    /// The IANA name, or `0xC02F`-style hex for a suite not in the table.
    static func name(of code: UInt16) -> String {
        lookUp(code, in: names) ?? hex(code)
    }

    /// The name `table` gives `code`, if any.
    static func lookUp(_ code: UInt16, in table: KeyValuePairs<UInt16, String>) -> String? {
        for entry in table where entry.key == code { return entry.value }
        return nil
    }

    /// `0x00FF`: a two-byte code point in hex.
    static func hex(_ code: UInt16) -> String {
        let hex = String(code, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}

/// Names of the key-exchange groups (IANA TLS Supported Groups registry).
enum TLSGroupNames {
    static let names: KeyValuePairs<UInt16, String> = [
        23: "secp256r1", 24: "secp384r1", 25: "secp521r1", 29: "x25519", 30: "x448",
        256: "ffdhe2048", 257: "ffdhe3072", 258: "ffdhe4096", 259: "ffdhe6144", 260: "ffdhe8192",
        0x11EB: "SecP256r1MLKEM768", 0x11EC: "X25519MLKEM768", 0x11ED: "SecP384r1MLKEM1024",
        0x6399: "X25519Kyber768Draft00",
    ]

    /// The IANA name, or `0x11EC`-style hex for a group not in the table.
    static func name(of code: UInt16) -> String {
        CipherSuiteNames.lookUp(code, in: names) ?? CipherSuiteNames.hex(code)
    }
}
