//! Building the messages a campaign sends: RFC 5322 headers, `multipart/alternative` bodies,
//! threading headers for follow-ups, and one-click unsubscribe (RFC 8058).

use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use uuid::Uuid;

/// Everything a message is made of.
#[derive(Debug, Clone)]
pub struct Draft {
    pub from_name: String,
    pub from_email: String,
    pub to_name: Option<String>,
    pub to_email: String,
    pub subject: String,
    pub html: Option<String>,
    pub text: String,
    /// Without angle brackets, e.g. `0190...@sender.example`.
    pub message_id: String,
    /// Earlier messages of the thread, oldest first, without angle brackets.
    pub thread: Vec<String>,
    pub unsubscribe_url: String,
}

/// The Message-ID of a send: unique, on the sender's domain, and carrying the send id so that
/// bounces and replies can be matched back to it.
pub fn message_id(send_id: Uuid, sender_email: &str) -> String {
    let domain = sender_email
        .rsplit_once('@')
        .map_or("localhost", |(_, d)| d);
    format!("{}@{domain}", send_id.simple())
}

/// Renders the message to the bytes sent after DATA.
pub fn build(draft: &Draft) -> Result<Vec<u8>, String> {
    let mailbox = |name: Option<&str>, email: &str| -> Result<Mailbox, String> {
        let address = email
            .parse()
            .map_err(|err| format!("invalid address {email}: {err}"))?;
        Ok(Mailbox::new(
            name.filter(|n| !n.is_empty()).map(str::to_owned),
            address,
        ))
    };
    let mut builder = Message::builder()
        .from(mailbox(Some(&draft.from_name), &draft.from_email)?)
        .to(mailbox(draft.to_name.as_deref(), &draft.to_email)?)
        .subject(draft.subject.clone())
        .date_now()
        .message_id(Some(format!("<{}>", draft.message_id)));
    if let Some(parent) = draft.thread.last() {
        builder = builder.in_reply_to(format!("<{parent}>"));
        let references = draft
            .thread
            .iter()
            .map(|id| format!("<{id}>"))
            .collect::<Vec<_>>();
        builder = builder.references(references.join(" "));
    }
    builder = builder
        .raw_header(raw(
            "List-Unsubscribe",
            format!("<{}>", draft.unsubscribe_url),
        )?)
        .raw_header(raw(
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".to_owned(),
        )?)
        // Names the send in bounces and complaints even where a relay rewrote the Message-ID.
        .raw_header(raw(
            crate::inbound::SEND_HEADER,
            draft
                .message_id
                .split_once('@')
                .map_or(draft.message_id.as_str(), |(local, _)| local)
                .to_owned(),
        )?);
    let text = SinglePart::plain(draft.text.clone());
    let message = match &draft.html {
        Some(html) => builder.multipart(
            MultiPart::alternative()
                .singlepart(text)
                .singlepart(SinglePart::html(html.clone())),
        ),
        None => builder.singlepart(text),
    }
    .map_err(|err| format!("cannot build the message: {err}"))?;
    Ok(message.formatted())
}

fn raw(name: &'static str, value: String) -> Result<HeaderValue, String> {
    let name = HeaderName::new_from_ascii_str(name);
    Ok(HeaderValue::new(name, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft {
            from_name: "Alex Sender".into(),
            from_email: "alex@sender.example".into(),
            to_name: Some("Bo".into()),
            to_email: "bo@lead.example".into(),
            subject: "Quick question".into(),
            html: Some("<p>Hi Bo</p>".into()),
            text: "Hi Bo".into(),
            message_id: message_id(Uuid::nil(), "alex@sender.example"),
            thread: vec![],
            unsubscribe_url: "https://mail.example/u/abc".into(),
        }
    }

    #[test]
    fn messages_carry_the_required_headers() {
        let bytes = build(&draft()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        for needle in [
            "From: \"Alex Sender\" <alex@sender.example>",
            "To: Bo <bo@lead.example>",
            "Subject: Quick question",
            "Message-ID: <00000000000000000000000000000000@sender.example>",
            "Date: ",
            "List-Unsubscribe: <https://mail.example/u/abc>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "multipart/alternative",
            "text/plain",
            "text/html",
        ] {
            assert!(text.contains(needle), "{needle} missing in\n{text}");
        }
        assert!(!text.contains("In-Reply-To"));
    }

    #[test]
    fn follow_ups_thread_under_earlier_messages() {
        let mut follow_up = draft();
        follow_up.subject = "Re: Quick question".into();
        follow_up.thread = vec!["a@sender.example".into(), "b@sender.example".into()];
        let text = String::from_utf8(build(&follow_up).unwrap()).unwrap();
        assert!(text.contains("In-Reply-To: <b@sender.example>"), "{text}");
        assert!(
            text.contains("References: <a@sender.example> <b@sender.example>"),
            "{text}"
        );
    }
}
