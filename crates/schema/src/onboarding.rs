//! `onboarding`: a partner signs up a new clinic (merchant, account and API key).

use crate::enums::{CURRENCY_CODES, LEGAL_ENTITY_TYPES};
use crate::{optional, required, BodyFrom, Kind, RequestType};

/// `onboarding.startOnboarding`: the caller's object is sent as given.
pub const START: RequestType = RequestType {
    name: "OnboardingRequest",
    doc: "Argument of `onboarding.startOnboarding`: the clinic (merchant) to onboard.",
    body: BodyFrom::AsGiven,
    fields: &[
        required("name", Kind::Text).doc("The clinic's name."),
        required("email", Kind::Text)
            .doc("The clinic's email address; it receives the email to finish onboarding."),
        required("webhookUrl", Kind::Text).doc(
            "Where the clinic's transaction status webhooks are sent (can be changed later with `merchants.updateWebhookUrl`).",
        ),
        optional("currency", Kind::OneOf(CURRENCY_CODES))
            .ts("CurrencyCode")
            .doc("Settlement currency, `'GBP'` or `'EUR'`."),
        optional("industryCode", Kind::Text).doc("Industry (merchant category) code of the clinic."),
        optional("legalEntityName", Kind::Text).doc("Registered name of the legal entity."),
        optional("legalEntityRegistrationNumber", Kind::Text)
            .doc("Company or charity registration number."),
        optional("legalEntityType", Kind::OneOf(LEGAL_ENTITY_TYPES))
            .ts("LegalEntityType")
            .doc("Legal form, e.g. `'LimitedCompany'` or `'SoleProprietorship'`."),
        optional("logoUrl", Kind::Text).doc("URL of the clinic's logo."),
        optional("onboardingWebhookUrl", Kind::Text)
            .doc("A URL notified about the onboarding's progress (undocumented upstream)."),
        optional("phone", Kind::Text).doc("The clinic's phone number."),
        optional("storeLine1", Kind::Text).doc("First line of the clinic's address."),
        optional("storeCity", Kind::Text).doc("City of the clinic's address."),
        optional("storePostalCode", Kind::Text).doc("Postal code of the clinic's address."),
        optional("storeCountry", Kind::Text).doc("Country of the clinic's address."),
        optional("termsAndConditions", Kind::Text)
            .doc("The clinic's terms and conditions (text or URL)."),
        optional("websiteUrl", Kind::Text).doc("The clinic's website."),
    ],
};
