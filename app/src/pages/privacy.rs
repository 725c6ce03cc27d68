//! The privacy page (layer: app UI, page `/:lang/privacy`): which personal
//! data the registry keeps, why, for how long, whom to ask, and the rights
//! under Morocco's law 09-08. Static text from the `privacy` catalogue; the
//! periods match the code (docs/SECURITY.md, "Suppression and consent").
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::use_locale;
use crate::i18n::privacy::{PRIVACY_CONTACT, privacy_strings};

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let s = privacy_strings(use_locale());
    let contact = s.contact_text.replace("{email}", PRIVACY_CONTACT);
    let mailto = format!("mailto:{PRIVACY_CONTACT}");
    view! {
        <Title text=s.title />
        <h1 data-testid="privacy-title">{s.title}</h1>
        <p>{s.intro}</p>
        <section class="card" aria-labelledby="kept-heading">
            <h2 id="kept-heading">{s.kept_title}</h2>
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{s.col_what}</th>
                        <th scope="col">{s.col_why}</th>
                        <th scope="col">{s.col_how_long}</th>
                    </tr>
                </thead>
                <tbody>
                    {s.kept
                        .iter()
                        .map(|k| view! {
                            <tr>
                                <th scope="row">{k.what}</th>
                                <td>{k.why}</td>
                                <td>{k.how_long}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
        <section class="card" aria-labelledby="public-heading">
            <h2 id="public-heading">{s.public_title}</h2>
            <p>{s.public_text}</p>
        </section>
        <section class="card" aria-labelledby="rights-heading">
            <h2 id="rights-heading">{s.rights_title}</h2>
            <p>{s.rights_text}</p>
            <p>{s.cndp_text}</p>
        </section>
        <section class="card" aria-labelledby="contact-heading">
            <h2 id="contact-heading">{s.contact_title}</h2>
            <p>{contact}</p>
            <p><a href=mailto data-testid="privacy-contact">{PRIVACY_CONTACT}</a></p>
        </section>
    }
}
