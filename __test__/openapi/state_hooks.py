"""A schemathesis check for the one thing a schema cannot say: the state of the objects.

A schema-valid request can still be refused because of what the sandbox holds: refunding an
unpaid transaction, pausing a void plan, a `customerUuid` that names no customer. The sandbox
answers those with 400 and names the field. `schemathesis.toml` lets positive data meet a 400 on
the operations listed here only; this check makes that narrow: such a 400 must name only fields
whose rule depends on state (or, for dates, on the calendar, which a pattern cannot check), so
a schema that is looser than the sandbox still fails the run.
"""

import schemathesis

STATE_FIELDS = {
    # References to other objects, and a clinic-unique reference.
    "transactions.create": {"customerUuid", "invoiceUuid"},
    "paymentPlans.create": {"customerUuid", "transactionReference",
                            # 30 February and the like; endDate before startDate.
                            "startDate", "endDate"},
    "terminals.setTransaction": {"transactionUuid"},
    "customers.debitWallet": {"walletUuid"},
    # The object's status (or kind) does not allow it; a refund over what is left.
    "transactions.refund": {"status", "amount"},
    "transactions.updateStatus": {"status"},
    "paymentPlans.setStatus": {"status"},
    "paymentPlans.notify": {"status"},
    "paymentPlans.charge": {"status", "type"},
    "paymentPlans.resumeAndCharge": {"status"},
}


# An amount sent as a JSON number with a fraction or exponent (`697.0`, `1e2`) is refused by the
# sandbox (issue 22: "must be written as a whole number, without a decimal point or exponent"),
# while JSON Schema counts 697.0 as an integer. The client never sends one (JSON.stringify writes
# 697), so such a refusal of exactly that field is not held against the document.
AMOUNT_FIELDS = {"amount"}


def _float_amounts(case):
    body = case.body if isinstance(case.body, dict) else {}
    return {name for name in AMOUNT_FIELDS if isinstance(body.get(name), float)}


@schemathesis.check
def state_refusals_name_state(ctx, response, case):
    """Positive data answered 400 must be refused for state, naming only state fields."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    operation = case.operation.definition.raw.get("operationId")
    allowed = STATE_FIELDS.get(operation, set()) | _float_amounts(case)
    try:
        named = {error["field"] for error in response.json().get("errors", [])}
    except Exception:
        named = set()
    if not named or not named <= allowed:
        raise AssertionError(
            f"{operation}: schema-valid data refused for {sorted(named - allowed) or 'no named field'}"
            f" (only {sorted(allowed) or 'nothing'} may depend on state)"
        )
    return None
