//! The SMTP domain: talking to mail servers. `delivery` connects and sends one message at a
//! time with the phases the send ledger needs; `message` builds standards-correct messages.

pub mod delivery;
pub mod message;
