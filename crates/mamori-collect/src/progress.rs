//! A per-service progress line on standard error, shown only on a terminal.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Progress {
    inner: Option<Arc<Mutex<State>>>,
}

#[derive(Default)]
struct State {
    calls: BTreeMap<String, u64>,
    errors: u64,
    drawn: bool,
}

impl Progress {
    /// Enabled only when standard error is a terminal.
    pub fn for_stderr() -> Self {
        if std::io::stderr().is_terminal() {
            Progress { inner: Some(Arc::default()) }
        } else {
            Progress::default()
        }
    }

    pub fn call(&self, service: &str) {
        if let Some(state) = &self.inner {
            let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
            *s.calls.entry(service.to_string()).or_default() += 1;
        }
    }

    pub fn error(&self) {
        if let Some(state) = &self.inner {
            state.lock().unwrap_or_else(|p| p.into_inner()).errors += 1;
        }
    }

    /// Redraws the line; called on a timer by the collector.
    pub fn draw(&self) {
        let Some(state) = &self.inner else { return };
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        let total: u64 = s.calls.values().sum();
        let mut busiest: Vec<_> = s.calls.iter().collect();
        busiest.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = busiest.iter().take(6).map(|(k, v)| format!("{k} {v}")).collect();
        let line = format!("collecting: {total} calls, {} errors  [{}]", s.errors, top.join(", "));
        let width = 118;
        let line: String = line.chars().take(width).collect();
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
        s.drawn = true;
    }

    /// Clears the line.
    pub fn finish(&self) {
        let Some(state) = &self.inner else { return };
        let s = state.lock().unwrap_or_else(|p| p.into_inner());
        if s.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
