//! Display helpers for payment-method variant codes (`mc_applepay`, `directdebit_GB`, ...).
//! Output is byte-identical to the official client's `PaymentMethod`, including its quirks
//! (case-sensitive `directdebit_GB`/`paybybank` matching, any `mc...` prefix counting as a card,
//! and `constructor` resolving to JavaScript's `Object` function), because clinic UIs and their
//! snapshot tests depend on these strings. Callers handle falsy input (`"Other"`).

/// Human name of a variant code: `"mc_applepay"` -> `"Mastercard (ApplePay)"`.
pub fn format(method: &str) -> String {
    let parts: Vec<String> = method.split('_').map(translate_part).collect();
    if let [brand, wallet] = parts.as_slice() {
        if matches!(brand.as_str(), "Mastercard" | "Visa" | "American Express")
            && matches!(wallet.as_str(), "ApplePay" | "GooglePay")
        {
            return format!("{brand} ({wallet})");
        }
    }
    parts.join(" ")
}

/// The group of a variant code: `Amex`, `Card`, `Direct Debit`, `Pay By Bank` or `Other`.
pub fn format_group(method: &str) -> &'static str {
    match classify(method) {
        Group::Amex => "Amex",
        Group::Card => "Card",
        Group::DirectDebit => "Direct Debit",
        Group::PayByBank => "Pay By Bank",
        Group::Other => "Other",
    }
}

/// The short group label: `Amex`, `Card`, `DD`, `PBB` or `Other`.
pub fn abbreviate(method: &str) -> &'static str {
    match classify(method) {
        Group::Amex => "Amex",
        Group::Card => "Card",
        Group::DirectDebit => "DD",
        Group::PayByBank => "PBB",
        Group::Other => "Other",
    }
}

enum Group {
    Amex,
    Card,
    DirectDebit,
    PayByBank,
    Other,
}

fn classify(method: &str) -> Group {
    let lower = method.to_lowercase();
    if lower.starts_with("amex") {
        Group::Amex
    } else if lower.starts_with("visa")
        || lower.starts_with("mc")
        || lower.starts_with("mastercard")
    {
        Group::Card
    } else if method == "directdebit_GB" {
        Group::DirectDebit
    } else if method == "paybybank" {
        Group::PayByBank
    } else {
        Group::Other
    }
}

fn translate_part(part: &str) -> String {
    let known = match part.to_lowercase().as_str() {
        "mc" | "mastercard" => "Mastercard",
        "visa" => "Visa",
        "amex" => "American Express",
        "applepay" => "ApplePay",
        "googlepay" => "GooglePay",
        "directdebit" => "Direct Debit",
        "paybybank" => "Pay By Bank",
        "gb" => "UK",
        // The official lookup is a plain object, so this key finds Object.prototype.constructor.
        "constructor" => "function Object() { [native code] }",
        _ => return capitalise(part),
    };
    known.to_string()
}

/// `s.charAt(0).toUpperCase() + s.slice(1).toLowerCase()` with JavaScript's UTF-16 semantics: an
/// astral first character is half a surrogate pair to `charAt`, so it stays as it is.
fn capitalise(part: &str) -> String {
    let mut chars = part.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let rest = chars.as_str().to_lowercase();
    if first.len_utf16() == 2 {
        format!("{first}{rest}")
    } else {
        format!("{}{rest}", first.to_uppercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_vectors() {
        let cases = [
            ("MC_applepay", "Mastercard (ApplePay)", "Card", "Card"),
            ("mc__applepay", "Mastercard  ApplePay", "Card", "Card"),
            ("mcdonalds_giftcard", "Mcdonalds Giftcard", "Card", "Card"),
            ("visa_", "Visa ", "Card", "Card"),
            ("_visa", " Visa", "Other", "Other"),
            ("  visa", "  visa", "Other", "Other"),
            (
                "visa_constructor",
                "Visa function Object() { [native code] }",
                "Card",
                "Card",
            ),
            ("amexplorer", "Amexplorer", "Amex", "Amex"),
            ("directdebit_GB", "Direct Debit UK", "Direct Debit", "DD"),
            ("directdebit_gb", "Direct Debit UK", "Other", "Other"),
            ("paybybank", "Pay By Bank", "Pay By Bank", "PBB"),
            ("PayByBank", "Pay By Bank", "Other", "Other"),
            ("jcb_applepay", "Jcb ApplePay", "Other", "Other"),
            ("über_karte", "Über Karte", "Other", "Other"),
            ("ALREADY Formatted", "Already formatted", "Other", "Other"),
            ("__proto__", "  Proto  ", "Other", "Other"),
        ];
        for (input, f, g, a) in cases {
            assert_eq!(
                (
                    format(input).as_str(),
                    format_group(input),
                    abbreviate(input)
                ),
                (f, g, a),
                "{input}"
            );
        }
    }
}
