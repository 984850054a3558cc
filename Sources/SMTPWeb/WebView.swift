/// The practice server's web view (`smtpc serve --web`).
public enum WebView {}
