//! ACCT-001: nobody is registered to receive AWS's security notices.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "ACCT-001",
    name: "NoSecurityContact",
    area: Area::Acct,
    severity: Severity::Medium,
    title: t("No security alternate contact is registered", "セキュリティ用の代替連絡先が登録されていない"),
    rationale: t(
        "AWS sends abuse reports and security notifications to the security contact. Without one they reach the root e-mail address, which is often an unattended mailbox, and an incident goes unnoticed.",
        "AWS は不正利用の報告やセキュリティ通知をセキュリティ連絡先に送ります。登録がないとルートの E メールアドレスに届き、多くの場合だれも見ていないため、インシデントに気付けません。",
    ),
    sections: &[s::T19_ABUSE],
    cis: &["1.2"],
    fsbp: &["Account.1"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t(
            "Account → Alternate contacts → Security → Edit: enter a monitored team address, name, title and phone.",
            "［アカウント］→［代替連絡先］→［セキュリティ］→［編集］で、チームで監視しているアドレス、名前、役職、電話番号を入力します。",
        ),
        cli: "aws account put-alternate-contact --alternate-contact-type SECURITY --email-address security@example.com --name 'Security team' --title 'Security' --phone-number '+81-3-0000-0000'",
        terraform: "resource \"aws_account_alternate_contact\" \"security\" {\n  alternate_contact_type = \"SECURITY\"\n  name                   = \"Security team\"\n  title                  = \"Security\"\n  email_address          = \"security@example.com\"\n  phone_number           = \"+81-3-0000-0000\"\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let verdict = cx
            .op(at, "account", "GetAlternateContact")
            .map(|()| a.alternate_contacts.get("SECURITY").is_none_or(|c| c.email_address.as_deref().unwrap_or_default().is_empty()));
        let f = out.judge(at, arn::account(a), verdict);
        if let Some(c) = a.alternate_contacts.get("SECURITY") {
            // E-mail addresses are stored masked; show only that one exists.
            f.ev("security_contact_email", c.email_address.clone().unwrap_or_default());
        } else {
            f.ev("security_contact", serde_json::Value::Null);
        }
    }
}
