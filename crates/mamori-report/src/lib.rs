//! mamori's report formats. Every format is a pure function of the scan,
//! the snapshot's metadata and the language: the same scan gives the same
//! bytes.

mod asff;
mod csv_format;
pub mod html;
pub mod isms;
mod json;
mod markdown;
mod ocsf;
mod sarif;
mod stream;
pub mod table;
mod text;

use mamori_model::Snapshot;
use mamori_rules::frameworks::Framework;
use mamori_rules::{Lang, Scan, Severity, Status};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Text,
    Json,
    Csv,
    Ocsf,
    Asff,
    Sarif,
    Markdown,
}

impl Format {
    pub const ALL: [Format; 7] = [Format::Text, Format::Json, Format::Csv, Format::Ocsf, Format::Asff, Format::Sarif, Format::Markdown];

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Ocsf => "ocsf",
            Format::Asff => "asff",
            Format::Sarif => "sarif",
            Format::Markdown => "markdown",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// File name used in an output directory.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Text => "mamori.txt",
            Format::Json => "mamori.json",
            Format::Csv => "mamori.csv",
            Format::Ocsf => "mamori.ocsf.json",
            Format::Asff => "mamori.asff.json",
            Format::Sarif => "mamori.sarif",
            Format::Markdown => "mamori.md",
        }
    }
}

/// Everything a report shows.
pub struct Report<'a> {
    pub scan: &'a Scan,
    pub snapshot: &'a Snapshot,
    pub lang: Lang,
    /// The framework whose compliance summary the report includes.
    pub framework: Framework,
    /// Colour escapes (terminal only).
    pub color: bool,
    /// The ISMS scope (`[scope]`), printed in every report.
    pub scope: &'a mamori_rules::config::Scope,
}

impl Report<'_> {
    /// Writes the report in `format`. Large formats stream one finding at a
    /// time, so memory stays bounded by the findings, not the output.
    pub fn write(&self, format: Format, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        match format {
            Format::Text => w.write_all(text::render(self).as_bytes()),
            Format::Json => json::write(self, w),
            Format::Csv => csv_format::write(self, w),
            Format::Markdown => w.write_all(markdown::render(self).as_bytes()),
            Format::Ocsf => ocsf::write(self, w),
            Format::Asff => asff::write(self, w),
            Format::Sarif => sarif::write(self, w),
        }
    }

    /// The report in `format` as bytes.
    pub fn render(&self, format: Format) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write(format, &mut out);
        out
    }

    /// Counts per status (muted failures counted apart).
    pub fn status_counts(&self) -> Counts {
        let mut c = Counts::default();
        for f in &self.scan.findings {
            match f.status {
                Status::Fail if f.muted.is_some() => c.muted += 1,
                Status::Fail => c.fail += 1,
                Status::Unknown => c.unknown += 1,
                Status::Pass => c.pass += 1,
                Status::NotApplicable => c.not_applicable += 1,
            }
        }
        c
    }

    /// Failing (unmuted) findings per severity, most severe first.
    pub fn failing_by_severity(&self) -> Vec<(Severity, usize)> {
        Severity::ALL.iter().map(|s| (*s, self.scan.findings.iter().filter(|f| f.is_failing() && f.severity == *s).count())).collect()
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub fail: usize,
    pub unknown: usize,
    pub pass: usize,
    pub not_applicable: usize,
    pub muted: usize,
}

/// Terminal columns a string takes (CJK and full-width characters take two).
pub fn width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    let u = u32::from(c);
    (0x1100..=0x115F).contains(&u)
        || (0x2E80..=0xA4CF).contains(&u)
        || (0xAC00..=0xD7A3).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFF00..=0xFF60).contains(&u)
        || (0xFFE0..=0xFFE6).contains(&u)
}

/// Pads `s` with spaces to `columns` terminal columns.
pub fn pad(s: &str, columns: usize) -> String {
    format!("{s}{}", " ".repeat(columns.saturating_sub(width(s))))
}
