/// The parsed EHLO reply is what the session machine and completion consult.
///
/// `Capabilities` already has the protocol's members with the same meaning
/// (case-insensitive keywords, uppercased AUTH mechanisms, SIZE limit), so the console
/// passes it straight to `SessionMachine.capabilitiesReceived(_:)`.
extension Capabilities: AdvertisedExtensions {}
