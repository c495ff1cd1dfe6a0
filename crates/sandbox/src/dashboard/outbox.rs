//! A clinic's outbox: the emails and texts the gateway would have sent, newest first, with the
//! payment link to follow.

use super::Ctx;
use crate::html::{escape, time};
use crate::state::Store;

pub fn render(store: &Store, _: &Ctx, merchant: &str) -> String {
    let list: String = store
        .messages
        .iter()
        .filter(|m| m.merchant_uuid == merchant)
        .rev()
        .map(|m| {
            let channel = if m.channel == "sms" { "Text message" } else { "Email" };
            format!(
                "<article class=\"panel\" id=\"message-{id}\" aria-labelledby=\"message-title-{id}\">\
<h2 id=\"message-title-{id}\">{channel}: {subject}</h2>\
<dl class=\"facts\"><dt>To</dt><dd>{to}</dd><dt>Sent</dt><dd>{at}</dd><dt>Kind</dt><dd>{kind}</dd></dl>\
<pre class=\"message\">{body}</pre><p><a class=\"message-link\" href=\"{link}\">Open the link</a></p></article>",
                id = m.id,
                subject = escape(&m.subject),
                to = escape(&m.to),
                at = time(m.at_ms),
                kind = escape(&m.kind.replace('_', " ")),
                body = escape(&m.body),
                link = escape(&m.link),
            )
        })
        .collect();
    if list.is_empty() {
        return "<p class=\"muted\">Nothing sent yet. Payment requests with <code>emailNotify</code> or <code>smsNotify</code>, plan notifications and wallet requests appear here.</p>".into();
    }
    list
}
