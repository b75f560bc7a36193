//! The one wildcard matcher: `*` matches any run of characters, `?` any one
//! character (IAM policies, mutelist resources, path segments).

/// Whether `text` matches `pattern`.
pub fn matches(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    let fold = |c: char| if case_insensitive { c.to_ascii_lowercase() } else { c };
    let p: Vec<char> = pattern.chars().map(fold).collect();
    let t: Vec<char> = text.chars().map(fold).collect();
    let (mut pi, mut ti, mut star, mut mark) = (0usize, 0usize, None, 0usize);
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some(pi);
                mark = ti;
                pi += 1;
            }
            Some(c) if *c == '?' || Some(c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some(s) => {
                    pi = s + 1;
                    mark += 1;
                    ti = mark;
                }
                None => return false,
            },
        }
    }
    p.get(pi..).is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::matches;

    #[test]
    fn wildcards() {
        assert!(matches("s3:*", "S3:GetObject", true));
        assert!(matches("s3:Get?bject", "s3:GetObject", false));
        assert!(!matches("s3:Put*", "s3:GetObject", true));
        assert!(matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b/c", false));
        assert!(!matches("arn:aws:s3:::B/*", "arn:aws:s3:::b/x", false));
        assert!(matches("*", "", false));
        assert!(matches("a*b*c", "aXXbYYc", false));
        assert!(!matches("abc", "abcd", false));
    }
}
