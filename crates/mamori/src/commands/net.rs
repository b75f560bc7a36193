//! `mamori net`: the reachability engine's questions over a snapshot.

use std::io::Write;
use std::process::ExitCode;

use mamori_model::Snapshot;
use mamori_net::space::{parse_addr, proto};
use mamori_net::{Endpoint, Network, Options};

use crate::cli::{NetArgs, NetCommand, NetInput};
use crate::i18n::Lang;

pub fn run(args: NetArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    match args.command {
        NetCommand::Exposure(a) => {
            let snapshot = load(&a.input, lang)?;
            let net = Network::build(&snapshot, Options::default());
            let mut all = net.exposures();
            all.sort_by(|x, y| (&x.account, &x.region, &x.interface).cmp(&(&y.account, &y.region, &y.interface)));
            let shown: Vec<&mamori_net::Exposure> = all.iter().filter(|x| a.all || x.is_exposed()).collect();
            let mut out = std::io::stdout().lock();
            if a.input.format == "json" {
                serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "exposures": shown, "caveats": net.caveats }))?;
                writeln!(out)?;
                return Ok(ExitCode::SUCCESS);
            }
            let exposed = all.iter().filter(|x| x.is_exposed()).count();
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::En => format!("{exposed} of {} network interfaces are reachable from the internet.", all.len()),
                    Lang::Ja =>
                        format!("{} 個のネットワークインターフェイスのうち {exposed} 個がインターネットから到達可能です。", all.len()),
                }
            )?;
            for x in shown {
                let who = match &x.instance {
                    Some(i) if i != &x.interface => format!("{} ({i})", x.interface),
                    _ => x.interface.clone(),
                };
                writeln!(out, "\n{who}  {} {}  {}", x.account, x.region, x.public_addresses.join(", "))?;
                for o in &x.openings {
                    writeln!(out, "  {} {}  {} {}", o.protocol, o.ports, lang.pick("from", "送信元"), o.sources.join(", "))?;
                    writeln!(out, "    {}", mamori_net::explain::path_line(&o.path))?;
                }
                if let Some(b) = &x.blocked {
                    writeln!(out, "  {}: {}", lang.pick("not reachable", "到達不可"), b.line())?;
                }
                for c in &x.caveats {
                    writeln!(out, "  {}: {c}", lang.pick("caveat", "注意"))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        NetCommand::Path(a) => {
            let snapshot = load(&a.input, lang)?;
            let net = Network::build(&snapshot, Options::default());
            let protocol = match &a.protocol {
                Some(p) => Some(proto::parse(p).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}",
                        lang.pick(
                            &format!("`{p}` is not a protocol (tcp, udp, icmp, icmpv6 or a number)"),
                            &format!("`{p}` はプロトコル（tcp、udp、icmp、icmpv6 または番号）ではありません")
                        )
                    )
                })?),
                None => None,
            };
            let src = endpoint(&net, &a.source, lang)?;
            let dst = endpoint(&net, &a.destination, lang)?;
            let answer = net.path(&src, &dst, protocol, a.port).map_err(|e| {
                let en = e.to_string();
                let ja = match e {
                    mamori_net::QueryError::OutboundToInternet => "インターフェイスからインターネットへの経路は計算しません。インターネットからインターフェイスへの向きで尋ねてください",
                    mamori_net::QueryError::InternetToInternet => "両端ともインターネットです",
                };
                anyhow::anyhow!("{}", lang.pick(&en, ja))
            })?;
            let mut out = std::io::stdout().lock();
            if a.input.format == "json" {
                serde_json::to_writer_pretty(&mut out, &answer)?;
                writeln!(out)?;
            } else {
                let verdict =
                    if answer.reachable { lang.pick("reachable", "到達可能") } else { lang.pick("not reachable", "到達不可") };
                writeln!(out, "{} → {}: {verdict}", answer.source, answer.destination)?;
                for line in &answer.allowed {
                    writeln!(out, "  {line}")?;
                }
                for h in &answer.path {
                    writeln!(out, "  {:<24} {:<24} {}", h.component, h.id, h.detail)?;
                }
                if let Some(b) = &answer.blocked {
                    writeln!(out, "  {}: {}", lang.pick("blocked by", "遮断"), b.line())?;
                }
                for c in &answer.caveats {
                    writeln!(out, "  {}: {c}", lang.pick("caveat", "注意"))?;
                }
            }
            Ok(if answer.reachable { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        NetCommand::Zones(a) => {
            let config = super::scan::load_config(a.config.as_ref())?;
            let snapshot = load(&a.input, lang)?;
            let net = Network::build(&snapshot, Options::default());
            let n = &config.network;
            if n.zones.is_empty() {
                anyhow::bail!(
                    "{}",
                    lang.pick(
                        "no security zones are declared: add [[network.zones]] and [[network.flows]] to mamori.toml (see docs/network.md)",
                        "セキュリティゾーンが宣言されていません。mamori.toml に [[network.zones]] と [[network.flows]] を追加してください（docs/network.md を参照）"
                    )
                );
            }
            let violations = net.zone_violations(&n.zones, &n.flows);
            let mut out = std::io::stdout().lock();
            if a.input.format == "json" {
                serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "violations": violations }))?;
                writeln!(out)?;
            } else {
                match lang {
                    Lang::En => writeln!(out, "{} flows between zones are not allowed by the zone policy.", violations.len())?,
                    Lang::Ja => writeln!(out, "ゾーンポリシーが許可していないゾーン間の通信が {} 件あります。", violations.len())?,
                }
                for v in &violations {
                    writeln!(out, "\n{} → {}: {} → {}  {}", v.from, v.to, v.source, v.destination, v.traffic.join(", "))?;
                    writeln!(out, "  {}", mamori_net::explain::path_line(&v.path))?;
                }
            }
            Ok(if violations.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}

pub(crate) fn load(input: &NetInput, lang: Lang) -> anyhow::Result<Snapshot> {
    match &input.snapshot {
        Some(path) => Ok(Snapshot::load(path)?),
        None => {
            if !input.demo {
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "{}",
                    lang.pick(
                        "note: no --snapshot given, so this reads the embedded demo account",
                        "注: --snapshot が指定されていないため、組み込みのデモアカウントを読みます"
                    )
                );
            }
            super::collect::demo()
        }
    }
}

/// `internet`, an address, an interface id or an instance id.
fn endpoint<'n, 'a>(net: &'n Network<'a>, text: &str, lang: Lang) -> anyhow::Result<Endpoint<'n, 'a>> {
    if text.eq_ignore_ascii_case("internet") {
        return Ok(Endpoint::Internet(None));
    }
    if let Some((family, addr)) = parse_addr(text) {
        let hits = net.enis_at(family, addr);
        return match hits.as_slice() {
            [] => Ok(Endpoint::Internet(Some((family, addr)))),
            [one] => Ok(Endpoint::Interface(one)),
            many => anyhow::bail!(
                "{}",
                match lang {
                    Lang::En => format!(
                        "{text} belongs to several interfaces ({}); name one",
                        many.iter().map(|e| e.id).collect::<Vec<_>>().join(", ")
                    ),
                    Lang::Ja => format!(
                        "{text} は複数のインターフェイス（{}）にあります。1 つを指定してください",
                        many.iter().map(|e| e.id).collect::<Vec<_>>().join("、")
                    ),
                }
            ),
        };
    }
    if let Some(e) = net.eni(text) {
        return Ok(Endpoint::Interface(e));
    }
    if let Some(e) = net.instance_enis(text).first() {
        return Ok(Endpoint::Interface(e));
    }
    anyhow::bail!(
        "{}",
        match lang {
            Lang::En => format!("`{text}` is not `internet`, an IP address, or an interface or instance in the snapshot"),
            Lang::Ja =>
                format!("`{text}` は `internet`、IP アドレス、スナップショット内のインターフェイスまたはインスタンスのいずれでもありません"),
        }
    )
}
