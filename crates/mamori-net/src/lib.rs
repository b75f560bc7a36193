//! mamori's network reachability engine.
//!
//! The snapshot's VPC configuration — route tables, network ACLs, security
//! groups, gateways, peering, transit gateways and interfaces — is compiled
//! into [`Network`], where every component is a set of packet headers
//! ([`space::HeaderSet`]). Questions are answered by set algebra, never by
//! matching rules one at a time:
//!
//! - [`Network::exposures`]: for each interface, what the internet reaches
//!   and from where, with a path, or the component that blocks it;
//! - [`Network::path`]: from the internet or an interface to an interface;
//! - [`Network::zone_violations`]: flows between declared security zones
//!   that the zone policy does not allow.
//!
//! Pure: no AWS SDK, no I/O, no panics.

pub mod explain;
pub mod exposure;
pub mod model;
pub mod path;
pub mod space;
pub mod zones;

pub use explain::{Block, BlockCode, Hop};
pub use exposure::{internet, only, Exposure, Opening};
pub use model::{Eni, Network, Options};
pub use path::{Endpoint, PathAnswer, QueryError};
pub use space::{Cube, Family, Header, HeaderSet, Prefix, Span};
pub use zones::{Flow, Violation, Zone, ZoneError};
