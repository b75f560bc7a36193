//! What a rule sees: the snapshot, the configuration, the snapshot's time,
//! and an index of what could not be read.

use std::collections::HashMap;

use mamori_model::{Account, CoverageError, Region, Snapshot, Tag, Time};

use crate::config::Config;
use crate::finding::{At, Reason};

type OpKey<'a> = (&'a str, &'a str, &'a str, &'a str);

/// Coverage, indexed for lookups per resource.
struct CoverageIndex<'a> {
    /// (account, region, service, operation) → a list-level error (no resource), if any.
    ops: HashMap<OpKey<'a>, Option<&'a CoverageError>>,
    /// (account, service, operation) → attempted in some region.
    attempted: HashMap<(&'a str, &'a str, &'a str), ()>,
    /// (account, service, operation, resource) → the error for that resource.
    resources: HashMap<OpKey<'a>, &'a CoverageError>,
}

impl<'a> CoverageIndex<'a> {
    fn new(snapshot: &'a Snapshot) -> Self {
        let cov = &snapshot.coverage;
        let mut ops = HashMap::new();
        let mut attempted = HashMap::new();
        for t in &cov.operations {
            ops.insert((t.account.as_str(), t.region.as_str(), t.service.as_str(), t.operation.as_str()), None);
            attempted.insert((t.account.as_str(), t.service.as_str(), t.operation.as_str()), ());
        }
        let mut resources = HashMap::new();
        for e in &cov.errors {
            match &e.resource {
                Some(r) => {
                    resources.entry((e.account.as_str(), e.service.as_str(), e.operation.as_str(), r.as_str())).or_insert(e);
                }
                None => {
                    let slot = ops.entry((e.account.as_str(), e.region.as_str(), e.service.as_str(), e.operation.as_str())).or_insert(None);
                    if slot.is_none() {
                        *slot = Some(e);
                    }
                    attempted.insert((e.account.as_str(), e.service.as_str(), e.operation.as_str()), ());
                }
            }
        }
        CoverageIndex { ops, attempted, resources }
    }
}

/// The compiled network and every interface's internet exposure, built
/// once per scan by the first rule that asks.
pub struct NetView<'a> {
    pub network: mamori_net::Network<'a>,
    pub exposures: Vec<mamori_net::Exposure>,
    by_interface: HashMap<String, usize>,
}

impl NetView<'_> {
    pub fn exposure(&self, interface: &str) -> Option<&mamori_net::Exposure> {
        self.by_interface.get(interface).and_then(|&i| self.exposures.get(i))
    }
}

/// The IAM engine's model of the snapshot, and its escalation graph, built
/// once per scan by the first rule that asks.
pub struct IamView {
    pub model: mamori_iam::account::Model,
    graph: std::sync::OnceLock<mamori_iam::escalation::Graph>,
}

impl IamView {
    pub fn graph(&self) -> &mamori_iam::escalation::Graph {
        self.graph.get_or_init(|| mamori_iam::escalation::Graph::build(&self.model))
    }
}

/// The EC2 reads the reachability engine needs in a region.
pub const NETWORK_READS: &[(&str, &str)] = &[
    ("ec2", "DescribeNetworkInterfaces"),
    ("ec2", "DescribeInstances"),
    ("ec2", "DescribeSecurityGroups"),
    ("ec2", "DescribeNetworkAcls"),
    ("ec2", "DescribeRouteTables"),
    ("ec2", "DescribeInternetGateways"),
    ("ec2", "DescribeSubnets"),
    ("ec2", "DescribeAddresses"),
    ("ec2", "DescribeManagedPrefixLists"),
];

/// The context every rule runs in.
pub struct Cx<'a> {
    pub snapshot: &'a Snapshot,
    pub config: &'a Config,
    /// The snapshot's time: ages are measured from when the data was read.
    pub now: Time,
    coverage: CoverageIndex<'a>,
    net: std::sync::OnceLock<NetView<'a>>,
    iam: std::sync::OnceLock<IamView>,
}

impl<'a> Cx<'a> {
    pub fn new(snapshot: &'a Snapshot, config: &'a Config) -> Self {
        Cx {
            snapshot,
            config,
            now: snapshot.finished_at,
            coverage: CoverageIndex::new(snapshot),
            net: std::sync::OnceLock::new(),
            iam: std::sync::OnceLock::new(),
        }
    }

    /// The reachability engine's view of the snapshot.
    pub fn net(&self) -> &NetView<'a> {
        self.net.get_or_init(|| {
            let network = mamori_net::Network::build(self.snapshot, mamori_net::Options::default());
            let exposures = network.exposures();
            let by_interface = exposures.iter().enumerate().map(|(i, x)| (x.interface.clone(), i)).collect();
            NetView { network, exposures, by_interface }
        })
    }

    /// The IAM engine's view of the snapshot.
    pub fn iam(&self) -> &IamView {
        self.iam.get_or_init(|| IamView { model: mamori_iam::account::Model::build(self.snapshot), graph: std::sync::OnceLock::new() })
    }

    /// Whether everything the reachability engine reads in a region was read.
    pub fn network_read(&self, at: At) -> Result<(), Reason> {
        self.ops(at, NETWORK_READS)
    }

    /// Accounts in scope.
    pub fn accounts(&self) -> impl Iterator<Item = &'a Account> + '_ {
        self.snapshot.accounts.iter().filter(|a| self.config.account_in_scope(&a.account_id))
    }

    /// An account's regions in scope, with where they are.
    pub fn regions(&self, account: &'a Account) -> impl Iterator<Item = (At<'a>, &'a Region)> + '_ {
        account
            .regions
            .iter()
            .filter(|(name, _)| self.config.region_in_scope(name))
            .map(move |(name, region)| (At { account: &account.account_id, region: name }, region))
    }

    /// Every in-scope (account, region) pair.
    pub fn all_regions(&self) -> impl Iterator<Item = (&'a Account, At<'a>, &'a Region)> + '_ {
        self.accounts().flat_map(move |a| self.regions(a).map(move |(at, r)| (a, at, r)))
    }

    /// The account's global location.
    pub fn global(account: &'a Account) -> At<'a> {
        At { account: &account.account_id, region: mamori_model::GLOBAL }
    }

    /// Whether a list or account-level read of `service:operation` in
    /// `region` is complete. `Err` says why it is not: the failure, or that
    /// it was never attempted.
    pub fn op(&self, at: At, service: &str, operation: &str) -> Result<(), Reason> {
        match self.coverage.ops.get(&(at.account, at.region, service, operation)) {
            Some(None) => Ok(()),
            Some(Some(e)) => Err(Reason::from_error(e)),
            None => Err(Reason::not_collected(service, operation)),
        }
    }

    /// Like [`Cx::op`] for several operations; the first missing one decides.
    pub fn ops(&self, at: At, needs: &[(&str, &str)]) -> Result<(), Reason> {
        needs.iter().try_for_each(|(s, o)| self.op(at, s, o))
    }

    /// Whether the per-resource read `service:operation` of `resource`
    /// succeeded (in any region).
    pub fn res(&self, account: &str, service: &str, operation: &str, resource: &str) -> Result<(), Reason> {
        if let Some(e) = self.coverage.resources.get(&(account, service, operation, resource)) {
            return Err(Reason::from_error(e));
        }
        if self.coverage.attempted.contains_key(&(account, service, operation)) {
            Ok(())
        } else {
            Err(Reason::not_collected(service, operation))
        }
    }

    /// Whole days from `t` to the snapshot's time.
    pub fn days_since(&self, t: Time) -> i64 {
        t.days_until(self.now)
    }

    /// The value of the first configured tag key present.
    pub fn tag<'t>(&self, tags: &'t [Tag], keys: &[String]) -> Option<(&'t str, &'t str)> {
        keys.iter().find_map(|k| tags.iter().find(|t| &t.key == k).map(|t| (t.key.as_str(), t.value.as_str())))
    }

    /// The data classification tag of a resource, if any.
    pub fn classification<'t>(&self, tags: &'t [Tag]) -> Option<(&'t str, &'t str)> {
        self.tag(tags, &self.config.tags.classification)
    }

    /// Whether the classification value means confidential.
    pub fn is_confidential(&self, tags: &[Tag]) -> bool {
        self.classification(tags).is_some_and(|(_, v)| self.config.tags.confidential.iter().any(|c| c.eq_ignore_ascii_case(v)))
    }

    /// Whether the classification value means business-critical.
    pub fn is_critical(&self, tags: &[Tag]) -> bool {
        self.classification(tags).is_some_and(|(_, v)| self.config.tags.critical.iter().any(|c| c.eq_ignore_ascii_case(v)))
    }
}
