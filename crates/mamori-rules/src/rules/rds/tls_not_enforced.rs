//! RDS-008: the database accepts unencrypted client connections.

use std::collections::BTreeMap;

use super::{cluster_arn, in_cluster, instance_arn};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "RDS-008",
    name: "DatabaseTlsNotEnforced",
    area: Area::DataInTransit,
    severity: Severity::Medium,
    title: t(
        "RDS does not enforce TLS (rds.force_ssl / require_secure_transport)",
        "RDS が TLS を強制していない（rds.force_ssl / require_secure_transport）",
    ),
    rationale: t(
        "RDS offers TLS, but unless the parameter group forces it, clients may connect in clear text and expose queries and credentials on the network (protecting data in transit to RDS).",
        "RDS は TLS を提供しますが、パラメータグループで強制しない限り、クライアントは平文で接続でき、クエリや認証情報がネットワーク上に露出します（Amazon RDS に伝送中のデータの保護）。",
    ),
    sections: &[s::RDS_IN_TRANSIT],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsRdsDbInstance",
    remediation: Remediation {
        console: t(
            "RDS → Parameter groups → the (custom) group of the database → Edit: rds.force_ssl = 1 (PostgreSQL, SQL Server) or require_secure_transport = ON (MySQL, MariaDB); reboot if the parameter is static.",
            "RDS →［パラメータグループ］→ データベースの（カスタム）グループ →［編集］で rds.force_ssl = 1（PostgreSQL、SQL Server）または require_secure_transport = ON（MySQL、MariaDB）にします。静的パラメータなら再起動します。",
        ),
        cli: "aws rds modify-db-parameter-group --db-parameter-group-name GROUP --parameters ParameterName=rds.force_ssl,ParameterValue=1,ApplyMethod=pending-reboot",
        terraform: "resource \"aws_db_parameter_group\" \"pg\" {\n  family = \"postgres16\"\n  parameter {\n    name         = \"rds.force_ssl\"\n    value        = \"1\"\n    apply_method = \"pending-reboot\"\n  }\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

/// The parameter that forces TLS for an engine, or `None` when the engine
/// configures TLS elsewhere (Oracle and Db2 use option groups).
fn parameter_for(engine: &str) -> Option<&'static str> {
    let e = engine.to_ascii_lowercase();
    if e.contains("postgres") || e.starts_with("sqlserver") {
        Some("rds.force_ssl")
    } else if e.contains("mysql") || e.contains("mariadb") {
        Some("require_secure_transport")
    } else {
        None
    }
}

fn forced(value: Option<&String>) -> bool {
    value.is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "on" | "true"))
}

/// One database to judge: its engine and the parameter group that applies.
struct Database<'a> {
    resource: String,
    engine: &'a str,
    group: Option<&'a str>,
    /// The parameter groups read, and the operation that read them.
    groups: &'a [mamori_model::services::DbParameterGroup],
    operation: &'static str,
}

fn judge(cx: &Cx, out: &mut Out, at: At, db: Database) {
    let Database { resource, engine, group, groups, operation } = db;
    let Some(parameter) = parameter_for(engine) else {
        out.not_applicable(at, resource)
            .msg(
                format!("TLS for {engine} is set in an option group, not checked"),
                format!("{engine} の TLS はオプショングループで設定するため対象外"),
            )
            .ev("engine", engine);
        return;
    };
    let Some(group) = group else {
        out.unknown(at, resource, Reason::incomplete("rds", operation)).ev("engine", engine);
        return;
    };
    let values: Option<&BTreeMap<String, String>> = groups.iter().find(|g| g.db_parameter_group_name == group).map(|g| &g.tls_parameters);
    let verdict = cx
        .res(at.account, "rds", operation, group)
        .and_then(|()| values.map(|v| !forced(v.get(parameter))).ok_or_else(|| Reason::not_collected("rds", operation)));
    out.judge(at, resource, verdict)
        .ev("engine", engine)
        .ev("parameter_group", group)
        .ev(parameter, values.and_then(|v| v.get(parameter).cloned()));
}

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        if let Err(reason) = cx.op(at, "rds", "DescribeDBInstances") {
            for i in r.db_instances.iter().filter(|i| !in_cluster(i)) {
                out.unknown(at, instance_arn(a, at.region, i), reason.clone());
            }
        } else {
            for i in r.db_instances.iter().filter(|i| !in_cluster(i)) {
                let group = i.db_parameter_groups.first().and_then(|g| g.db_parameter_group_name.as_deref());
                let db = Database {
                    resource: instance_arn(a, at.region, i),
                    engine: i.engine.as_deref().unwrap_or_default(),
                    group,
                    groups: &r.db_parameter_groups,
                    operation: "DescribeDBParameters",
                };
                judge(cx, out, at, db);
            }
        }
        for c in &r.db_clusters {
            let resource = cluster_arn(a, at.region, c);
            if let Err(reason) = cx.op(at, "rds", "DescribeDBClusters") {
                out.unknown(at, resource, reason).kind("AwsRdsDbCluster");
                continue;
            }
            let before = out.len();
            let db = Database {
                resource,
                engine: c.engine.as_deref().unwrap_or_default(),
                group: c.db_cluster_parameter_group.as_deref(),
                groups: &r.db_cluster_parameter_groups,
                operation: "DescribeDBClusterParameters",
            };
            judge(cx, out, at, db);
            out.retype_from(before, "AwsRdsDbCluster");
        }
    }
}
