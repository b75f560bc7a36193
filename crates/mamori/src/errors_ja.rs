//! Japanese renderings of the library errors a user can meet. The libraries
//! speak English (their `Display`); the binary picks the language.

use mamori_collect::import::ImportError;
use mamori_collect::CollectError;
use mamori_model::{LoadError, SaveError, SCHEMA_VERSION};

/// The Japanese message for `err`, when it is one of ours.
pub fn render(err: &anyhow::Error) -> Option<String> {
    if let Some(e) = err.downcast_ref::<LoadError>() {
        return Some(match e {
            LoadError::Io { path, source } => format!("スナップショット `{}` を読み込めません: {source}", path.display()),
            LoadError::Corrupt { path, detail } => format!("スナップショット `{}` は途中で切れているか壊れています: {detail}", path.display()),
            LoadError::NotSnapshot { path, detail } => format!("`{}` は mamori のスナップショットではありません: {detail}", path.display()),
            LoadError::Version { path, found } => format!(
                "スナップショット `{}` のスキーマバージョンは {found} です。この mamori {} はバージョン {SCHEMA_VERSION} を読みます（収集し直すか、対応する mamori を使ってください）",
                path.display(),
                env!("CARGO_PKG_VERSION")
            ),
            LoadError::Invalid { path, at, detail } => format!("スナップショット `{}` の `{at}` が不正です: {detail}", path.display()),
        });
    }
    if let Some(e) = err.downcast_ref::<mamori_store::Error>() {
        use mamori_store::{DateKind, Error};
        let what = |k: &DateKind| match k {
            DateKind::Due => "期日",
            DateKind::Expiry => "有効期限",
        };
        return Some(match e {
            Error::Open { path, source } => format!("データベース `{path}` を開けません: {source}"),
            Error::TooNew { path, found, known } => {
                format!("データベース `{path}` のスキーマバージョン {found} は、この mamori が扱える版（{known}）より新しいです。mamori を更新してください")
            }
            Error::Sql(inner) => format!("データベースのエラー: {inner}"),
            Error::NoScan(r) => format!("履歴にスキャン `{r}` がありません"),
            Error::NotEnoughScans => "履歴のスキャンが 2 件未満です".into(),
            Error::NoRisk(r) => format!("リスク登録簿に `{r}` がありません"),
            Error::NotADate { what: k, value } => format!("{} `{value}` は日付（YYYY-MM-DD）ではありません", what(k)),
            Error::NotAfterToday { what: k, value, today } => format!("{} `{value}` が今日（{today}）より後ではありません", what(k)),
            Error::AcceptanceIncomplete => "受容には承認者と理由が必要です".into(),
            Error::OutOfRange => "発生可能性と影響は 1 から 5 です".into(),
            Error::RiskClosed(id) => format!("R-{id} は解消済みです（検出結果が解消されました）"),
            Error::Damaged(detail) => format!("保存されたデータが壊れています: {detail}"),
        });
    }
    if let Some(e) = err.downcast_ref::<SaveError>() {
        return Some(match e {
            SaveError::Io { path, source } => format!("スナップショット `{}` を書き込めません: {source}", path.display()),
            SaveError::Encode(inner) => format!("スナップショットを符号化できません: {inner}"),
        });
    }
    if let Some(e) = err.downcast_ref::<CollectError>() {
        return Some(match e {
            CollectError::NoRegion => {
                "AWS リージョンが設定されていません: `--regions` を指定するか、`AWS_REGION` またはプロファイルのリージョンを設定してください".into()
            }
            CollectError::Identity { code, message } => {
                format!("呼び出し元を特定できません（sts:GetCallerIdentity が失敗: {code}: {message}）。認証情報を確認してください")
            }
        });
    }
    if let Some(e) = err.downcast_ref::<mamori_rules::ConfigError>() {
        use mamori_rules::ConfigError;
        return Some(match e {
            ConfigError::Io { path, source } => format!("設定ファイル `{path}` を読み込めません: {source}"),
            ConfigError::Invalid { path, message } => format!("設定ファイル `{path}` を解析できません: {message}"),
            ConfigError::Value { path, line, problem } => format!("{path}:{line}: {}", problem.ja()),
        });
    }
    if let Some(e) = err.downcast_ref::<mamori_host::TreeError>() {
        use mamori_host::TreeError;
        return Some(match e {
            TreeError::Io { path, source } => format!("`{path}` を読み込めません: {source}"),
            TreeError::NotATree { path } => format!("`{path}` はディレクトリでも tar アーカイブでもありません"),
        });
    }
    if let Some(e) = err.downcast_ref::<ImportError>() {
        return Some(match e {
            ImportError::Io { path, source } => format!("取り込みフォルダー `{}` を読み込めません: {source}", path.display()),
            ImportError::Empty(path) => {
                format!("`{}` に mamori が認識できる AWS CLI の出力がありません（ファイル名は docs/import.md を参照）", path.display())
            }
            ImportError::NoAccount(path) => {
                format!("`{}` からアカウント ID を判別できません: `--account` を指定してください", path.display())
            }
        });
    }
    None
}
