//! Analytics kept as counters: what sends and events add to `analytics_counters`, and how the
//! counters read back as totals and rates.
//!
//! A counters row covers one campaign, step, variant, mailbox and recipient provider during one
//! UTC hour. Refused, failed and ambiguous sends are added by the send ledger in the statement
//! that records them; sent messages and events by `events::record` in the transaction that
//! stores them (so an event stored once is counted once; messages become `sent` events within a
//! second, see `events::sent`, which keeps the ledger's hot statement off the counter rows). Unique counts (opened, clicked, replied, ...) take only the first such event
//! of a message, remembered in the send's `seen` bits.

pub mod alerts;
pub mod series;

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, DurationRound, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::events::{Kind, NewEvent};

macro_rules! counters {
    ($($(#[doc = $doc:literal])* $field:ident,)*) => {
        /// Counts over a period. `sent`, `refused`, `failed` and `ambiguous` are send outcomes;
        /// the others count events.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
        pub struct Counters {
            $($(#[doc = $doc])* pub $field: i64,)*
        }

        impl Counters {
            /// The counter columns, in declaration order.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            pub fn add(&mut self, other: &Self) {
                $(self.$field += other.$field;)*
            }
        }
    };
}

counters! {
    /// Accepted by the receiving SMTP server.
    sent,
    /// Refused permanently (5xx) by the receiving server while sending; also counted in
    /// `bounced_hard` or `bounced_soft`.
    refused,
    /// Given up after temporary failures.
    failed,
    /// The connection was lost after DATA: the recipient may or may not have the message.
    ambiguous,
    /// Messages with a delivery report.
    delivered,
    /// Messages that bounced for a reason that will not go away (the address does not exist).
    bounced_hard,
    /// Messages that bounced for another reason (a full mailbox, a policy, a block list).
    bounced_soft,
    /// Messages opened by a person (the first open of each message).
    opened,
    /// Every open by a person, counting repeats.
    opens_total,
    /// Opens by image proxies and prefetchers.
    machine_opens,
    /// Messages with a link clicked by a person.
    clicked,
    /// Every click by a person, counting repeats.
    clicks_total,
    /// Clicks by link scanners.
    machine_clicks,
    /// Messages answered by a person.
    replied,
    /// Messages answered automatically (out of office and the like).
    auto_replied,
    /// Messages whose recipient unsubscribed.
    unsubscribed,
    /// Messages reported as spam.
    complained,
}

/// `coalesce(sum(prefix.field), 0)::bigint AS field, ...` for every counter.
pub(crate) fn sums(prefix: &str) -> String {
    Counters::FIELDS
        .iter()
        .map(|f| format!("coalesce(sum({prefix}{f}), 0)::bigint AS {f}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// [`sums`] without a table prefix, built once.
pub(crate) static SUMS: LazyLock<String> = LazyLock::new(|| sums(""));

impl Counters {
    /// Messages that bounced, at sending time or after.
    pub fn bounced(&self) -> i64 {
        self.bounced_hard + self.bounced_soft
    }

    /// Messages handed to a receiving server that answered: accepted or refused.
    pub fn attempted(&self) -> i64 {
        self.sent + self.refused
    }

    /// Accepted messages that did not bounce afterwards: the messages that reached a mailbox,
    /// as far as anyone can tell.
    pub fn reached(&self) -> i64 {
        (self.sent - (self.bounced() - self.refused)).max(0)
    }

    /// Sends that finished, whatever their outcome: the queue's throughput.
    pub fn finished(&self) -> i64 {
        self.sent + self.refused + self.failed + self.ambiguous
    }

    pub fn rates(&self) -> Rates {
        let ratio = |count: i64, over: i64| (over > 0).then(|| count as f64 / over as f64);
        let reached = self.reached();
        Rates {
            bounce_rate: ratio(self.bounced(), self.attempted()),
            open_rate: ratio(self.opened, reached),
            click_rate: ratio(self.clicked, reached),
            reply_rate: ratio(self.replied, reached),
            unsubscribe_rate: ratio(self.unsubscribed, reached),
            complaint_rate: ratio(self.complained, reached),
        }
    }
}

/// Rates between 0 and 1; null while their denominator is zero.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Rates {
    /// Bounced (hard and soft, at sending time or after) over attempted (sent + refused).
    pub bounce_rate: Option<f64>,
    /// Opened by a person over reached (sent minus messages that bounced after acceptance).
    pub open_rate: Option<f64>,
    /// Clicked by a person over reached.
    pub click_rate: Option<f64>,
    /// Replied over reached.
    pub reply_rate: Option<f64>,
    /// Unsubscribed over reached.
    pub unsubscribe_rate: Option<f64>,
    /// Complained over reached.
    pub complaint_rate: Option<f64>,
}

/// Counters with their rates.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Totals {
    #[serde(flatten)]
    pub counters: Counters,
    /// Bounced messages, hard and soft.
    pub bounced: i64,
    pub rates: Rates,
}

impl From<Counters> for Totals {
    fn from(counters: Counters) -> Self {
        Self {
            bounced: counters.bounced(),
            rates: counters.rates(),
            counters,
        }
    }
}

/// Counters of one day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Day {
    pub date: NaiveDate,
    #[serde(flatten)]
    pub totals: Totals,
}

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The longest range one request may ask for.
pub const MAX_DAYS: i64 = 366;

/// Days shown when no range is asked for, ending today.
pub const DEFAULT_DAYS: i64 = 30;

impl Days {
    /// The range asked for, with `today` (in the time zone of the series) filling what is
    /// missing: the last [`DEFAULT_DAYS`] days up to `to`.
    pub fn parse(from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> Result<Self> {
        let to = to.unwrap_or(today);
        let from = from.unwrap_or(to - chrono::Duration::days(DEFAULT_DAYS - 1));
        if from > to {
            return Err(Error::invalid("from", "must not be after `to`"));
        }
        if (to - from).num_days() >= MAX_DAYS {
            return Err(Error::invalid(
                "from",
                format!("a range covers at most {MAX_DAYS} days"),
            ));
        }
        Ok(Self { from, to })
    }

    /// Every day of the range, each with its counters (zero where nothing happened).
    pub(crate) fn fill(&self, rows: Vec<(NaiveDate, Counters)>) -> Vec<Day> {
        let mut rows: HashMap<NaiveDate, Counters> = rows.into_iter().collect();
        self.from
            .iter_days()
            .take_while(|day| *day <= self.to)
            .map(|date| Day {
                date,
                totals: rows.remove(&date).unwrap_or_default().into(),
            })
            .collect()
    }
}

/// The bit of `sends.seen` that marks a message's first event of a kind, for the kinds that
/// are counted.
fn seen_bit(kind: Kind) -> Option<i16> {
    Some(match kind {
        Kind::Delivered => 1,
        Kind::Opened => 2,
        Kind::Clicked => 4,
        Kind::Replied => 8,
        Kind::AutoReplied => 16,
        Kind::Bounced => 32,
        Kind::Complained => 64,
        Kind::Unsubscribed => 128,
        // Sent messages count once per event, not per message; a delay is not an outcome.
        Kind::Sent | Kind::Deferred => return None,
    })
}

/// The counters one event adds to, given whether it is its message's first of its kind.
fn columns(event: &NewEvent, first: bool) -> Vec<&'static str> {
    let mut columns = Vec::with_capacity(2);
    match event.kind {
        Kind::Opened if event.machine => columns.push("machine_opens"),
        Kind::Clicked if event.machine => columns.push("machine_clicks"),
        Kind::Opened => columns.push("opens_total"),
        Kind::Clicked => columns.push("clicks_total"),
        _ => {}
    }
    if first {
        columns.push(match event.kind {
            Kind::Delivered => "delivered",
            Kind::Bounced if event.details["hard"] == serde_json::Value::Bool(true) => {
                "bounced_hard"
            }
            Kind::Bounced => "bounced_soft",
            Kind::Opened => "opened",
            Kind::Clicked => "clicked",
            Kind::Replied => "replied",
            Kind::AutoReplied => "auto_replied",
            Kind::Complained => "complained",
            Kind::Unsubscribed => "unsubscribed",
            Kind::Sent | Kind::Deferred => return columns,
        });
    }
    columns
}

/// Adds newly stored events to the counters, in the transaction that stored them.
pub(crate) async fn count_events(
    tx: &mut Transaction<'_, Postgres>,
    events: &[&NewEvent],
) -> Result<()> {
    let mut tally = Tally::default();
    // Each `sent` event is a message accepted by SMTP: counted as it is stored, once.
    for event in events.iter().filter(|e| e.kind == Kind::Sent) {
        tally.add(event, "sent");
    }
    let mut counted: Vec<&NewEvent> = events
        .iter()
        .copied()
        .filter(|e| seen_bit(e.kind).is_some())
        .collect();
    counted.sort_by_key(|e| (e.occurred_at, e.id));
    let mut ids: Vec<Uuid> = counted.iter().map(|e| e.send_id).collect();
    ids.sort_unstable();
    ids.dedup();
    // Locked in id order, so that two batches touching the same messages wait, not deadlock.
    let seen: Vec<(Uuid, i16)> = if ids.is_empty() {
        Vec::new()
    } else {
        sqlx::query_as(
            "SELECT id, seen FROM sends WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE",
        )
        .bind(&ids)
        .fetch_all(&mut **tx)
        .await?
    };
    let before: HashMap<Uuid, i16> = seen.into_iter().collect();
    let mut seen = before.clone();

    for event in counted {
        let (Some(bits), Some(bit)) = (seen.get_mut(&event.send_id), seen_bit(event.kind)) else {
            continue;
        };
        let machine = event.machine && matches!(event.kind, Kind::Opened | Kind::Clicked);
        let first = !machine && *bits & bit == 0;
        if first {
            *bits |= bit;
        }
        for column in columns(event, first) {
            tally.add(event, column);
        }
    }
    let changed: Vec<(Uuid, i16)> = seen
        .into_iter()
        .filter(|(id, bits)| before.get(id) != Some(bits))
        .collect();
    if !changed.is_empty() {
        sqlx::query(
            "UPDATE sends s SET seen = u.seen FROM unnest($1::uuid[], $2::int2[]) AS u(id, seen) \
             WHERE s.id = u.id",
        )
        .bind(changed.iter().map(|(id, _)| *id).collect::<Vec<_>>())
        .bind(changed.iter().map(|(_, bits)| *bits).collect::<Vec<_>>())
        .execute(&mut **tx)
        .await?;
    }
    if tally.0.is_empty() {
        return Ok(());
    }
    add_events(tx, tally).await
}

/// Counts to add, by message, hour and counter: a message opened many times in an hour is one
/// row for the counter statement, which looks each message up once.
#[derive(Default)]
struct Tally(std::collections::BTreeMap<(Uuid, DateTime<Utc>, &'static str), i32>);

impl Tally {
    fn add(&mut self, event: &NewEvent, column: &'static str) {
        let hour = event
            .occurred_at
            .duration_trunc(chrono::TimeDelta::hours(1))
            .unwrap_or(event.occurred_at);
        *self.0.entry((event.send_id, hour, column)).or_default() += 1;
    }
}

/// The event counters, in the order `add_events` binds them.
const EVENT_COLUMNS: &[&str] = &[
    "sent",
    "delivered",
    "bounced_hard",
    "bounced_soft",
    "opened",
    "opens_total",
    "machine_opens",
    "clicked",
    "clicks_total",
    "machine_clicks",
    "replied",
    "auto_replied",
    "unsubscribed",
    "complained",
];

static ADD_EVENTS: LazyLock<String> = LazyLock::new(|| {
    let columns = EVENT_COLUMNS.join(", ");
    let counts = EVENT_COLUMNS
        .iter()
        .map(|c| format!("coalesce(sum(u.n) FILTER (WHERE u.what = '{c}'), 0)"))
        .collect::<Vec<_>>()
        .join(", ");
    let set = EVENT_COLUMNS
        .iter()
        .map(|c| format!("{c} = a.{c} + EXCLUDED.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "INSERT INTO analytics_counters AS a (campaign_id, hour, step, variant, mailbox_id, \
         provider, tenant_id, workspace_id, {columns}) \
         SELECT s.campaign_id, date_trunc('hour', u.at, 'UTC'), s.step, s.variant, s.mailbox_id, \
         analytics_provider(l.domain), s.tenant_id, c.workspace_id, {counts} \
         FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::int4[]) \
             AS u(send_id, at, what, n) \
         JOIN sends s ON s.id = u.send_id JOIN campaigns c ON c.id = s.campaign_id \
         LEFT JOIN leads l ON l.id = s.lead_id \
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6 \
         ON CONFLICT (campaign_id, hour, step, variant, mailbox_id, provider) DO UPDATE SET {set}"
    )
});

async fn add_events(tx: &mut Transaction<'_, Postgres>, tally: Tally) -> Result<()> {
    let rows = tally.0.len();
    let (mut send_ids, mut hours, mut what, mut counts) = (
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
    );
    for ((send_id, hour, column), count) in tally.0 {
        send_ids.push(send_id);
        hours.push(hour);
        what.push(column);
        counts.push(count);
    }
    sqlx::query(sqlx::AssertSqlSafe(ADD_EVENTS.as_str()))
        .bind(send_ids)
        .bind(hours)
        .bind(what)
        .bind(counts)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Counts sends whose outcome became ambiguous outside the ledger (a claim that outlived its
/// worker), in the hour of the repair.
pub(crate) async fn count_ambiguous(
    tx: &mut Transaction<'_, Postgres>,
    send_ids: &[Uuid],
) -> Result<()> {
    if send_ids.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO analytics_counters AS a (campaign_id, hour, step, variant, mailbox_id, \
         provider, tenant_id, workspace_id, ambiguous) \
         SELECT s.campaign_id, date_trunc('hour', now(), 'UTC'), s.step, s.variant, \
         s.mailbox_id, analytics_provider(l.domain), s.tenant_id, c.workspace_id, count(*) \
         FROM sends s JOIN campaigns c ON c.id = s.campaign_id \
         LEFT JOIN leads l ON l.id = s.lead_id WHERE s.id = ANY($1) \
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6 \
         ON CONFLICT (campaign_id, hour, step, variant, mailbox_id, provider) \
         DO UPDATE SET ambiguous = a.ambiguous + EXCLUDED.ambiguous",
    )
    .bind(send_ids)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counters(sent: i64, refused: i64, hard: i64, soft: i64, complained: i64) -> Counters {
        Counters {
            sent,
            refused,
            bounced_hard: hard,
            bounced_soft: soft,
            complained,
            ..Counters::default()
        }
    }

    #[test]
    fn rates_are_over_attempted_and_reached_messages() {
        // 90 accepted, 10 refused at sending time; 5 more bounced afterwards.
        let rates = counters(90, 10, 12, 3, 1).rates();
        assert_eq!(rates.bounce_rate, Some(0.15));
        assert_eq!(rates.complaint_rate, Some(1.0 / 85.0));
        assert_eq!(Counters::default().rates(), Rates::default());
    }

    #[test]
    fn a_range_defaults_to_the_last_thirty_days_and_is_bounded() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let days = Days::parse(None, None, today).unwrap();
        assert_eq!(days.from, NaiveDate::from_ymd_opt(2026, 11, 5).unwrap());
        assert_eq!(days.fill(Vec::new()).len(), 30);
        assert!(Days::parse(Some(today), Some(today - chrono::Duration::days(1)), today).is_err());
        assert!(Days::parse(Some(today - chrono::Duration::days(400)), None, today).is_err());
    }

    #[test]
    fn machine_activity_never_counts_as_unique() {
        let mut open = NewEvent::now(Kind::Opened, Uuid::nil(), serde_json::json!({}));
        assert_eq!(columns(&open, true), ["opens_total", "opened"]);
        open.machine = true;
        assert_eq!(columns(&open, false), ["machine_opens"]);
        let bounce = NewEvent::now(
            Kind::Bounced,
            Uuid::nil(),
            serde_json::json!({"hard": true}),
        );
        assert_eq!(columns(&bounce, true), ["bounced_hard"]);
        assert!(columns(&bounce, false).is_empty());
    }
}
