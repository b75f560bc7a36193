//! `/etc/passwd` and `/etc/shadow`: which accounts can log in with a
//! password. Hashes are classified and dropped, never kept.

use crate::tree::Kept;

/// What an account's password field allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Password {
    /// Empty field: login without any password.
    Empty,
    /// `!`, `*`, `!!`, `!$6$…`: no password login.
    Locked,
    /// A hash that a password can match; the scheme (`$6$` → `sha512crypt`).
    Usable { scheme: &'static str },
    /// `x` in passwd but no line in shadow (or no shadow file).
    Missing,
}

/// One account, merged from passwd and shadow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub name: String,
    pub uid: Option<u32>,
    pub home: String,
    pub shell: String,
    pub password: Password,
    /// `file:line` of the line that decided the password state.
    pub at: String,
}

impl Account {
    /// A shell that gives no interactive login.
    pub fn no_login_shell(&self) -> bool {
        self.shell.ends_with("/nologin") || self.shell.ends_with("/false") || self.shell.is_empty() && self.uid != Some(0)
    }
}

/// Classifies a password field without keeping it.
pub fn classify(field: &str) -> Password {
    if field.is_empty() {
        return Password::Empty;
    }
    if field.starts_with('!') || field.starts_with('*') {
        return Password::Locked;
    }
    let scheme = match field.get(..3) {
        Some("$1$") => "md5crypt",
        Some("$5$") => "sha256crypt",
        Some("$6$") => "sha512crypt",
        Some("$y$") => "yescrypt",
        Some("$2a") | Some("$2b") | Some("$2y") => "bcrypt",
        _ if field.starts_with("$7$") => "scrypt",
        _ if field.starts_with("$gy$") => "gost-yescrypt",
        // Thirteen characters of a DES crypt, or anything else a password could match.
        _ => "other",
    };
    Password::Usable { scheme }
}

/// Reads the accounts; `None` when the image has no `/etc/passwd`.
pub fn load(kept: &Kept) -> Option<Vec<Account>> {
    let passwd = kept.text("/etc/passwd")?;
    let shadow = kept.text("/etc/shadow");
    let shadow_lines: Vec<(usize, Vec<&str>)> = shadow
        .as_deref()
        .map(|s| {
            s.lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
                .map(|(i, l)| (i + 1, l.split(':').collect()))
                .collect()
        })
        .unwrap_or_default();
    let mut accounts = Vec::new();
    for (index, line) in passwd.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with('+') || line.starts_with('-') {
            continue;
        }
        let fields: Vec<&str> = line.split(':').collect();
        let Some(name) = fields.first().filter(|n| !n.is_empty()) else { continue };
        let field = |i: usize| fields.get(i).copied().unwrap_or("");
        let (password, at) = match field(1) {
            "x" => match shadow_lines.iter().find(|(_, f)| f.first() == Some(name)) {
                Some((n, f)) => (classify(f.get(1).copied().unwrap_or("")), format!("/etc/shadow:{n}")),
                None => (Password::Missing, format!("/etc/passwd:{}", index + 1)),
            },
            other => (classify(other), format!("/etc/passwd:{}", index + 1)),
        };
        accounts.push(Account {
            name: (*name).to_string(),
            uid: field(2).parse().ok(),
            home: field(5).to_string(),
            shell: field(6).to_string(),
            password,
            at,
        });
    }
    Some(accounts)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kept(passwd: &str, shadow: Option<&str>) -> Kept {
        let mut k = Kept::default();
        k.files.insert("/etc/passwd".into(), passwd.as_bytes().to_vec());
        if let Some(s) = shadow {
            k.files.insert("/etc/shadow".into(), s.as_bytes().to_vec());
        }
        k
    }

    #[test]
    fn password_states() {
        let k = kept(
            "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\nadmin:x:1000:1000::/home/admin:/bin/bash\nguest:x:1001:1001::/home/guest:/bin/sh\nold::1002:1002::/home/old:/bin/sh\nghost:x:1003:1003::/:/bin/sh\n",
            Some("root:*:19000:0:99999:7:::\ndaemon:!:19000::::::\nadmin:$6$salt$hash:19000:0:99999:7:::\nguest::19000::::::\n"),
        );
        let a = load(&k).unwrap();
        let state = |n: &str| a.iter().find(|x| x.name == n).unwrap().password.clone();
        assert_eq!(state("root"), Password::Locked);
        assert_eq!(state("daemon"), Password::Locked);
        assert_eq!(state("admin"), Password::Usable { scheme: "sha512crypt" });
        assert_eq!(state("guest"), Password::Empty);
        assert_eq!(state("old"), Password::Empty, "an empty passwd field without shadow");
        assert_eq!(state("ghost"), Password::Missing);
        assert_eq!(a.iter().find(|x| x.name == "admin").unwrap().at, "/etc/shadow:3");
        assert!(a.iter().find(|x| x.name == "daemon").unwrap().no_login_shell());
        assert_eq!(classify("!$6$x$y"), Password::Locked);
        assert_eq!(classify("$y$j9T$x"), Password::Usable { scheme: "yescrypt" });
    }

    proptest! {
        #[test]
        fn never_panics(passwd in "\\PC{0,300}", shadow in "\\PC{0,300}") {
            let _ = load(&kept(&passwd, Some(&shadow)));
        }
    }
}
