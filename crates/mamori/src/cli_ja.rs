//! Japanese help text: the command line's descriptions, by command path and
//! argument id, applied when the user's language is Japanese.

use clap::{Arg, ArgAction, Command};

const TEMPLATE: &str = "{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

/// Subcommand descriptions by path (`scan`, `host/audit`).
const ABOUT: &[(&str, &str)] = &[
    ("", "AWS アカウントを『AWS セキュリティのベストプラクティス』に照らして評価します（守り）"),
    ("collect", "アカウントの設定を読み取り専用で収集し、スナップショットファイルに保存します。"),
    ("scan", "アカウントをすべてのベストプラクティスに照らして評価します（--snapshot か --demo がなければ先に収集します）。"),
    ("host", "マシンイメージやホストをファイルシステムから監査します。"),
    (
        "host/audit",
        "ルートファイルシステム（マウントした AMI ボリューム、chroot、`/`）またはその tar アーカイブを展開せずに読み、ホワイトペーパーの Linux イメージの保護（HOST-*）に照らして監査します。Windows イメージ（表 17）にはまだ対応していません。",
    ),
    ("import", "AWS CLI の JSON 出力ファイルからスナップショットを作成します（docs/import.md を参照）。"),
    ("inspect", "スナップショットの概要（アカウント、リージョン、リソース、収集範囲）を表示します。"),
    ("permissions", "収集に必要な最小権限の IAM ポリシーを表示します。"),
    ("net", "スナップショット上のネットワーク到達可能性: インターネットへの公開、経路、ゾーン。"),
    ("net/exposure", "各ネットワークインターフェイスにインターネットから届くプロトコル、ポート、送信元プレフィックスと経路、または遮断している箇所を表示します。"),
    ("net/path", "SOURCE から DESTINATION へ通信が届くかを、経路または遮断しているコンポーネントとともに表示します。"),
    ("logs", "CloudTrail ログと VPC フローログから脅威を検知します。"),
    ("logs/detect", "CloudTrail ファイルに SigmaHQ のルールと mamori の検知を、VPC フローログにフローログ検知を実行します。"),
    ("trail", "CloudTrail ログファイルの完全性: ダイジェストチェーンを検証します。"),
    ("trail/verify", "CloudTrail のダイジェストチェーンを新しい順にたどり、署名、連結、ログファイルのハッシュを検証し、欠落・移動・改ざん・余分なファイルを報告します。"),
    ("iam", "スナップショット上の IAM ポリシーエンジン: can、who-can、what-can、公開範囲、権限昇格、ポリシー検証。"),
    ("iam/can", "PRINCIPAL が RESOURCE に対して ACTION を実行できるかを、判定を決めたステートメントとともに表示します（許可なら 0、拒否なら 1 で終了）。"),
    ("iam/who-can", "RESOURCE に対して ACTION を実行できるすべてのプリンシパル（リソースポリシーが許せば匿名の呼び出し元や任意の AWS アカウントも）を表示します。"),
    ("iam/what-can", "PRINCIPAL のアイデンティティポリシーが許可するアクションをアクセスレベル別に表示します。"),
    ("iam/validate", "ポリシー文書を文法、ポリシーの種類ごとの規則、アクションカタログに照らして検査し、指摘を JSON パス付きで表示します（エラーがあれば 1 で終了）。"),
    ("iam/exposure", "リソースベースのポリシーが誰にでも、または他のアカウントにアクセスを許しているリソースと、条件で限定された許可を表示します。"),
    ("iam/escalation", "自身を管理者にできるプリンシパルを最短経路とともに表示します。"),
    ("net/zones", "mamori.toml で宣言したセキュリティゾーン間で、ゾーンポリシーが許可していない通信を一覧にします。"),
    ("history", "履歴データベースに記録したスキャンを一覧にします。"),
    ("diff", "記録した 2 つのスキャンの間の変化を表示します（既定: 最後の 2 つ）。"),
    ("risk", "リスク登録簿: リスクの一覧、詳細、対応の記録。"),
    ("risk/list", "リスクをレベルの高い順に一覧にします。"),
    ("risk/show", "リスクの詳細: 資産、脅威、ぜい弱性、影響、レベル、対応、証跡。"),
    ("risk/accept", "リスクを受容します: 承認者、理由、有効期限を記録します。"),
    ("risk/mitigate", "リスクを低減します: 担当者と期日を記録します。"),
    ("risk/avoid", "リスクを回避します: リスクを生む活動をやめます。"),
    ("risk/transfer", "リスクを他者に移転します。"),
    ("risk/assess", "分析の結果としてリスクの発生可能性と影響（1〜5）を設定します。"),
    ("audit", "監査証跡: ハッシュチェーンの検証とエントリの一覧。"),
    ("audit/verify", "チェーン全体を検証し、最初の不正なエントリを示します（改ざんがあれば 1 で終了）。"),
    ("audit/log", "監査証跡のエントリを古い順に表示します。"),
    ("assets", "資産目録（ホワイトペーパー 表 1）: 各リソースの所有者、区分、分類、依存関係、価値。"),
    ("soa", "適用宣言書: ISO/IEC 27001:2022 附属書 A の各管理策の適用可否と、対応する mamori コードの状況。"),
    ("metrics", "履歴からのメトリクス（ホワイトペーパー 表 22）: 未解決の検出結果の推移、スキャンごとの新規と解消、平均修正日数、合格率。"),
    ("report", "履歴からの報告書: 経営陣の承認用の管理報告書、または自己完結した HTML ダッシュボード。"),
];

/// Argument help by argument id (the same id means the same thing everywhere).
const HELP: &[(&str, &str)] = &[
    ("cloudtrail", "CloudTrail ログのファイルまたはフォルダ（gzip または JSON）、または `s3://BUCKET/PREFIX`。"),
    ("flow_logs", "VPC フローログのファイルまたはフォルダ（既定またはカスタム形式、gzip またはテキスト）、または `s3://BUCKET/PREFIX`。"),
    ("sigma", "Sigma ルールのフォルダ（例: SigmaHQ の rules/cloud/aws/cloudtrail）。変更せずに読み込みます。"),
    ("no_builtin", "mamori の組み込み CloudTrail 検知（MON-001…MON-015）を使いません。"),
    ("threads", "ワーカースレッド数（既定: コア数）。"),
    ("baseline", "以前の実行で学習したトラフィックのベースライン（JSON）。"),
    ("save_baseline", "この実行後のベースライン（以前のベースライン＋今回の入力）を書き出します。"),
    ("max_alerts", "検知ごとに保持するアラート数（件数は常に正確）。0 ですべて保持。"),
    ("digests", "ダイジェストファイルのフォルダ（`.../CloudTrail-Digest/...`）。"),
    ("logs", "ログファイルのフォルダ。"),
    ("public_keys", "CloudTrail の公開鍵: `aws cloudtrail list-public-keys` の出力、または `フィンガープリント BASE64-DER` の行。"),
    ("fetch", "cloudtrail:ListPublicKeys で公開鍵を取得します。"),
    ("lang", "メッセージの言語: `en` または `ja`（既定: `LANG` から）。"),
    ("format", "形式: `policy`（IAM ポリシーの JSON）または `markdown`（呼び出しの一覧）。"),
    ("output", "スナップショットの保存先（gzip 圧縮 JSON）。"),
    ("demo", "収集の代わりに組み込みのデモアカウントを使います。"),
    ("json", "概要を JSON で標準出力に表示します。"),
    ("profile", "AWS 設定ファイルの名前付きプロファイル。"),
    ("regions", "リージョン: カンマ区切りの一覧、または有効な全リージョンを表す `all`（既定: プロファイルまたは環境のリージョン）。"),
    ("role_arn", "収集の前にこのロールを引き受けます。"),
    ("external_id", "`--role-arn` の外部 ID。"),
    ("concurrency", "同時に実行する AWS 呼び出しの数。"),
    ("snapshot", "収集せずにこのスナップショットファイルを評価します。"),
    ("save_snapshot", "収集したスナップショットをここにも保存します（ライブスキャンのみ）。"),
    ("formats", "出力形式（繰り返し指定可）: text、json、csv、ocsf、asff、sarif、markdown。"),
    ("outputs", "同じ位置の形式の出力ファイル（標準出力は `-`）。"),
    ("output_dir", "すべての形式をこのディレクトリに書き出します（mamori.json、mamori.sarif など）。"),
    ("fail_on", "この重大度以上のミュートされていない不合格があれば終了コード 1 にします。"),
    ("config", "設定ファイル（既定: 存在すれば ./mamori.toml）。"),
    ("select", "この接頭辞で始まるコードだけを実行します（例: NET,IAM-01）。"),
    ("ignore", "この接頭辞で始まるコードを除外します。"),
    ("framework", "準拠状況の集計: whitepaper、cis-3.0、fsbp。"),
    ("color", "端末の色: auto、always、never。"),
    ("path", "ルートディレクトリまたは tar アーカイブ（`.tar`、`.tar.gz`）。"),
    ("dir", "AWS CLI の出力ファイルがあるフォルダー。"),
    ("region", "フォルダー直下のファイルのリージョン。"),
    ("account", "ダンプからわからない場合のアカウント ID。"),
    ("all", "インターネットから届かないインターフェイスも、遮断している箇所とともに表示します。"),
    ("source", "`internet`、IP アドレス、ネットワークインターフェイス（eni-...）、インスタンス（i-...）のいずれか。"),
    ("destination", "ネットワークインターフェイス、インスタンス、またはプライベート／パブリック IP アドレス。"),
    ("protocol", "tcp、udp、icmp、icmpv6 またはプロトコル番号（既定: すべて）。"),
    ("port", "宛先ポート（既定: すべて）。"),
    (
        "principal",
        "ユーザーまたはロールの ARN、引き受けたロールの ARN、アカウント ID、`*`（匿名）、またはサービス（`ec2.amazonaws.com`）。",
    ),
    ("action", "`service:Action`（例: `s3:GetObject`）。"),
    ("resource", "リソースの ARN（リソースのないアクションは `*`）。"),
    ("context", "リクエストコンテキストのキー（繰り返し指定可）: `aws:SourceIp=203.0.113.5`。"),
    ("access_level", "このアクセスレベルだけ（繰り返し指定可）: list、read、write、permissions、tagging。"),
    ("file", "ポリシーファイル（JSON）。標準入力は `-`。"),
    ("kind", "ポリシーの用途: identity、resource、trust、scp、rcp、boundary、session。"),
    ("db", "履歴データベース（既定: プラットフォームのデータディレクトリの mamori/history.db。Linux では ~/.local/share）。"),
    ("actor", "監査証跡に記録する実行者（既定: MAMORI_ACTOR、なければ user@host）。"),
    ("no_record", "このスキャンを履歴データベースに記録しません。"),
    ("from", "比較元のスキャン: 番号、`last`、`last~N`（既定: 最後の 1 つ前）。"),
    ("to", "比較先のスキャン（既定: 最後）。"),
    ("risk", "リスク（`R-12` または `12`）。"),
    ("approver", "受容を承認した人。"),
    ("reason", "理由。"),
    ("expires", "受容の最終日（YYYY-MM-DD）。この日を過ぎた最初のスキャンでリスクは未対応に戻ります。"),
    ("owner", "対応する担当者。"),
    ("due", "期日（YYYY-MM-DD）。"),
    ("likelihood", "発生可能性: 1（まれ）〜 5（ほぼ確実）。"),
    ("impact", "影響: 1（軽微）〜 5（深刻）。"),
    ("expect", "以前に記録したヘッドのハッシュ: チェーンがそこで終わっていなければ失敗します。"),
    ("limit", "最後の N 件だけ。"),
    ("scan", "状況を決めるスキャン（既定: 最後）。"),
    ("html", "自己完結した HTML ダッシュボードを FILE に書き出します。"),
    ("management", "経営陣向けの管理報告書（承認用の残留リスク）を FILE に書き出します（Markdown）。"),
    ("help", "ヘルプを表示します。"),
    ("version", "バージョンを表示します。"),
];

/// The `permissions` and `collect`/`import` commands use `--format`/`--output`
/// with their own meaning; `scan`'s `--output` is its report file.
const OVERRIDES: &[(&str, &str, &str)] = &[
    ("import", "output", "スナップショットの保存先。"),
    ("scan", "demo", "組み込みのデモアカウントを評価します。"),
    ("net/exposure", "format", "出力: text または json。"),
    ("net/path", "format", "出力: text または json。"),
    ("net/zones", "format", "出力: text または json。"),
    ("net/exposure", "snapshot", "読み込むスナップショット（既定: 組み込みのデモアカウント）。"),
    ("net/path", "snapshot", "読み込むスナップショット（既定: 組み込みのデモアカウント）。"),
    ("net/zones", "snapshot", "読み込むスナップショット（既定: 組み込みのデモアカウント）。"),
    ("iam/can", "format", "出力: text または json。"),
    ("iam/can", "snapshot", "読み込むスナップショット（既定: 組み込みのデモアカウント）。"),
    ("iam/who-can", "format", "出力: text または json。"),
    ("iam/who-can", "snapshot", "読み込むスナップショット（既定: 組み込みのデモアカウント）。"),
    ("iam/what-can", "format", "出力: text または json。"),
    ("iam/what-can", "snapshot", "読み込むスナップショット（既定: 組み込みのデモアカウント）。"),
    ("iam/validate", "format", "出力: text または json。"),
    ("iam/exposure", "format", "出力: text または json。"),
    ("iam/exposure", "snapshot", "読み込むスナップショット（既定: 組み込みのデモアカウント）。"),
    ("iam/escalation", "format", "出力: text または json。"),
    ("iam/escalation", "snapshot", "読み込むスナップショット（既定: 組み込みのデモアカウント）。"),
    ("net/zones", "config", "`[[network.zones]]` と `[[network.flows]]` を含む設定ファイル（既定: ./mamori.toml）。"),
    ("history", "format", "出力形式: text、json、markdown、csv、xlsx。"),
    ("history", "output", "標準出力の代わりにこのファイルに書き出します（xlsx では必須）。"),
    ("diff", "format", "出力形式: text、json、markdown、csv、xlsx。"),
    ("diff", "output", "標準出力の代わりにこのファイルに書き出します（xlsx では必須）。"),
    ("risk/list", "format", "出力形式: text、json、markdown、csv、xlsx。"),
    ("risk/list", "output", "標準出力の代わりにこのファイルに書き出します（xlsx では必須）。"),
    ("assets", "format", "出力形式: text、json、markdown、csv、xlsx。"),
    ("assets", "output", "標準出力の代わりにこのファイルに書き出します（xlsx では必須）。"),
    ("soa", "format", "出力形式: text、json、markdown、csv、xlsx。"),
    ("soa", "output", "標準出力の代わりにこのファイルに書き出します（xlsx では必須）。"),
    ("metrics", "format", "出力形式: text、json、markdown、csv、xlsx。"),
    ("metrics", "output", "標準出力の代わりにこのファイルに書き出します（xlsx では必須）。"),
    ("risk/show", "json", "JSON で表示します。"),
    ("audit/verify", "json", "JSON で表示します。"),
    ("audit/log", "json", "JSON で表示します。"),
    ("risk/list", "all", "解消済みのリスクも含めます。"),
    ("risk/transfer", "to", "リスクを引き受ける相手（保険会社、委託先など）。"),
    ("assets", "snapshot", "このスナップショットから作成します（既定: 最後のスキャンで記録した資産目録）。"),
    ("assets", "demo", "組み込みのデモアカウントから作成します。"),
    ("soa", "config", "`[soa]` の除外を含む設定ファイル（既定: 存在すれば ./mamori.toml）。"),
];

fn localize(cmd: Command, path: &str) -> Command {
    let mut cmd = cmd;
    if let Some((_, about)) = ABOUT.iter().find(|(p, _)| *p == path) {
        cmd = cmd.about(*about).long_about(None);
    }
    let here = path.to_string();
    cmd = cmd.mut_args(|arg| {
        let id = arg.get_id().as_str().to_string();
        let text = OVERRIDES
            .iter()
            .find(|(p, a, _)| *p == here && *a == id)
            .map(|(_, _, t)| *t)
            .or_else(|| HELP.iter().find(|(a, _)| *a == id).map(|(_, t)| *t));
        let takes_values = arg.get_action().takes_values();
        let arg = arg.help_heading("オプション");
        // The Japanese text names the values; clap's `[possible values: …]` would repeat them in English.
        let arg = if takes_values { arg.hide_possible_values(true) } else { arg };
        match text {
            Some(t) => arg.help(t).long_help(None),
            None => arg,
        }
    });
    cmd = cmd
        .subcommand_help_heading("コマンド")
        .disable_help_subcommand(true)
        .help_template(TEMPLATE)
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("ヘルプを表示します。").help_heading("オプション"));
    if path.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("バージョンを表示します。")
                .help_heading("オプション"),
        );
    }
    cmd.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        let child = if path.is_empty() { name } else { format!("{path}/{name}") };
        localize(sub, &child)
    })
}

/// The command line with Japanese descriptions.
pub fn japanese(cmd: Command) -> Command {
    localize(cmd, "")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use clap::CommandFactory;

    /// The localized command line passes clap's own consistency checks.
    #[test]
    fn japanese_command_line_is_valid() {
        super::japanese(crate::cli::Cli::command()).debug_assert();
    }

    /// Every argument and subcommand of the real command line has Japanese help.
    #[test]
    fn every_argument_has_japanese_help() {
        fn visit(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            if !super::ABOUT.iter().any(|(p, _)| *p == path) && !path.is_empty() {
                missing.push(format!("about of `{path}`"));
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if !super::HELP.iter().any(|(a, _)| *a == id) {
                    missing.push(format!("`{path}` --{id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                let child = if path.is_empty() { sub.get_name().to_string() } else { format!("{path}/{}", sub.get_name()) };
                visit(sub, &child, missing);
            }
        }
        let mut missing = Vec::new();
        visit(&crate::cli::Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "{missing:?}");
    }
}
