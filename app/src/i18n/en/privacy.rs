//! The English strings of the privacy page and the consent (layer: app UI, catalogue).
use crate::i18n::privacy::{KeptData, PrivacyStrings};

pub const PRIVACY: PrivacyStrings = PrivacyStrings {
    footer_link: "Privacy",
    title: "Personal data and privacy",
    intro: "Tech Valley Registry is a public register of Morocco's offshoring parks. Its public pages show parks, buildings, companies and figures, never the people who keep them up to date. This page says which personal data the registry keeps, why, for how long, and whom to ask.",
    kept_title: "What we keep",
    col_what: "Data",
    col_why: "Why",
    col_how_long: "For how long",
    kept: [
        KeptData {
            what: "Accounts of park managers, tenant representatives and administrators: email address, name, role, the parks or company they act for",
            why: "Running the registry: signing in, and knowing who may change what",
            how_long: "As long as the account exists; a disabled account is kept so that the audit log still names its actions",
        },
        KeptData {
            what: "Passwords, stored only as an argon2 hash (never the password itself)",
            why: "Security: checking a sign-in",
            how_long: "Until the password is changed or the account removed",
        },
        KeptData {
            what: "Sessions: a hash of the session cookie, the account, when it started and ends",
            why: "Security: keeping you signed in",
            how_long: "12 hours at most, ended earlier by signing out",
        },
        KeptData {
            what: "Sign-in attempts: the email tried, the IP address, the time and whether it succeeded",
            why: "Security: slowing down password guessing",
            how_long: "Deleted after at most one day",
        },
        KeptData {
            what: "Audit log: who changed what in the registry, when, the record before and after",
            why: "Accountability: the registry's figures are an official record",
            how_long: "For the life of the registry, as an official record; it cannot be edited",
        },
        KeptData {
            what: "Job declarations of tenant representatives: headcounts by quarter and activity line, comments, who declared and who validated",
            why: "Running the registry: the regional balance of jobs",
            how_long: "For the life of the registry, as an official record",
        },
    ],
    public_title: "What the public sees",
    public_text: "Public pages, the API, the map and the exports never show an email address or a person's name: a change reads as made by the park's operator or by the registry. A company's own headcount is public only if the company agreed to publish it; a total covering fewer than 3 tenants reads \"fewer than 3 tenants\", and other totals are hidden with it when subtraction could reveal it.",
    rights_title: "Your rights (law 09-08)",
    rights_text: "Under Morocco's law 09-08 on the protection of individuals with regard to the processing of personal data, you may ask for access to the data about you, have it corrected if it is wrong, and object to its processing on legitimate grounds.",
    cndp_text: "If you are not satisfied with our answer, you may complain to the CNDP (Commission nationale de contrôle de la protection des données à caractère personnel), www.cndp.ma.",
    contact_title: "Whom to ask",
    contact_text: "The registry's data controller answers at {email}. Write from the address of your account, or say which account you mean.",

    consent_title: "Publishing this company's headcount",
    consent_label: "The company agrees to publish its own declared headcount on the public registry",
    consent_help: "Without this consent the company's own figures never appear in public; they only count in totals that cover at least 3 tenants.",
    consent_save: "Save consent",
    consent_saved: "Consent saved.",
    not_published: "not published",
    updated_by_operator: "the park's operator ({operator})",
    updated_by_registry: "the registry",
};
