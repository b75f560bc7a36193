//! IAM-003: the root user's MFA is a virtual device, not hardware.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-003",
    name: "RootMfaVirtual",
    area: Area::Iam,
    severity: Severity::Medium,
    title: t("Root user MFA is a virtual device, not hardware", "ルートユーザーの MFA がハードウェアではなく仮想デバイス"),
    rationale: t(
        "A virtual MFA lives on a phone that is also used for mail, chat and apps, and is backed up and replaced. A dedicated hardware device for the most powerful identity keeps the second factor out of reach of a compromised phone.",
        "仮想 MFA は、メールやアプリにも使う電話上にあり、バックアップや機種変更の対象にもなります。最も強力な ID には専用のハードウェアデバイスを使い、第 2 要素を侵害された端末から切り離します。",
    ),
    sections: &[s::T4_SIGN_IN],
    cis: &["1.6"],
    fsbp: &["IAM.6"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t(
            "Sign in as the root user → Security credentials → Multi-factor authentication: assign a hardware TOTP token or a FIDO security key, then remove the virtual device.",
            "ルートユーザーでサインイン →［セキュリティ認証情報］→［多要素認証］で、ハードウェア TOTP トークンまたは FIDO セキュリティキーを割り当て、仮想デバイスを削除します。",
        ),
        cli: "aws iam list-virtual-mfa-devices --assignment-status Assigned --query \"VirtualMFADevices[?ends_with(User.Arn, ':root')]\"",
        terraform: "# Not manageable with Terraform: root MFA devices are assigned in the console.",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let virtual_root: Vec<&str> = a
            .iam
            .virtual_mfa_devices
            .iter()
            .filter(|d| d.user_arn.as_deref().is_some_and(|u| u.ends_with(":root")))
            .map(|d| d.serial_number.as_str())
            .collect();
        let enabled = a.iam.account_summary.get("AccountMFAEnabled").copied();
        let resource = arn::account(a);
        match cx.ops(at, &[("iam", "GetAccountSummary"), ("iam", "ListVirtualMFADevices")]) {
            Err(reason) => {
                out.unknown(at, resource, reason);
            }
            Ok(()) if enabled != Some(1) => {
                out.not_applicable(at, resource)
                    .msg("Root user has no MFA at all (see IAM-002)", "ルートユーザーには MFA 自体がない（IAM-002 を参照）")
                    .ev("AccountMFAEnabled", enabled);
            }
            Ok(()) => {
                out.judge(at, resource, Ok(!virtual_root.is_empty()))
                    .ev("AccountMFAEnabled", enabled)
                    .ev("root_virtual_mfa_devices", virtual_root);
            }
        }
    }
}
