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

    /// Builder: adds an attribute (the value must not need escaping).
    pub fn attr(mut self, name: &str, value: &str) -> Element {
        self.set_attr(name, value);
        self
    }

    pub fn get_attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn set_attr(&mut self, name: &str, value: &str) {
        match self.attrs.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value.to_string(),
            None => self.attrs.push((name.to_string(), value.to_string())),
        }
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    pub fn child_mut(&mut self, name: &str) -> Option<&mut Element> {
        self.elements_mut().find(|e| e.name == name)
    }

    /// The child named `name`, created (appended) if missing.
    pub fn ensure_child(&mut self, name: &str) -> &mut Element {
        if self.child(name).is_none() {
            self.children.push(Node::Element(Element::new(name)));
        }
        self.child_mut(name).expect("just ensured")
    }

    /// Replaces or appends a child of the same name.
    pub fn put_child(&mut self, e: Element) {
        match self.child_mut(&e.name) {
            Some(slot) => *slot = e,
            None => self.children.push(Node::Element(e)),
        }
    }

    pub fn remove_children(&mut self, name: &str) {
        self.children
            .retain(|n| !matches!(n, Node::Element(e) if e.name == name));
    }

    /// Sorts element children by their position in `order` (unknown names last, stable).
    pub fn sort_children(&mut self, order: &[&str]) {
        let rank = |n: &Node| match n {
            Node::Element(e) => order
                .iter()
                .position(|o| *o == e.name)
                .unwrap_or(order.len()),
            Node::Text(_) => order.len(),
        };
        self.children.sort_by_key(rank);
    }

    /// Applies `f` to this element and every descendant, parents first.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Element)) {
        f(self);
        for c in self.elements_mut() {
            c.walk_mut(f);
        }
    }

    fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        for (k, v) in &self.attrs {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            out.push_str(v);
            out.push('"');
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for c in &self.children {
            match c {
                Node::Element(e) => e.write(out),
                Node::Text(t) => out.push_str(t),
            }
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
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
            _ => {} // declaration, comments, processing instructions: rewritten by `write`
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

/// Serialises a root element with the standard declaration.
pub fn write(root: &Element) -> Vec<u8> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n");
    root.write(&mut out);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_text_and_entities() {
        let src = br#"<?xml version="1.0"?><w:p a="1&amp;2"><w:r><w:t xml:space="preserve"> a &lt;b&gt; </w:t></w:r><w:x/></w:p>"#;
        let root = parse(src).unwrap();
        let out = String::from_utf8(write(&root)).unwrap();
        assert!(out.ends_with(r#"<w:p a="1&amp;2"><w:r><w:t xml:space="preserve"> a &lt;b&gt; </w:t></w:r><w:x/></w:p>"#), "{out}");
    }

    #[test]
    fn sort_children_is_stable_by_order() {
        let mut e = Element::new("w:rPr");
        for n in ["w:sz", "w:b", "w:rFonts", "w:sz"] {
            e.children.push(Node::Element(Element::new(n)));
        }
        e.sort_children(&["w:rFonts", "w:b", "w:sz"]);
        let names: Vec<&str> = e.elements().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["w:rFonts", "w:b", "w:sz", "w:sz"]);
    }
}
