//! `terminals`: card terminals and the transaction shown on them.

use crate::{path_id, required, BodyFrom, Kind, RequestType};

/// `terminals.rename`: `{name}` to the terminal's path.
pub const RENAME: RequestType = RequestType {
    name: "RenameTerminalRequest",
    doc: "Argument of `terminals.rename`.",
    body: BodyFrom::Picked,
    fields: &[
        path_id("terminalId").doc("The terminal's id, from `terminals.list`."),
        required("name", Kind::Text).doc("The new friendly name."),
    ],
};

/// `terminals.setTransaction`: `{transactionUuid}` to the terminal's transaction path.
pub const SET_TRANSACTION: RequestType = RequestType {
    name: "SetTerminalTransactionRequest",
    doc: "Argument of `terminals.setTransaction`.",
    body: BodyFrom::Picked,
    fields: &[
        path_id("terminalId").doc("The terminal's id, from `terminals.list`."),
        required("transactionUuid", Kind::Text)
            .doc("The transaction to show on the terminal, from `transactions.create`."),
    ],
};

/// `terminals.clearTransaction`: the literal body `null` to the same path.
pub const CLEAR_TRANSACTION: RequestType = RequestType {
    name: "ClearTerminalTransactionRequest",
    doc: "Argument of `terminals.clearTransaction`.",
    body: BodyFrom::Null,
    fields: &[path_id("terminalId").doc("The terminal's id, from `terminals.list`.")],
};
