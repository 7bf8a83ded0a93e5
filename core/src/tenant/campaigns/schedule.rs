//! When a campaign may send: a time zone, the sending days, a daily window, and optional start
//! and end dates.

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone as _, Timelike, Utc, Weekday,
};
use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::types::TimeZone;

/// The schedule as written in the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInput {
    #[schema(example = "Europe/Berlin")]
    pub timezone: String,
    /// Sending days: `mon` ... `sun`.
    #[schema(example = json!(["mon", "tue", "wed", "thu", "fri"]))]
    pub days: Vec<String>,
    /// Start of the daily window, `HH:MM` local time.
    #[schema(example = "09:00")]
    pub start: String,
    /// End of the daily window, `HH:MM`; `24:00` means until midnight.
    #[schema(example = "17:00")]
    pub end: String,
    /// First day to send (local date), if any.
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    /// Last day to send (local date), if any.
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
}

impl Default for ScheduleInput {
    /// Always open.
    fn default() -> Self {
        Self {
            timezone: "UTC".into(),
            days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                .map(String::from)
                .to_vec(),
            start: "00:00".into(),
            end: "24:00".into(),
            start_date: None,
            end_date: None,
        }
    }
}

/// A checked schedule.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub timezone: TimeZone,
    days: [bool; 7],
    /// Minutes after local midnight, `start < end <= 1440`.
    start: u32,
    end: u32,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
}

fn minutes(field: &str, value: &str) -> Result<u32, FieldError> {
    let invalid = || FieldError::new(field, format!("'{value}' is not a time like 09:00"));
    let (h, m) = value.trim().split_once(':').ok_or_else(invalid)?;
    let (h, m): (u32, u32) = (
        h.parse().map_err(|_| invalid())?,
        m.parse().map_err(|_| invalid())?,
    );
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return Err(invalid());
    }
    Ok(h * 60 + m)
}

impl Schedule {
    pub fn parse(prefix: &str, input: &ScheduleInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let field = |name: &str| format!("{prefix}.{name}");
        let timezone = TimeZone::parse(&field("timezone"), &input.timezone)
            .map_err(|e| errors.push(e))
            .ok();
        let mut days = [false; 7];
        for day in &input.days {
            let index = match day.to_ascii_lowercase().as_str() {
                "mon" | "monday" => 0,
                "tue" | "tuesday" => 1,
                "wed" | "wednesday" => 2,
                "thu" | "thursday" => 3,
                "fri" | "friday" => 4,
                "sat" | "saturday" => 5,
                "sun" | "sunday" => 6,
                _ => {
                    errors.push(FieldError::new(
                        field("days"),
                        format!("'{day}' is not a day (mon ... sun)"),
                    ));
                    continue;
                }
            };
            days[index] = true;
        }
        if !days.iter().any(|d| *d) {
            errors.push(FieldError::new(
                field("days"),
                "name at least one sending day",
            ));
        }
        let start = minutes(&field("start"), &input.start)
            .map_err(|e| errors.push(e))
            .ok();
        let end = minutes(&field("end"), &input.end)
            .map_err(|e| errors.push(e))
            .ok();
        if let (Some(s), Some(e)) = (start, end)
            && s >= e
        {
            errors.push(FieldError::new(
                field("end"),
                "must be after start (use 24:00 for midnight)",
            ));
        }
        if let (Some(s), Some(e)) = (input.start_date, input.end_date)
            && e < s
        {
            errors.push(FieldError::new(
                field("end_date"),
                "must not be before start_date",
            ));
        }
        match (timezone, start, end, errors.is_empty()) {
            (Some(timezone), Some(start), Some(end), true) => Ok(Self {
                timezone,
                days,
                start,
                end,
                start_date: input.start_date,
                end_date: input.end_date,
            }),
            _ => Err(errors),
        }
    }

    /// The first moment at or after `now` inside the schedule, or `None` when it has ended.
    pub fn next_open(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let tz = self.timezone.tz();
        let local = now.with_timezone(&tz);
        let today = local.date_naive();
        let minute_now = local.time().num_seconds_from_midnight() / 60;
        for offset in 0..15 {
            let date = today + Duration::days(offset);
            if self.end_date.is_some_and(|end| date > end) {
                return None;
            }
            if self.start_date.is_some_and(|start| date < start)
                || !self.days[weekday_index(date.weekday())]
            {
                continue;
            }
            if offset == 0 && minute_now >= self.start && minute_now < self.end {
                return Some(now);
            }
            if offset == 0 && minute_now >= self.end {
                continue;
            }
            let start = NaiveTime::from_num_seconds_from_midnight_opt(self.start * 60, 0)?;
            // A start that falls into a daylight-saving gap opens at the first valid moment.
            let opens = tz
                .from_local_datetime(&date.and_time(start))
                .earliest()
                .unwrap_or_else(|| {
                    tz.from_utc_datetime(&(date.and_time(start) + Duration::hours(1)))
                });
            return Some(opens.with_timezone(&Utc).max(now));
        }
        None
    }

    /// Whether `now` is inside the schedule.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.next_open(now) == Some(now)
    }

    /// The start of the local day containing `now`, for daily limits in the campaign's zone.
    pub fn day_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let tz = self.timezone.tz();
        let midnight = now.with_timezone(&tz).date_naive().and_time(NaiveTime::MIN);
        tz.from_local_datetime(&midnight)
            .earliest()
            .map_or(now, |t| t.with_timezone(&Utc))
    }

    /// The start of the next local day.
    pub fn next_day_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let next = self.day_start(now) + Duration::hours(25);
        self.day_start(next)
    }
}

fn weekday_index(day: Weekday) -> usize {
    day.num_days_from_monday() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(days: &[&str], start: &str, end: &str) -> Schedule {
        let input = ScheduleInput {
            timezone: "Europe/Berlin".into(),
            days: days.iter().map(|d| (*d).to_owned()).collect(),
            start: start.into(),
            end: end.into(),
            start_date: None,
            end_date: None,
        };
        Schedule::parse("schedule", &input).unwrap()
    }

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn windows_open_in_the_campaign_time_zone() {
        let weekdays = schedule(&["mon", "tue", "wed", "thu", "fri"], "09:00", "17:00");
        // Friday 2026-12-04 10:00 UTC is 11:00 in Berlin: open.
        assert!(weekdays.is_open(utc("2026-12-04T10:00:00Z")));
        // 16:30 UTC is 17:30 in Berlin: closed until Monday 09:00 Berlin (08:00 UTC).
        assert_eq!(
            weekdays.next_open(utc("2026-12-04T16:30:00Z")),
            Some(utc("2026-12-07T08:00:00Z"))
        );
        // Early Friday morning: opens at 09:00 local the same day.
        assert_eq!(
            weekdays.next_open(utc("2026-12-04T05:00:00Z")),
            Some(utc("2026-12-04T08:00:00Z"))
        );
    }

    #[test]
    fn all_days_all_hours_is_always_open() {
        let always = Schedule::parse("s", &ScheduleInput::default()).unwrap();
        for t in [
            "2026-12-05T00:00:00Z",
            "2026-12-06T23:59:59Z",
            "2026-03-29T02:30:00Z",
        ] {
            assert!(always.is_open(utc(t)), "{t}");
        }
    }

    #[test]
    fn invalid_schedules_name_their_fields() {
        let input = ScheduleInput {
            timezone: "Nowhere/Land".into(),
            days: vec!["funday".into()],
            start: "18:00".into(),
            end: "25:00".into(),
            start_date: None,
            end_date: None,
        };
        let errors = Schedule::parse("schedule", &input).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "schedule.timezone",
                "schedule.days",
                "schedule.days",
                "schedule.end"
            ]
        );
    }

    #[test]
    fn end_dates_close_the_schedule() {
        let input = ScheduleInput {
            end_date: Some(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
            ..ScheduleInput::default()
        };
        let ended = Schedule::parse("s", &input).unwrap();
        assert_eq!(ended.next_open(utc("2026-12-04T10:00:00Z")), None);
    }

    #[test]
    fn days_start_at_local_midnight() {
        let s = schedule(&["mon"], "09:00", "17:00");
        assert_eq!(
            s.day_start(utc("2026-12-04T10:00:00Z")),
            utc("2026-12-03T23:00:00Z")
        );
        assert_eq!(
            s.next_day_start(utc("2026-12-04T10:00:00Z")),
            utc("2026-12-04T23:00:00Z")
        );
    }
}
