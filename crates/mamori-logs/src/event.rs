//! CloudTrail events, read selectively.
//!
//! A detection run needs a few dozen of an event's hundreds of leaves. The
//! fields every loaded rule names are gathered into a [`Fields`] trie before
//! reading; the parser then keeps only those subtrees (borrowing strings from
//! the input where it can) and skips the rest without building anything.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// A JSON value kept from an event. Strings borrow from the input unless
/// they contained escapes.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(Cow<'a, str>),
    List(Vec<Val<'a>>),
    Obj(Vec<(Cow<'a, str>, Val<'a>)>),
}

impl<'a> Val<'a> {
    /// The value as text when it is a scalar (`null` has none).
    pub fn scalar_text(&self) -> Option<Cow<'_, str>> {
        match self {
            Val::Str(s) => Some(Cow::Borrowed(s.as_ref())),
            Val::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            Val::Int(n) => Some(Cow::Owned(n.to_string())),
            Val::UInt(n) => Some(Cow::Owned(n.to_string())),
            Val::Float(n) => Some(Cow::Owned(n.to_string())),
            Val::Null | Val::List(_) | Val::Obj(_) => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Calls `f` on every scalar leaf (depth first), stopping when it returns true.
    pub fn any_leaf(&self, f: &mut dyn FnMut(&Val<'_>) -> bool) -> bool {
        match self {
            Val::List(items) => items.iter().any(|v| v.any_leaf(f)),
            Val::Obj(entries) => entries.iter().any(|(_, v)| v.any_leaf(f)),
            leaf => f(leaf),
        }
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Val<'_>> {
        match self {
            Val::Obj(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Follows `path` below this value; arrays on the way are searched
    /// element by element and the results collected.
    fn descend<'s>(&'s self, path: &[Box<str>], found: &mut Vec<&'s Val<'a>>) {
        let Some((first, rest)) = path.split_first() else {
            found.push(self);
            return;
        };
        match self {
            Val::Obj(entries) => {
                for (k, v) in entries {
                    if k.as_ref() == first.as_ref() {
                        v.descend(rest, found);
                    }
                }
            }
            Val::List(items) => items.iter().for_each(|v| v.descend(path, found)),
            _ => {}
        }
    }

    pub fn to_static(&self) -> Val<'static> {
        match self {
            Val::Null => Val::Null,
            Val::Bool(b) => Val::Bool(*b),
            Val::Int(n) => Val::Int(*n),
            Val::UInt(n) => Val::UInt(*n),
            Val::Float(n) => Val::Float(*n),
            Val::Str(s) => Val::Str(Cow::Owned(s.to_string())),
            Val::List(items) => Val::List(items.iter().map(Val::to_static).collect()),
            Val::Obj(entries) => Val::Obj(entries.iter().map(|(k, v)| (Cow::Owned(k.to_string()), v.to_static())).collect()),
        }
    }

    /// The value as JSON, for evidence.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Val::Null => J::Null,
            Val::Bool(b) => J::Bool(*b),
            Val::Int(n) => J::from(*n),
            Val::UInt(n) => J::from(*n),
            Val::Float(n) => serde_json::Number::from_f64(*n).map_or(J::Null, J::Number),
            Val::Str(s) => J::String(s.to_string()),
            Val::List(items) => J::Array(items.iter().map(Val::to_json).collect()),
            Val::Obj(entries) => J::Object(entries.iter().map(|(k, v)| (k.to_string(), v.to_json())).collect()),
        }
    }
}

/// A field the detections read: a dotted path into the event.
pub type FieldId = usize;

#[derive(Debug, Default, Clone)]
struct Node {
    children: Vec<(Box<str>, Node)>,
    /// Set when the whole subtree at this node is kept.
    slot: Option<usize>,
}

impl Node {
    fn child(&self, key: &str) -> Option<&Node> {
        let first = key.as_bytes().first();
        self.children.iter().find(|(k, _)| k.len() == key.len() && k.as_bytes().first() == first && k.as_ref() == key).map(|(_, n)| n)
    }
}

/// Where a field's value is found: in a kept subtree (`slot`), then `rest` below it.
#[derive(Debug, Clone)]
struct Route {
    slot: usize,
    rest: Vec<Box<str>>,
}

/// The fields a run reads, interned once so that rules refer to them by id.
#[derive(Debug, Default, Clone)]
pub struct Fields {
    paths: Vec<String>,
    routes: Vec<Route>,
    root: Node,
    slots: usize,
    every_field: bool,
}

impl Fields {
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `path` (dotted), adding it if new. Call [`Fields::seal`]
    /// before reading events.
    pub fn intern(&mut self, path: &str) -> FieldId {
        if let Some(i) = self.paths.iter().position(|p| p == path) {
            return i;
        }
        self.paths.push(path.to_string());
        self.paths.len() - 1
    }

    /// Keeps whole events (for keyword searches, which look at every field).
    pub fn keep_everything(&mut self) {
        self.every_field = true;
    }

    pub fn keeps_everything(&self) -> bool {
        self.every_field
    }

    pub fn path(&self, id: FieldId) -> &str {
        self.paths.get(id).map_or("", String::as_str)
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// Builds the trie: a path whose ancestor is also read is found inside
    /// the ancestor's kept subtree.
    pub fn seal(&mut self) {
        let split: Vec<Vec<Box<str>>> = self.paths.iter().map(|p| p.split('.').map(Box::from).collect()).collect();
        if self.every_field {
            // One slot holding the whole event; every field is a route into it.
            self.root = Node { children: Vec::new(), slot: Some(0) };
            self.slots = 1;
            self.routes = split.into_iter().map(|rest| Route { slot: 0, rest }).collect();
            return;
        }
        // Shortest paths first so that ancestors take slots before descendants.
        let mut order: Vec<usize> = (0..split.len()).collect();
        order.sort_by_key(|&i| split.get(i).map_or(0, Vec::len));
        let mut root = Node::default();
        let mut routes = vec![Route { slot: 0, rest: Vec::new() }; split.len()];
        let mut slots = 0;
        for i in order {
            let Some(segments) = split.get(i) else { continue };
            let route = insert(&mut root, segments, &mut slots);
            if let Some(r) = routes.get_mut(i) {
                *r = route;
            }
        }
        self.root = root;
        self.routes = routes;
        self.slots = slots;
    }

    fn slot_count(&self) -> usize {
        self.slots
    }
}

/// Adds `segs` below `node`: inside an ancestor's kept subtree when one is
/// already kept, else as a new kept subtree.
fn insert(node: &mut Node, segs: &[Box<str>], slots: &mut usize) -> Route {
    if let Some(slot) = node.slot {
        return Route { slot, rest: segs.to_vec() };
    }
    let Some((first, rest)) = segs.split_first() else {
        node.slot = Some(*slots);
        node.children.clear();
        *slots += 1;
        return Route { slot: *slots - 1, rest: Vec::new() };
    };
    let pos = match node.children.iter().position(|(k, _)| k == first) {
        Some(p) => p,
        None => {
            node.children.push((first.clone(), Node::default()));
            node.children.len() - 1
        }
    };
    match node.children.get_mut(pos) {
        Some((_, child)) => insert(child, rest, slots),
        None => Route { slot: 0, rest: Vec::new() },
    }
}

/// One event's kept fields.
#[derive(Debug)]
pub struct Event<'a> {
    slots: Vec<Option<Slot<'a>>>,
}

/// A kept subtree. Objects and arrays stay unparsed text until a rule reads
/// them: most events are tested by few rules, and most of those read
/// scalars only.
#[derive(Debug)]
pub(crate) enum Slot<'a> {
    Val(Val<'a>),
    Raw(&'a str, OnceCell<Val<'a>>),
}

impl<'a> Slot<'a> {
    fn val(&self) -> &Val<'a> {
        match self {
            Slot::Val(v) => v,
            Slot::Raw(text, cell) => cell.get_or_init(|| parse_kept(text)),
        }
    }

    fn into_val(self) -> Val<'a> {
        match self {
            Slot::Val(v) => v,
            Slot::Raw(text, cell) => cell.into_inner().unwrap_or_else(|| parse_kept(text)),
        }
    }
}

/// Parses a kept subtree's text (already read once as valid JSON).
fn parse_kept(text: &str) -> Val<'_> {
    // The common scalars without a second parser.
    match text {
        "true" => return Val::Bool(true),
        "false" => return Val::Bool(false),
        "null" => return Val::Null,
        _ => {}
    }
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        if memchr::memchr2(b'\\', b'"', inner.as_bytes()).is_none() {
            return Val::Str(Cow::Borrowed(inner));
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    ValSeed.deserialize(&mut de).unwrap_or(Val::Null)
}

/// A field's values in an event: absent, one value, or several (when the path
/// crossed arrays).
#[derive(Debug)]
pub enum Got<'e, 'a> {
    Missing,
    One(&'e Val<'a>),
    Many(Vec<&'e Val<'a>>),
}

impl<'a> Event<'a> {
    pub fn get<'e>(&'e self, fields: &Fields, id: FieldId) -> Got<'e, 'a> {
        let Some(route) = fields.routes.get(id) else { return Got::Missing };
        let Some(Some(kept)) = self.slots.get(route.slot) else { return Got::Missing };
        let kept = kept.val();
        if route.rest.is_empty() {
            return Got::One(kept);
        }
        let mut found = Vec::new();
        kept.descend(&route.rest, &mut found);
        match found.as_slice() {
            [] => Got::Missing,
            [one] => Got::One(one),
            _ => Got::Many(found),
        }
    }

    /// A scalar field's text (the first value when the path crossed arrays).
    pub fn text(&self, fields: &Fields, id: FieldId) -> Option<String> {
        match self.get(fields, id) {
            Got::One(v) => v.scalar_text().map(|s| s.to_string()),
            Got::Many(vs) => vs.first().and_then(|v| v.scalar_text().map(|s| s.to_string())),
            Got::Missing => None,
        }
    }

    /// Gives back the event's storage for the next event of the same input.
    pub(crate) fn recycle(self) -> Vec<Option<Slot<'a>>> {
        self.slots
    }

    /// The whole event, when [`Fields::keep_everything`] was set.
    pub fn whole(&self) -> Option<&Val<'a>> {
        self.slots.first().and_then(Option::as_ref).map(Slot::val)
    }
}

/// Reads one JSON value as an event with `fields`; `Ok(None)` when the value
/// is not an object.
pub(crate) struct EventSeed<'f, 'a> {
    fields: &'f Fields,
    /// Storage from an earlier event, reused.
    spare: Vec<Option<Slot<'a>>>,
}

impl<'f, 'a> EventSeed<'f, 'a> {
    pub(crate) fn new(fields: &'f Fields) -> Self {
        EventSeed { fields, spare: Vec::new() }
    }

    /// Reads into `spare`, the storage of an earlier event.
    pub(crate) fn reusing(fields: &'f Fields, spare: Vec<Option<Slot<'a>>>) -> Self {
        EventSeed { fields, spare }
    }
}

impl<'de> DeserializeSeed<'de> for EventSeed<'_, 'de> {
    type Value = Option<Event<'de>>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let mut slots = self.spare;
        slots.clear();
        slots.resize_with(self.fields.slot_count(), || None);
        if self.fields.root.slot.is_some() {
            let v = ValSeed.deserialize(d)?;
            return Ok(match v {
                v @ Val::Obj(_) => {
                    if let Some(s) = slots.first_mut() {
                        *s = Some(Slot::Val(v));
                    }
                    Some(Event { slots })
                }
                _ => None,
            });
        }
        let is_object = d.deserialize_any(NodeVisitor { node: &self.fields.root, slots: &mut slots, top: true })?;
        Ok(is_object.then_some(Event { slots }))
    }
}

fn read_entry<'de, A: MapAccess<'de>>(
    node: &Node,
    key: Cow<'de, str>,
    slots: &mut [Option<Slot<'de>>],
    map: &mut A,
) -> Result<(), A::Error> {
    match node.child(&key) {
        None => {
            map.next_value::<IgnoredAny>()?;
        }
        Some(child) => match child.slot {
            Some(slot) => {
                let raw: &'de RawValue = map.next_value()?;
                let text = raw.get();
                let v = if text.starts_with(['{', '[']) { Slot::Raw(text, OnceCell::new()) } else { Slot::Val(parse_kept(text)) };
                if let Some(s) = slots.get_mut(slot) {
                    put(s, v);
                }
            }
            None => {
                map.next_value_seed(NodeSeed { node: child, slots })?;
            }
        },
    }
    Ok(())
}

/// A second value for the same slot (a path through an array) makes a list.
fn put<'a>(slot: &mut Option<Slot<'a>>, v: Slot<'a>) {
    *slot = Some(match slot.take() {
        None => v,
        Some(prev) => Slot::Val(match (prev.into_val(), v.into_val()) {
            (Val::List(mut items), Val::List(more)) => {
                items.extend(more);
                Val::List(items)
            }
            (prev, v) => Val::List(vec![prev, v]),
        }),
    });
}

struct NodeSeed<'n, 's, 'de> {
    node: &'n Node,
    slots: &'s mut [Option<Slot<'de>>],
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, '_, 'de> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(NodeVisitor { node: self.node, slots: self.slots, top: false })
    }
}

struct NodeVisitor<'n, 's, 'de> {
    node: &'n Node,
    slots: &'s mut [Option<Slot<'de>>],
    top: bool,
}

impl<'de> Visitor<'de> for NodeVisitor<'_, '_, 'de> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while let Some(k) = map.next_key_seed(KeySeed)? {
            read_entry(self.node, k, self.slots, &mut map)?;
        }
        Ok(true)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        if self.top {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(false);
        }
        while seq.next_element_seed(NodeSeed { node: self.node, slots: self.slots })?.is_some() {}
        Ok(true)
    }

    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
}

/// An object key, borrowed when it had no escapes.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// A whole subtree.
pub(crate) struct ValSeed;

impl<'de> DeserializeSeed<'de> for ValSeed {
    type Value = Val<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Val<'de>, D::Error> {
        d.deserialize_any(ValVisitor)
    }
}

struct ValVisitor;

impl<'de> Visitor<'de> for ValVisitor {
    type Value = Val<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Val<'de>, E> {
        Ok(Val::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Val<'de>, E> {
        Ok(Val::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Val<'de>, E> {
        Ok(Val::UInt(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Val<'de>, E> {
        Ok(Val::Float(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Val<'de>, E> {
        Ok(Val::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Val<'de>, E> {
        Ok(Val::Str(Cow::Owned(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Val<'de>, E> {
        Ok(Val::Str(Cow::Owned(v)))
    }
    fn visit_unit<E>(self) -> Result<Val<'de>, E> {
        Ok(Val::Null)
    }
    fn visit_none<E>(self) -> Result<Val<'de>, E> {
        Ok(Val::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Val<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(ValSeed)? {
            items.push(v);
        }
        Ok(Val::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Val<'de>, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = map.next_key_seed(KeySeed)? {
            entries.push((k, map.next_value_seed(ValSeed)?));
        }
        Ok(Val::Obj(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<'a>(fields: &Fields, text: &'a str) -> Event<'a> {
        let mut de = serde_json::Deserializer::from_str(text);
        match EventSeed::new(fields).deserialize(&mut de) {
            Ok(Some(e)) => e,
            other => unreachable!("{other:?}"),
        }
    }

    #[test]
    fn keeps_only_the_fields_read_and_follows_paths_into_kept_subtrees() {
        let mut f = Fields::new();
        let name = f.intern("eventName");
        let kind = f.intern("userIdentity.type");
        let issuer = f.intern("userIdentity.sessionContext.sessionIssuer.type");
        let req = f.intern("requestParameters");
        let user = f.intern("requestParameters.userName");
        let absent = f.intern("errorCode");
        f.seal();
        let text = r#"{"eventName":"CreateUser","userIdentity":{"type":"AssumedRole","arn":"x","sessionContext":{"sessionIssuer":{"type":"Role"}}},"requestParameters":{"userName":"bob\u0021"},"other":[1,2,{"a":3}]}"#;
        let e = read(&f, text);
        assert_eq!(e.text(&f, name).as_deref(), Some("CreateUser"));
        assert_eq!(e.text(&f, kind).as_deref(), Some("AssumedRole"));
        assert_eq!(e.text(&f, issuer).as_deref(), Some("Role"));
        assert_eq!(e.text(&f, user).as_deref(), Some("bob!"));
        assert!(matches!(e.get(&f, req), Got::One(Val::Obj(_))));
        assert!(matches!(e.get(&f, absent), Got::Missing));
    }

    #[test]
    fn paths_through_arrays_collect_every_element() {
        let mut f = Fields::new();
        let port = f.intern("requestParameters.ipPermissions.items.fromPort");
        f.seal();
        let text = r#"{"requestParameters":{"ipPermissions":{"items":[{"fromPort":22},{"fromPort":3389}]}}}"#;
        let e = read(&f, text);
        let Got::One(Val::List(items)) = e.get(&f, port) else { unreachable!() };
        assert_eq!(items, &vec![Val::UInt(22), Val::UInt(3389)]);
    }

    #[test]
    fn non_objects_are_not_events() {
        let f = Fields::new();
        let mut de = serde_json::Deserializer::from_str("[1,2]");
        assert!(matches!(EventSeed::new(&f).deserialize(&mut de), Ok(None)));
    }
}
