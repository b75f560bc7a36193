//! Writes large JSON documents without building them in memory: the
//! envelope's small fields pretty-printed, the big array one compact record
//! per line.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

/// `{ "k": v, ..., "array_key": [ item\n item\n ... ], "tail": ... }`.
pub fn object_with_array<I, T>(
    w: &mut dyn Write,
    head: &[(&str, Value)],
    array_key: &str,
    items: I,
    tail: &[(&str, Value)],
) -> io::Result<()>
where
    I: IntoIterator<Item = T>,
    T: Serialize,
{
    w.write_all(b"{\n")?;
    for (k, v) in head {
        write!(w, "  {}: ", serde_json::to_string(k)?)?;
        let pretty = serde_json::to_string_pretty(v)?;
        w.write_all(pretty.replace('\n', "\n  ").as_bytes())?;
        w.write_all(b",\n")?;
    }
    write!(w, "  {}: ", serde_json::to_string(array_key)?)?;
    array(w, items, "  ")?;
    for (k, v) in tail {
        write!(w, ",\n  {}: ", serde_json::to_string(k)?)?;
        let pretty = serde_json::to_string_pretty(v)?;
        w.write_all(pretty.replace('\n', "\n  ").as_bytes())?;
    }
    w.write_all(b"\n}\n")
}

/// `[\n item,\n item\n]` with each item compact on its own line.
pub fn array<I, T>(w: &mut dyn Write, items: I, indent: &str) -> io::Result<()>
where
    I: IntoIterator<Item = T>,
    T: Serialize,
{
    w.write_all(b"[")?;
    let mut first = true;
    for item in items {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        write!(w, "{indent}  ")?;
        serde_json::to_writer(&mut *w, &item)?;
    }
    if !first {
        write!(w, "\n{indent}")?;
    }
    w.write_all(b"]")
}
