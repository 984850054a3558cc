import SMTPCore
public enum Placeholder {}
