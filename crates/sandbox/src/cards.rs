//! The documented test cards and what each one does.

/// What a card number does when it is charged.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CardOutcome {
    /// `4242 4242 4242 4242`: every charge succeeds.
    Approved,
    /// `4000 0000 0000 0002`: the issuer declines.
    Declined,
    /// `4000 0000 0000 9995`: declined for insufficient funds. On a plan or wallet the card is
    /// accepted at checkout (the mandate is valid) and the later charges fail.
    InsufficientFunds,
}

pub const SUCCESS_CARD: &str = "4242424242424242";
pub const DECLINED_CARD: &str = "4000000000000002";
pub const INSUFFICIENT_FUNDS_CARD: &str = "4000000000009995";

/// A card the patient typed, normalised (spaces and dashes removed).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Card {
    pub number: String,
    pub outcome: CardOutcome,
}

impl Card {
    /// `Err` carries the message shown to the patient or returned to the caller.
    pub fn parse(typed: &str) -> Result<Card, String> {
        let number: String = typed.chars().filter(|c| *c != ' ' && *c != '-').collect();
        if number.is_empty() {
            return Err("enter a card number".into());
        }
        if !number.bytes().all(|b| b.is_ascii_digit()) || !(12..=19).contains(&number.len()) {
            return Err("a card number is 12 to 19 digits".into());
        }
        let outcome = match number.as_str() {
            SUCCESS_CARD => CardOutcome::Approved,
            INSUFFICIENT_FUNDS_CARD => CardOutcome::InsufficientFunds,
            // Every other number, 4000 0000 0000 0002 included, is declined.
            _ => CardOutcome::Declined,
        };
        Ok(Card { number, outcome })
    }

    pub fn success() -> Card {
        Card {
            number: SUCCESS_CARD.into(),
            outcome: CardOutcome::Approved,
        }
    }

    pub fn declined() -> Card {
        Card {
            number: DECLINED_CARD.into(),
            outcome: CardOutcome::Declined,
        }
    }

    pub fn last4(&self) -> &str {
        &self.number[self.number.len() - 4..]
    }

    /// Payment-method variant code in the gateway's style (see `PaymentMethod.format`).
    pub fn method(&self) -> &'static str {
        match self.number.as_bytes().first() {
            Some(b'4') => "visa",
            Some(b'5') | Some(b'2') => "mc",
            Some(b'3') => "amex",
            _ => "card",
        }
    }

    pub fn summary(&self) -> String {
        format!("**** {}", self.last4())
    }

    /// Why a charge on this card failed, for error messages; `None` when it succeeds.
    pub fn decline_reason(&self) -> Option<&'static str> {
        match self.outcome {
            CardOutcome::Approved => None,
            CardOutcome::InsufficientFunds => Some("insufficient funds"),
            CardOutcome::Declined if self.number == DECLINED_CARD => Some("card declined"),
            CardOutcome::Declined => {
                Some("card declined: not a sandbox test card (use 4242 4242 4242 4242 to succeed)")
            }
        }
    }
}
