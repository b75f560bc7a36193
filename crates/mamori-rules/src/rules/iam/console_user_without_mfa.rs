//! IAM-004: an IAM user signs in to the console without MFA.

use super::login_read;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-004",
    name: "ConsoleUserWithoutMfa",
    area: Area::Iam,
    severity: Severity::High,
    title: t("IAM user with a console password has no MFA", "コンソールパスワードを持つ IAM ユーザーに MFA がない"),
    rationale: t(
        "Passwords are phished, reused and guessed. The whitepaper's sign-in credentials (Table 4) add an MFA device so that a password alone does not open the console.",
        "パスワードはフィッシングや使い回し、推測で漏れます。ホワイトペーパーのサインイン認証情報（表 4）は、パスワードだけでコンソールに入れないよう MFA デバイスを加えることを求めています。",
    ),
    sections: &[s::T4_SIGN_IN, s::IAM_USERS],
    cis: &["1.10"],
    fsbp: &["IAM.5"],
    trusted_advisor: &[],
    resource_type: "AwsIamUser",
    remediation: Remediation {
        console: t(
            "IAM → Users → the user → Security credentials → Assign MFA device; or, if the user needs no console, remove the console password.",
            "IAM →［ユーザー］→ 対象ユーザー →［セキュリティ認証情報］→［MFA デバイスの割り当て］。コンソールが不要なら、コンソールパスワードを削除します。",
        ),
        cli: "aws iam create-virtual-mfa-device --virtual-mfa-device-name USER --outfile qr.png --bootstrap-method QRCodePNG && aws iam enable-mfa-device --user-name USER --serial-number ARN --authentication-code1 CODE1 --authentication-code2 CODE2",
        terraform: "resource \"aws_iam_virtual_mfa_device\" \"user\" {\n  virtual_mfa_device_name = \"USER\"\n}\n# then enable it for the user (aws_iam_user_mfa_device / console)",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        for u in &a.iam.users {
            let read = login_read(cx, at, u).and_then(|()| cx.res(at.account, "iam", "ListMFADevices", &u.user_name));
            match read {
                Err(reason) => {
                    out.unknown(at, &u.arn, reason);
                }
                Ok(()) if u.login_profile.is_none() => {
                    out.not_applicable(at, &u.arn).msg("User has no console password", "ユーザーにコンソールパスワードがない");
                }
                Ok(()) => {
                    let failed = u.mfa_devices.is_empty();
                    let f = out
                        .judge(at, &u.arn, Ok(failed))
                        .ev("console_password", true)
                        .ev("mfa_devices", u.mfa_devices.iter().map(|d| d.serial_number.as_str()).collect::<Vec<_>>());
                    if failed {
                        f.msg(
                            format!("IAM user `{}` has a console password and no MFA", u.user_name),
                            format!("IAM ユーザー `{}` はコンソールパスワードを持ち、MFA がない", u.user_name),
                        );
                    }
                }
            }
        }
    }
}
