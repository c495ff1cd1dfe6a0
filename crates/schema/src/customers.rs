//! `customers`: patient records and their wallets (cards on file).

use crate::{optional, required, BodyFrom, Kind, RequestType};

/// `customers.create`: the caller's object is sent as given.
pub const CREATE: RequestType = RequestType {
    name: "CreateCustomerRequest",
    doc: "Argument of `customers.create`.",
    body: BodyFrom::AsGiven,
    fields: &[
        required("providerReferenceId", Kind::Text).doc(
            "The patient's id in your own system, used to reconcile Coherent records with yours.",
        ),
        optional("firstName", Kind::Text).doc("First name."),
        optional("lastName", Kind::Text).doc("Last name."),
        optional("email", Kind::Text).doc("Email address."),
        optional("mobile", Kind::Text).doc("Mobile number with country code."),
        optional("active", Kind::Bool)
            .doc("Whether the record is active (the server defaults to `true`)."),
    ],
};

/// `customers.createWallet`: the caller's object is sent as given. `emailNotify` and
/// `smsNotify` are required, as the API reference and 0.0.61's typings say and the gateway
/// (and the sandbox) enforce.
pub const CREATE_WALLET: RequestType = RequestType {
    name: "CreateWalletRequest",
    doc: "Argument of `customers.createWallet`: a request to the customer to save a card.",
    body: BodyFrom::AsGiven,
    fields: &[
        required("name", Kind::Text).doc("Label the patient sees on the saved-card request."),
        optional("email", Kind::Text).doc("Email address to send the link to."),
        optional("phone", Kind::Text).doc("Phone number (with country code) to send the link to."),
        required("emailNotify", Kind::Bool)
            .doc("Send the link by email (required, `true` or `false`)."),
        required("smsNotify", Kind::Bool)
            .doc("Send the link by SMS (required, `true` or `false`)."),
    ],
};

/// `customers.debitWallet`: the caller's object is sent as given.
pub const DEBIT_WALLET: RequestType = RequestType {
    name: "DebitWalletRequest",
    doc: "Argument of `customers.debitWallet`.",
    body: BodyFrom::AsGiven,
    fields: &[
        required("amount", Kind::Amount)
            .doc("Amount to charge, as a positive integer in minor units."),
        optional("walletUuid", Kind::Text).doc(
            "The wallet to charge; when omitted the customer's first authorised wallet is charged.",
        ),
    ],
};
