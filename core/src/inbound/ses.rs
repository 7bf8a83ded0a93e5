//! Amazon SES notifications delivered by e-mail (through an SNS topic): a JSON document in the
//! body, either bare or inside the SNS envelope's `Message`, with `notificationType` (or
//! `eventType`) Bounce, Complaint or Delivery.

use serde_json::Value;

use super::feedback::{Complaint, ComplaintFormat, FeedbackReport, FeedbackType};
use super::mime::Mail;
use super::reason::{Evidence, Reason, diagnose};
use super::status::{Status, find_reply};
use super::{Action, Bounce, BouncedRecipient, MAX_RECIPIENTS, Verdict, dedupe};

/// A parsed SES notification.
#[derive(Debug)]
pub(crate) struct Notification {
    kind: String,
    body: Value,
}

impl Notification {
    /// The SES notification in the body of `mail`, if the body is one.
    pub fn find(mail: &Mail) -> Option<Self> {
        let text = mail.notice.trim_start();
        if !text.starts_with('{') {
            return None;
        }
        // Line breaks are never needed inside JSON, and mail transport inserts them into long
        // string values; without them the document parses.
        let joined: String = text.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
        let mut stream = serde_json::Deserializer::from_str(&joined).into_iter::<Value>();
        let mut body = stream.next()?.ok()?;
        if let Some(inner) = body.get("Message").and_then(Value::as_str) {
            body = serde_json::from_str(inner).ok()?;
        }
        let kind = body
            .get("notificationType")
            .or_else(|| body.get("eventType"))
            .and_then(Value::as_str)?
            .to_owned();
        Some(Notification { kind, body })
    }

    /// Whether it is a Delivery notification: the message arrived.
    pub fn is_delivery(&self) -> bool {
        self.kind == "Delivery"
    }

    pub fn verdict(&self) -> Verdict {
        match self.kind.as_str() {
            "Bounce" => self.bounce(),
            "Complaint" => self.complaint(),
            _ => Verdict::Other,
        }
    }

    /// The Message-ID values of the original message that the notification quotes.
    pub fn message_ids(&self) -> Vec<String> {
        let mail = &self.body["mail"];
        let mut ids: Vec<String> = self
            .header_values("Message-ID")
            .into_iter()
            .chain(
                mail["commonHeaders"]["messageId"]
                    .as_str()
                    .map(str::to_owned),
            )
            .collect();
        if ids.is_empty() {
            ids.extend(mail["messageId"].as_str().map(str::to_owned));
        }
        ids
    }

    /// The values of the original message's header `name`, as the notification quotes them.
    pub fn header_values(&self, name: &str) -> Vec<String> {
        let headers = self.body["mail"]["headers"].as_array();
        headers
            .into_iter()
            .flatten()
            .filter(|h| {
                h["name"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .filter_map(|h| h["value"].as_str().map(str::to_owned))
            .collect()
    }

    fn bounce(&self) -> Verdict {
        let bounce = &self.body["bounce"];
        let action = match bounce["bounceType"].as_str() {
            Some("Permanent") => Action::Failed,
            _ => Action::Delayed,
        };
        let fallback = match bounce["bounceSubType"].as_str() {
            Some("NoEmail") => Some(Reason::UserUnknown),
            Some("MailboxFull") => Some(Reason::MailboxFull),
            Some("MessageTooLarge") => Some(Reason::MesgTooBig),
            Some("ContentRejected") => Some(Reason::ContentError),
            Some("AttachmentRejected") => Some(Reason::PolicyViolation),
            _ => None,
        };
        let recipients = bounce["bouncedRecipients"]
            .as_array()
            .into_iter()
            .flatten()
            .take(MAX_RECIPIENTS);
        let recipients: Vec<BouncedRecipient> = recipients
            .filter_map(|r| {
                let address = r["emailAddress"].as_str()?.trim().to_owned();
                let diagnostic = r["diagnosticCode"].as_str().unwrap_or_default();
                let text = diagnostic
                    .split_once(';')
                    .map_or(diagnostic, |(_, t)| t)
                    .trim();
                let found = find_reply(text);
                let status = found
                    .and_then(|f| f.status)
                    .or_else(|| r["status"].as_str().and_then(|s| s.parse::<Status>().ok()));
                let reply_code = found.and_then(|f| f.code);
                let diagnosis = diagnose(&Evidence {
                    reply_code,
                    status,
                    texts: &[text],
                    fallback,
                    ..Evidence::new(action)
                });
                let mut recipient = BouncedRecipient::new(address, action, reply_code, diagnosis);
                recipient.diagnostic = Some(text.to_owned()).filter(|t| !t.is_empty());
                recipient.remote_mta = bounce["remoteMtaIp"].as_str().map(str::to_owned);
                Some(recipient)
            })
            .collect();
        if recipients.is_empty() {
            return Verdict::Other;
        }
        Verdict::Bounce(Bounce {
            recipients: dedupe(recipients),
        })
    }

    fn complaint(&self) -> Verdict {
        let complaint = &self.body["complaint"];
        let feedback_type = complaint["complaintFeedbackType"]
            .as_str()
            .map_or(FeedbackType::Abuse, FeedbackType::parse);
        let user_agent = complaint["userAgent"].as_str().map(str::to_owned);
        let mut reports: Vec<FeedbackReport> = complaint["complainedRecipients"]
            .as_array()
            .into_iter()
            .flatten()
            .take(MAX_RECIPIENTS)
            .map(|r| FeedbackReport {
                feedback_type,
                recipient: r["emailAddress"].as_str().map(str::to_owned),
                user_agent: user_agent.clone(),
                source_ip: None,
            })
            .collect();
        if reports.is_empty() {
            reports.push(FeedbackReport {
                feedback_type,
                recipient: None,
                user_agent,
                source_ip: None,
            });
        }
        match Complaint::new(reports, ComplaintFormat::AmazonSes) {
            Some(complaint) => Verdict::Complaint(complaint),
            None => Verdict::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notification(json: &str) -> Notification {
        let raw = format!(
            "From: no-reply@sns.example\nSubject: AWS Notification\n\n{json}\n--\nfooter\n"
        );
        Notification::find(&Mail::parse(raw.as_bytes())).unwrap()
    }

    #[test]
    fn a_permanent_bounce_notification_is_a_hard_bounce() {
        let n = notification(
            r#"{"notificationType":"Bounce",
            "bounce":{"bounceType":"Permanent","bounceSubType":"General",
              "bouncedRecipients":[{"emailAddress":"gone@rcpt.example","action":"failed",
                "status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}]},
            "mail":{"messageId":"ses-1",
              "headers":[{"name":"X-Penguin-Send","value":"s-9"}]}}"#,
        );
        let Verdict::Bounce(bounce) = n.verdict() else {
            panic!("not a bounce");
        };
        assert_eq!(bounce.recipients[0].reason, Reason::UserUnknown);
        assert!(bounce.recipients[0].hard);
        assert_eq!(n.header_values("x-penguin-send"), ["s-9"]);
        assert_eq!(n.message_ids(), ["ses-1"]);
    }

    #[test]
    fn a_complaint_notification_inside_an_sns_envelope_is_read() {
        let inner = serde_json::json!({
            "notificationType": "Complaint",
            "complaint": {
                "complainedRecipients": [{"emailAddress": "a@rcpt.example"}],
                "complaintFeedbackType": "abuse",
            },
            "mail": {},
        });
        let envelope = serde_json::json!({"Type": "Notification", "Message": inner.to_string()});
        let n = notification(&envelope.to_string());
        let Verdict::Complaint(complaint) = n.verdict() else {
            panic!("not a complaint");
        };
        assert_eq!(complaint.feedback_type, FeedbackType::Abuse);
        assert_eq!(
            complaint.reports[0].recipient.as_deref(),
            Some("a@rcpt.example")
        );
    }
}
