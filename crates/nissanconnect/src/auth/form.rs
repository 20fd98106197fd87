//! Just enough HTML reading to find the login form: forms, their inputs, and the page title.
//! A full HTML parser would be a large dependency for one form; this scanner handles what login
//! pages contain (quoted, unquoted and bare attributes, entities, comments, scripts).

/// A `<form>` and its named inputs, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct HtmlForm {
    pub action: Option<String>,
    pub method: Option<String>,
    pub id: Option<String>,
    pub inputs: Vec<(String, String)>,
}

impl HtmlForm {
    pub fn has_input(&self, name: &str) -> bool {
        self.inputs.iter().any(|(n, _)| n == name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.inputs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets `name` to `value`, replacing every existing input of that name, or appends it.
    pub fn set(&mut self, name: &str, value: &str) {
        let mut found = false;
        self.inputs.retain_mut(|(n, v)| {
            if n != name {
                return true;
            }
            if found {
                return false;
            }
            found = true;
            *v = value.to_owned();
            true
        });
        if !found {
            self.inputs.push((name.to_owned(), value.to_owned()));
        }
    }
}

/// The login form: the first form with both a `sessionDataKey` and a `password` input.
pub(crate) fn find_login_form(html: &str) -> Option<HtmlForm> {
    parse_forms(html)
        .into_iter()
        .find(|form| form.has_input("sessionDataKey") && form.has_input("password"))
}

pub(crate) fn parse_forms(html: &str) -> Vec<HtmlForm> {
    let mut forms = Vec::new();
    let mut open: Option<HtmlForm> = None;
    for tag in Tags::new(html) {
        match (tag.name.as_str(), tag.closing) {
            ("form", false) if open.is_none() => {
                open = Some(HtmlForm {
                    action: tag.attr("action"),
                    method: tag.attr("method").map(|m| m.to_ascii_lowercase()),
                    id: tag.attr("id"),
                    inputs: Vec::new(),
                });
            }
            ("form", true) => forms.extend(open.take()),
            ("input", false) => {
                let Some(form) = open.as_mut() else { continue };
                let Some(name) = tag.attr("name").filter(|n| !n.is_empty()) else {
                    continue;
                };
                let kind = tag.attr("type").unwrap_or_default().to_ascii_lowercase();
                // A browser submits checkboxes and radios only when checked, and no buttons
                // unless clicked.
                let unchecked =
                    matches!(kind.as_str(), "checkbox" | "radio") && tag.attr("checked").is_none();
                if unchecked
                    || matches!(
                        kind.as_str(),
                        "submit" | "button" | "image" | "reset" | "file"
                    )
                {
                    continue;
                }
                form.inputs
                    .push((name, tag.attr("value").unwrap_or_default()));
            }
            _ => {}
        }
    }
    // An unclosed form still counts, as it does in a browser.
    forms.extend(open);
    forms
}

/// The text of `<title>`, whitespace collapsed, at most 100 characters.
pub(crate) fn page_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let end = open_end + lower[open_end..].find("</title")?;
    let text = decode_entities(&html[open_end..end]);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then(|| crate::http::short(&text, 100))
}

#[derive(Debug)]
struct Tag {
    name: String,
    closing: bool,
    attrs: Vec<(String, Option<String>)>,
}

impl Tag {
    /// The decoded value of an attribute; a bare attribute reads as "".
    fn attr(&self, name: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_deref().map(decode_entities).unwrap_or_default())
    }
}

/// An iterator over start and end tags, skipping comments, doctypes and the contents of
/// `<script>` and `<style>` (which may contain anything, including "<form").
struct Tags<'a> {
    html: &'a str,
    at: usize,
}

impl<'a> Tags<'a> {
    fn new(html: &'a str) -> Self {
        Self { html, at: 0 }
    }

    fn skip_past(&mut self, needle: &str) {
        let rest = self.html[self.at..].to_ascii_lowercase();
        self.at = match rest.find(needle) {
            Some(found) => self.at + found + needle.len(),
            None => self.html.len(),
        };
    }
}

impl Iterator for Tags<'_> {
    type Item = Tag;

    fn next(&mut self) -> Option<Tag> {
        loop {
            let start = self.at + self.html.get(self.at..)?.find('<')?;
            let rest = &self.html[start..];
            if rest.starts_with("<!--") {
                self.at = start;
                self.skip_past("-->");
                continue;
            }
            if rest.starts_with("<!") || rest.starts_with("<?") {
                self.at = start + 1;
                self.skip_past(">");
                continue;
            }
            let (tag, end) = parse_tag(self.html, start + 1);
            self.at = end;
            let Some(tag) = tag else { continue };
            if !tag.closing && (tag.name == "script" || tag.name == "style") {
                let close = format!("</{}", tag.name);
                self.skip_past(&close);
                continue;
            }
            return Some(tag);
        }
    }
}

/// Parses the tag whose name starts at `at` (just after `<`). Returns the tag, or `None` for a
/// stray `<`, and the index just past it. Every index cut is at an ASCII delimiter, so slicing
/// stays on character boundaries.
fn parse_tag(html: &str, at: usize) -> (Option<Tag>, usize) {
    let bytes = html.as_bytes();
    let mut i = at;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == name_start {
        return (None, at);
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if bytes[i] == b'>' {
            i += 1;
            break;
        }
        let attr_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let attr_name = html[attr_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = None;
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let value_start = i + 1;
                    let value_end = html[value_start..]
                        .find(char::from(quote))
                        .map_or(html.len(), |n| value_start + n);
                    value = Some(html[value_start..value_end].to_owned());
                    i = (value_end + 1).min(html.len());
                }
                _ => {
                    let value_start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = Some(html[value_start..i].to_owned());
                }
            }
        }
        if attr_name.is_empty() {
            // A stray `=value` without a name: already stepped over, nothing to keep.
            continue;
        }
        attrs.push((attr_name, value));
    }
    (
        Some(Tag {
            name,
            closing,
            attrs,
        }),
        i.min(html.len()),
    )
}

/// Decodes the character references found in attribute values. Unknown ones stay as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 12).and_then(|end| {
            let entity = &rest[1..end];
            let ch = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let number = entity.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((ch, end + 1))
        });
        match decoded {
            Some((ch, len)) => {
                out.push(ch);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOGIN_PAGE: &str = r#"<!DOCTYPE html>
<html><head><title>
  MyNISSAN &amp; you </title>
<script>var fake = "<form action='https://evil.example/'><input name=sessionDataKey><input name=password>";</script>
</head><body>
<!-- <form action="/commented"><input name="sessionDataKey"><input name="password"></form> -->
<FORM action="/language" method="get"><select name="lang"></select><input name="ui_locales" value="en_GB"></FORM>
<form action="../commonauth" method="POST" id='loginForm'>
  <input type="hidden" name="regionCode" value="NG"/>
  <input type="hidden" name="username" value="">
  <input id=usernameUserInput name=userName type=text>
  <input type="password" name="password" autocomplete=off required>
  <input type="hidden" name='sessionDataKey' value='a1b2&#45;c3&#x2D;d4&amp;e5'>
  <input type="checkbox" name="chkRemember">
  <input type="checkbox" name="consent" checked>
  <input type="submit" name="signIn" value="Sign in">
  <input type="hidden" value="no name">
</form>
</body></html>"#;

    #[test]
    fn finds_the_form_with_session_key_and_password() {
        let form = find_login_form(LOGIN_PAGE).expect("the login form is found");
        assert_eq!(form.action.as_deref(), Some("../commonauth"));
        assert_eq!(form.method.as_deref(), Some("post"));
        assert_eq!(form.id.as_deref(), Some("loginForm"));
        let names: Vec<&str> = form.inputs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "regionCode",
                "username",
                "userName",
                "password",
                "sessionDataKey",
                "consent"
            ]
        );
        assert_eq!(form.value("sessionDataKey"), Some("a1b2-c3-d4&e5"));
        assert_eq!(form.value("regionCode"), Some("NG"));
        assert_eq!(form.value("consent"), Some(""));
    }

    #[test]
    fn skips_forms_in_comments_and_scripts() {
        let forms = parse_forms(LOGIN_PAGE);
        assert_eq!(forms.len(), 2);
        assert_eq!(forms[0].action.as_deref(), Some("/language"));
    }

    #[test]
    fn a_page_without_the_form_has_none() {
        let consent = "<html><title>Consent</title><form action=/consent method=post>\
                       <input type=hidden name=sessionDataKey value=k><input name=approve></form></html>";
        assert_eq!(find_login_form(consent), None);
        assert_eq!(page_title(consent).as_deref(), Some("Consent"));
    }

    #[test]
    fn reads_title_and_entities() {
        assert_eq!(page_title(LOGIN_PAGE).as_deref(), Some("MyNISSAN & you"));
        assert_eq!(
            decode_entities("a&lt;b&gt;c &unknown; & &#233;"),
            "a<b>c &unknown; & é"
        );
    }

    #[test]
    fn set_replaces_or_appends() {
        let mut form = find_login_form(LOGIN_PAGE).expect("found");
        form.set("username", "NG/a@b.c");
        form.set("extra", "1");
        assert_eq!(form.value("username"), Some("NG/a@b.c"));
        assert_eq!(
            form.inputs.last(),
            Some(&("extra".to_owned(), "1".to_owned()))
        );
    }

    #[test]
    fn survives_truncated_and_odd_markup() {
        for html in [
            "<",
            "<form",
            "<form action=\"x",
            "<input name=a value='b",
            "< form>",
            "<form><input name=\"é\" value=ü>",
            "<a \"=x>",
        ] {
            let _ = parse_forms(html);
        }
        let forms = parse_forms("<form action=x><input name=\"é\" value=ü>");
        assert_eq!(forms[0].inputs, [("é".to_owned(), "ü".to_owned())]);
    }
}
