//! The retry schedule of webhook deliveries: the waits between attempts, such as
//! `5s,5m,30m,2h,5h,10h` (seven attempts over about 18 hours). A delivery whose last attempt
//! failed is dead-lettered (`failed`) and waits for a replay.

use std::time::Duration;

use rand::Rng;

use crate::config::{DurationError, duration};

/// The default: seven attempts over about 18 hours.
pub const DEFAULT: &str = "5s,5m,30m,2h,5h,10h";

/// The waits between attempts, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetrySchedule {
    waits: Vec<Duration>,
}

impl Default for RetrySchedule {
    fn default() -> Self {
        Self::parse(DEFAULT).expect("the default schedule parses")
    }
}

impl RetrySchedule {
    /// Reads a comma-separated list of durations (`1s`, `5m`, `2h`, `1d`...). An empty list
    /// means a single attempt.
    pub fn parse(text: &str) -> Result<Self, DurationError> {
        let waits = text
            .split(',')
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(duration)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { waits })
    }

    /// Attempts in all, the first included.
    pub fn attempts(&self) -> i32 {
        i32::try_from(self.waits.len()).unwrap_or(i32::MAX - 1) + 1
    }

    /// The wait after `attempts` failed attempts, or `None` when that was the last. Jitter adds
    /// up to a tenth, so that deliveries that failed together do not all come back together;
    /// a retry never comes earlier than the schedule says.
    pub fn wait_after(&self, attempts: i32) -> Option<Duration> {
        let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
        let wait = *self.waits.get(index)?;
        let jitter = rand::rng().random_range(0.0..=0.1);
        Some(wait + wait.mul_f64(jitter))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_waits_and_counts_attempts() {
        let schedule = RetrySchedule::default();
        assert_eq!(schedule.attempts(), 7);
        let first = schedule.wait_after(1).unwrap();
        assert!(first >= Duration::from_secs(5) && first <= Duration::from_millis(5500));
        let last = schedule.wait_after(6).unwrap();
        assert!(last >= Duration::from_secs(36_000) && last <= Duration::from_secs(39_600));
        assert_eq!(schedule.wait_after(7), None, "seven attempts, then dead");
        assert_eq!(schedule.wait_after(0), None);

        let fast = RetrySchedule::parse(" 1s, 500ms ,2m").unwrap();
        assert_eq!(fast.attempts(), 4);
        assert!(fast.wait_after(2).unwrap() >= Duration::from_millis(500));
        assert_eq!(RetrySchedule::parse("").unwrap().attempts(), 1);
    }

    #[test]
    fn refuses_what_is_not_a_duration() {
        for bad in ["5x", "1s,,fast", "0s", "-1m"] {
            assert!(RetrySchedule::parse(bad).is_err(), "{bad}");
        }
    }
}
