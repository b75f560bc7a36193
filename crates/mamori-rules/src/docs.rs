//! The rule reference (`docs/rules/`), generated from the rules' metadata.

/// Sort key of a code: area in catalog order, then number.
pub fn code_order(code: &str) -> (usize, u32) {
    const AREAS: [&str; 18] =
        ["ACCT", "IAM", "S3", "EBS", "RDS", "DDB", "GLC", "EMR", "EFS", "KMS", "ELB", "CF", "ACM", "EC2", "NET", "LOG", "MON", "DDOS"];
    let (area, number) = code.split_once('-').unwrap_or((code, "0"));
    let area_index = AREAS.iter().position(|a| *a == area).unwrap_or(AREAS.len() + usize::from(area == "ASSET"));
    (area_index, number.parse().unwrap_or(0))
}
