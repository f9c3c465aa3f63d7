//! Escaping text for the XML the writers produce (.docx, OFD).

/// Escapes text for an attribute value or element content.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
