//! Complaints: feedback-loop reports that a recipient marked our message as spam, asked to be
//! removed, or that it failed authentication. Read from RFC 5965 feedback reports (ARF), from
//! Hotmail's JMRP reports (the complained-of message attached, the complainant in
//! `X-HmXmrOriginalRecipient`), and from Apple Mail's unsubscribe requests. Amazon SES complaint
//! notifications are read in `ses`.

use serde::{Deserialize, Serialize};

use super::address;
use super::fields::{self, Field};
use super::mime::Mail;

/// A complaint about one of our messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    /// The feedback type of the first report.
    pub feedback_type: FeedbackType,
    /// One report per complaining recipient (a multi-recipient ARF report names several), in
    /// order; never empty.
    pub reports: Vec<FeedbackReport>,
    pub format: ComplaintFormat,
}

impl Complaint {
    /// A complaint from its reports; `None` when there are none.
    pub(crate) fn new(reports: Vec<FeedbackReport>, format: ComplaintFormat) -> Option<Self> {
        Some(Complaint {
            feedback_type: reports.first()?.feedback_type,
            reports,
            format,
        })
    }
}

/// One reported recipient of a complaint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackReport {
    pub feedback_type: FeedbackType,
    /// The complaining recipient (ARF Original-Rcpt-To or Removal-Recipient), when the report
    /// names it; some providers redact or hash it.
    pub recipient: Option<String>,
    /// The software that generated the report (ARF User-Agent).
    pub user_agent: Option<String>,
    /// The IP address the reported message came from (ARF Source-IP).
    pub source_ip: Option<String>,
}

/// The ARF feedback type (RFC 5965, 6591, 6650, and the opt-out of the ARF drafts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FeedbackType {
    /// The recipient marked the message as spam.
    #[serde(rename = "abuse")]
    Abuse,
    /// The message failed SPF, DKIM or DMARC (a forensic report).
    #[serde(rename = "auth-failure")]
    AuthFailure,
    #[serde(rename = "fraud")]
    Fraud,
    /// The recipient said the message is not spam.
    #[serde(rename = "not-spam")]
    NotSpam,
    /// The recipient asked to receive no more mail.
    #[serde(rename = "opt-out")]
    OptOut,
    #[serde(rename = "virus")]
    Virus,
    /// Any other or unknown type.
    #[serde(rename = "other")]
    Other,
}

impl FeedbackType {
    /// Reads a Feedback-Type value; an unknown one is `Other`.
    pub fn parse(value: &str) -> Self {
        let token = value
            .trim()
            .split([';', ' ', '('])
            .next()
            .unwrap_or_default();
        match token.trim().to_ascii_lowercase().as_str() {
            "abuse" | "complaint" => FeedbackType::Abuse,
            "auth-failure" => FeedbackType::AuthFailure,
            "fraud" => FeedbackType::Fraud,
            "not-spam" => FeedbackType::NotSpam,
            "opt-out" | "opt-out-list" | "unsubscribe" => FeedbackType::OptOut,
            "virus" => FeedbackType::Virus,
            _ => FeedbackType::Other,
        }
    }
}

/// Where a complaint came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintFormat {
    /// An RFC 5965 feedback report.
    Arf,
    /// A Hotmail / Outlook.com JMRP report.
    Jmrp,
    /// An Amazon SES complaint notification.
    AmazonSes,
    /// An unsubscribe request a mail client sent on the recipient's behalf.
    UnsubscribeRequest,
}

/// The complaint in `mail`, if it is one.
pub(crate) fn complaint(mail: &Mail) -> Option<Complaint> {
    arf(mail)
        .or_else(|| jmrp(mail))
        .or_else(|| unsubscribe_request(mail))
}

fn arf(mail: &Mail) -> Option<Complaint> {
    let reports: Vec<FeedbackReport> = mail
        .feedback_reports
        .iter()
        .flat_map(|body| {
            let fields: Vec<Field> = fields::groups(body).into_iter().flatten().collect();
            arf_reports(&fields)
        })
        .collect();
    if !reports.is_empty() {
        return Complaint::new(reports, ComplaintFormat::Arf);
    }
    // A report whose feedback part did not survive MIME parsing still says what it is.
    let declared = mail.report_type.as_deref() == Some("feedback-report");
    declared.then(|| {
        let report = FeedbackReport {
            feedback_type: FeedbackType::Abuse,
            recipient: None,
            user_agent: None,
            source_ip: None,
        };
        Complaint::new(vec![report], ComplaintFormat::Arf)
    })?
}

/// One report per Original-Rcpt-To (or Removal-Recipient) of an ARF feedback part; one report
/// without a recipient when it names none.
fn arf_reports(fields: &[Field]) -> Vec<FeedbackReport> {
    let Some(feedback_type) = fields::get(fields, "Feedback-Type").map(FeedbackType::parse) else {
        return Vec::new();
    };
    let user_agent = fields::get(fields, "User-Agent").map(str::to_owned);
    let source_ip = fields::get(fields, "Source-IP").map(str::to_owned);
    let mut recipients: Vec<Option<String>> = fields::all(fields, "Original-Rcpt-To")
        .chain(fields::all(fields, "Removal-Recipient"))
        .map(|value| Some(recipient_value(value)))
        .collect();
    if recipients.is_empty() {
        recipients.push(None);
    }
    recipients
        .into_iter()
        .map(|recipient| FeedbackReport {
            feedback_type,
            recipient,
            user_agent: user_agent.clone(),
            source_ip: source_ip.clone(),
        })
        .collect()
}

/// An address field's address, or the value as written when it holds none (a hashed id).
fn recipient_value(value: &str) -> String {
    address::first(value).unwrap_or_else(|| value.trim().to_owned())
}

fn jmrp(mail: &Mail) -> Option<Complaint> {
    let reports: Vec<FeedbackReport> = mail
        .returned
        .iter()
        .filter_map(|header| fields::get(header, "X-HmXmrOriginalRecipient"))
        .map(|value| FeedbackReport {
            feedback_type: FeedbackType::Abuse,
            recipient: Some(recipient_value(value)),
            user_agent: None,
            source_ip: None,
        })
        .collect();
    Complaint::new(reports, ComplaintFormat::Jmrp)
}

/// Apple Mail's "Unsubscribe" sends a message to the List-Unsubscribe mailto address marked
/// with `X-Apple-Unsubscribe: true`; it is the recipient opting out.
fn unsubscribe_request(mail: &Mail) -> Option<Complaint> {
    let requested = mail
        .header("X-Apple-Unsubscribe")
        .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"));
    if !requested {
        return None;
    }
    let report = FeedbackReport {
        feedback_type: FeedbackType::OptOut,
        recipient: mail.from.iter().find_map(|(address, _)| address.clone()),
        user_agent: None,
        source_ip: None,
    };
    Complaint::new(vec![report], ComplaintFormat::UnsubscribeRequest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_types_read_as_the_arf_registry_names_them() {
        assert_eq!(FeedbackType::parse("abuse"), FeedbackType::Abuse);
        assert_eq!(
            FeedbackType::parse(" Auth-Failure "),
            FeedbackType::AuthFailure
        );
        assert_eq!(FeedbackType::parse("opt-out"), FeedbackType::OptOut);
        assert_eq!(FeedbackType::parse("something-new"), FeedbackType::Other);
        let json = serde_json::to_string(&[FeedbackType::OptOut, FeedbackType::AuthFailure]);
        assert_eq!(json.unwrap(), r#"["opt-out","auth-failure"]"#);
    }

    #[test]
    fn a_multi_recipient_report_yields_one_report_per_recipient() {
        let raw = "From: fbl@isp.example\nSubject: Abuse Report\n\
            Content-Type: multipart/report; report-type=feedback-report; boundary=\"b\"\n\n\
            --b\nContent-Type: text/plain\n\nA complaint.\n\
            --b\nContent-Type: message/feedback-report\n\n\
            Feedback-Type: abuse\nUser-Agent: FBL/1.0\nVersion: 1\n\
            Original-Rcpt-To: <a@rcpt.example>\nOriginal-Rcpt-To: b@rcpt.example\n\
            --b\nContent-Type: message/rfc822\n\nMessage-ID: <1@sender.example>\n\nHi\n--b--\n";
        let complaint = complaint(&Mail::parse(raw.as_bytes())).unwrap();
        assert_eq!(complaint.feedback_type, FeedbackType::Abuse);
        assert_eq!(complaint.format, ComplaintFormat::Arf);
        let recipients: Vec<_> = complaint
            .reports
            .iter()
            .map(|r| r.recipient.clone())
            .collect();
        assert_eq!(
            recipients,
            [Some("a@rcpt.example".into()), Some("b@rcpt.example".into())]
        );
    }
}
