//! Plain tables (the ISMS registers: assets, risks, SoA, metrics, history)
//! written as aligned text, CSV, Markdown or an XLSX workbook.

use std::io::Write;

/// A titled table of text cells.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(title: impl Into<String>, headers: &[&str]) -> Table {
        Table { title: title.into(), headers: headers.iter().map(|h| h.to_string()).collect(), rows: Vec::new() }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// Columns padded to their widest cell (counting East Asian wide
    /// characters as two columns).
    pub fn write_text(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(width(cell));
                }
            }
        }
        let line = |out: &mut dyn Write, cells: &[String]| -> std::io::Result<()> {
            let mut text = String::new();
            for (i, cell) in cells.iter().enumerate() {
                let last = i + 1 == cells.len();
                text.push_str(cell);
                if !last {
                    let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(width(cell)) + 2;
                    text.extend(std::iter::repeat_n(' ', pad));
                }
            }
            writeln!(out, "{}", text.trim_end())
        };
        line(out, &self.headers)?;
        for row in &self.rows {
            line(out, row)?;
        }
        Ok(())
    }

    pub fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.headers)?;
        for row in &self.rows {
            w.write_record(row)?;
        }
        w.flush()
    }

    pub fn write_markdown(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let cell = |s: &str| s.replace('|', "\\|").replace('\n', "<br>");
        writeln!(out, "| {} |", self.headers.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "))?;
        writeln!(out, "|{}", "---|".repeat(self.headers.len()))?;
        for row in &self.rows {
            writeln!(out, "| {} |", row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "))?;
        }
        Ok(())
    }
}

/// Writes the tables as the sheets of one XLSX workbook.
pub fn write_xlsx(tables: &[&Table], out: &mut dyn Write) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for table in tables {
        let sheet = book.add_worksheet();
        // Sheet names: at most 31 characters, none of []:*?/\.
        let name: String = table.title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
        sheet.set_name(if name.is_empty() { "Sheet" } else { &name })?;
        for (c, h) in table.headers.iter().enumerate() {
            sheet.write_string_with_format(0, col(c), h, &bold)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (c, cell) in row.iter().enumerate() {
                sheet.write_string(r, col(c), cell)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofit();
    }
    let bytes = book.save_to_buffer()?;
    out.write_all(&bytes).map_err(rust_xlsxwriter::XlsxError::IoError)
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Display width: CJK and other wide characters take two columns.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = matches!(u, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}
