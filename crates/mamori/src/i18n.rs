//! English and Japanese for every message a user reads.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Ja,
}

impl Lang {
    /// `--lang`, else `LC_ALL` / `LC_MESSAGES` / `LANG` starting with `ja`.
    pub fn resolve(flag: Option<&str>) -> Lang {
        let from_env = || ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
        let value = flag.map(str::to_string).or_else(from_env).unwrap_or_default();
        if value.to_ascii_lowercase().starts_with("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    pub fn pick<'a>(self, en: &'a str, ja: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn flag_wins_and_ja_prefix_selects_japanese() {
        assert_eq!(Lang::resolve(Some("ja")), Lang::Ja);
        assert_eq!(Lang::resolve(Some("ja_JP.UTF-8")), Lang::Ja);
        assert_eq!(Lang::resolve(Some("en")), Lang::En);
        assert_eq!(Lang::En.pick("a", "あ"), "a");
        assert_eq!(Lang::Ja.pick("a", "あ"), "あ");
    }
}
