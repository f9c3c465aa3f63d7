//! A small XML tree for reading the parts of a .docx draft (`read_docx`,
//! `numbering`). Text and attribute values are kept in their escaped form.

use quick_xml::events::Event;
use quick_xml::Reader;

/// An element: qualified name, attributes (raw values) and children.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    /// Escaped text, written as it is.
    Text(String),
}

impl Element {
    pub fn new(name: &str) -> Element {
        Element {
            name: name.to_string(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    pub fn get_attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }
}

/// The deepest nesting read: WordprocessingML nests a few dozen levels; a
/// deeper file (which `gongwen import` may be given) is refused before the
/// tree's walkers could exhaust the stack.
const MAX_DEPTH: usize = 256;

/// Parses a part; returns the root element.
pub fn parse(xml: &[u8]) -> Result<Element, String> {
    let text = std::str::from_utf8(xml).map_err(|e| e.to_string())?;
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::new("#document")];
    loop {
        let ev = reader.read_event().map_err(|e| e.to_string())?;
        match ev {
            Event::Start(s) => {
                if stack.len() > MAX_DEPTH {
                    return Err(format!("elements nested more than {MAX_DEPTH} deep"));
                }
                stack.push(element(&s)?)
            }
            Event::Empty(s) => {
                let e = element(&s)?;
                push_child(&mut stack, Node::Element(e));
            }
            Event::End(_) => {
                let done = stack.pop().ok_or("unbalanced end tag")?;
                push_child(&mut stack, Node::Element(done));
            }
            Event::Text(t) => {
                let raw = std::str::from_utf8(t.as_ref()).map_err(|e| e.to_string())?;
                push_text(&mut stack, raw);
            }
            Event::GeneralRef(r) => {
                let raw = std::str::from_utf8(r.as_ref()).map_err(|e| e.to_string())?;
                push_text(&mut stack, &format!("&{raw};"));
            }
            Event::CData(c) => {
                let raw = std::str::from_utf8(c.as_ref()).map_err(|e| e.to_string())?;
                push_text(&mut stack, &format!("<![CDATA[{raw}]]>"));
            }
            Event::Eof => break,
            _ => {} // declaration, comments, processing instructions: not needed by the readers
        }
    }
    let mut doc = stack.pop().ok_or("empty document")?;
    if !stack.is_empty() {
        return Err("unclosed element".into());
    }
    doc.children.retain(|n| matches!(n, Node::Element(_)));
    match doc.children.pop() {
        Some(Node::Element(root)) => Ok(root),
        _ => Err("no root element".into()),
    }
}

fn element(s: &quick_xml::events::BytesStart) -> Result<Element, String> {
    let mut e = Element::new(std::str::from_utf8(s.name().as_ref()).map_err(|e| e.to_string())?);
    for a in s.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let k = std::str::from_utf8(a.key.as_ref()).map_err(|e| e.to_string())?;
        let v = std::str::from_utf8(&a.value).map_err(|e| e.to_string())?;
        e.attrs.push((k.to_string(), v.to_string()));
    }
    Ok(e)
}

fn push_child(stack: &mut [Element], n: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(n);
    }
}

fn push_text(stack: &mut [Element], raw: &str) {
    if let Some(top) = stack.last_mut() {
        if let Some(Node::Text(prev)) = top.children.last_mut() {
            prev.push_str(raw);
        } else {
            top.children.push(Node::Text(raw.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_stay_escaped() {
        let src = br#"<?xml version="1.0"?><w:p a="1&amp;2"><w:r><w:t xml:space="preserve"> a &lt;b&gt; </w:t></w:r><w:x/></w:p>"#;
        let root = parse(src).unwrap();
        assert_eq!(root.get_attr("a"), Some("1&amp;2"));
        let t = root.child("w:r").and_then(|r| r.child("w:t")).unwrap();
        assert_eq!(t.children, [Node::Text(" a &lt;b&gt; ".into())]);
        assert!(root.child("w:x").is_some());
    }
}
