//! The context of the host rules (HOST-*): what `mamori-host` read from a
//! root filesystem.

pub use mamori_host::Host as HostCx;
