//! `transactions`: payment links and refunds.

use crate::{not_sent, optional, path_id, required, required_unless, BodyFrom, Kind, RequestType};

/// `transactions.create`: the body is picked in this order (0.0.61's); any other key, and the
/// typed-but-never-sent `location`, is dropped. The gateway takes an amount or an invoice, and a
/// name or a customer.
pub const CREATE: RequestType = RequestType {
    name: "CreateTransactionRequest",
    doc: "Argument of `transactions.create`. Each call creates a new payment link, so store the
returned `uuid` against your invoice rather than creating another link for it.

Only the fields below (except `location`) are sent; any other key is dropped.",
    body: BodyFrom::Picked,
    fields: &[
        required_unless("amount", Kind::Amount, "invoiceUuid")
            .doc("Amount to collect, as a positive integer in minor units: `1000` is £10.00."),
        optional("email", Kind::Text).doc(
            "Email address of the patient; the link is emailed there when `emailNotify` is `true`.",
        ),
        optional("emailNotify", Kind::Bool).doc("Send the payment request to `email`."),
        required_unless("name", Kind::Text, "customerUuid").doc("The patient's name."),
        optional("note", Kind::Text)
            .doc("Internal note on what the payment is for, visible later to all clinic users."),
        optional("patientNote", Kind::Text).doc("A note shown to the patient while paying."),
        optional("phone", Kind::Text)
            .doc("Mobile number with country code (only `+44…` numbers are supported for SMS)."),
        optional("smsNotify", Kind::Bool).doc("Send the payment request by SMS to `phone`."),
        optional("successUrl", Kind::Text)
            .doc("Where the patient is redirected after a successful payment."),
        optional("failureUrl", Kind::Text)
            .doc("Where the patient is redirected after a rejected payment."),
        optional("customerUuid", Kind::Text)
            .doc("Links the transaction to a customer (patient record)."),
        optional("invoiceUuid", Kind::Text).doc("Links the transaction to an invoice."),
        optional("isMoto", Kind::Bool).doc(
            "Mail order / telephone order: set when the patient reads the card details out over the phone.",
        ),
        optional("postcode", Kind::Text)
            .doc("The patient's billing postcode, prefilled on the checkout (useful for MOTO)."),
        not_sent("location", Kind::Object)
            .ts("{ uuid: string; name: string }")
            .doc("**Not sent.** Declared by the official typings, whose client silently drops it; this
client drops it too, so the request on the wire is the same."),
    ],
};

/// `transactions.refund`: the uuid goes into the path, `{amount, reason}` into the body.
pub const REFUND: RequestType = RequestType {
    name: "CreateRefundRequest",
    doc: "Argument of `transactions.refund`. Several partial refunds are allowed, up to the amount paid.",
    body: BodyFrom::Picked,
    fields: &[
        path_id("transactionUuid").doc("The transaction to refund."),
        required("amount", Kind::Amount)
            .doc("Amount to refund, as a positive integer in minor units."),
        optional("reason", Kind::Text).doc("Why the money is refunded (free text)."),
    ],
};
