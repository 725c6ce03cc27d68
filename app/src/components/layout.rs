//! The frame of every page: language, header, demo notice slot, footer.
use leptos::prelude::*;
use leptos_meta::{Html, Title};
use leptos_router::{
    components::Outlet,
    hooks::{use_location, use_params_map},
};

use crate::components::not_found::NotFoundPage;
use crate::i18n::Locale;

/// The page's language, provided by [`LangLayout`].
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or(Locale::DEFAULT)
}

/// Builds the href of the same page in another language.
pub fn switch_language(path: &str, search: &str, to: Locale) -> String {
    let rest = path
        .trim_start_matches('/')
        .split_once('/')
        .map(|(_, r)| r)
        .unwrap_or("");
    let mut href = format!("/{}/{}", to.code(), rest);
    if !search.is_empty() {
        if !search.starts_with('?') {
            href.push('?');
        }
        href.push_str(search);
    }
    href
}

#[component]
pub fn LangLayout() -> impl IntoView {
    let params = use_params_map();
    // The language never changes under a mounted layout: the switcher's links
    // are full page loads, so every string can be read without tracking.
    let locale = params
        .read_untracked()
        .get("lang")
        .and_then(|l| Locale::from_code(&l));
    let Some(locale) = locale else {
        return view! { <NotFoundPage /> }.into_any();
    };
    provide_context(locale);
    let t = locale.t();
    let location = use_location();
    // Effects run in the browser only: the marker says the page has hydrated
    // (browser tests wait for it; a failed hydration never sets it).
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    let home = format!("/{}", locale.code());
    let parks = format!("/{}/parks", locale.code());
    let map = format!("/{}/map", locale.code());
    let balance = format!("/{}/balance", locale.code());
    let manage = format!("/{}/manage", locale.code());
    let privacy = format!("/{}/privacy", locale.code());

    view! {
        <Html {..} lang=locale.code() dir=locale.dir() />
        <Title formatter=move |text: String| {
            if text.is_empty() { t.app_name.to_string() } else { format!("{text} · {}", t.app_name) }
        } />
        <a class="skip-link" href="#main">{t.skip_to_content}</a>
        <header class="site-header">
            <div class="container header-row">
                <a class="brand" href=home.clone()>
                    <span class="brand-mark" aria-hidden="true">"TV"</span>
                    <span class="brand-text">
                        <span class="brand-name">{t.app_name}</span>
                        <span class="brand-tagline">{t.tagline}</span>
                    </span>
                </a>
                <nav class="main-nav" aria-label=t.nav_home>
                    <a href=home>{t.nav_home}</a>
                    <a href=parks>{t.nav_parks}</a>
                    <a href=map>{t.nav_map}</a>
                    <a href=balance data-testid="nav-balance">{crate::i18n::balance::balance_strings(locale).nav_balance}</a>
                    <a href="/api/v1/parks" rel="external">{t.nav_api}</a>
                    <a href=manage data-testid="nav-manage">{t.nav_manage}</a>
                </nav>
                <nav class="lang-switch" aria-label=t.language>
                    {Locale::ALL
                        .into_iter()
                        .map(|l| {
                            let href = move || {
                                switch_language(&location.pathname.get(), &location.search.get(), l)
                            };
                            view! {
                                <a
                                    href=href
                                    rel="external"
                                    hreflang=l.code()
                                    lang=l.code()
                                    aria-current=if l == locale { Some("true") } else { None }
                                    data-lang=l.code()
                                >
                                    {l.native_name()}
                                </a>
                            }
                        })
                        .collect_view()}
                </nav>
            </div>
        </header>
        <main id="main" class="container">
            <Outlet />
        </main>
        <footer class="site-footer">
            <div class="container">
                <p>{t.footer_attribution}</p>
                <p>{t.footer_parks_source}</p>
                <p><a href=privacy data-testid="footer-privacy">{crate::i18n::privacy::privacy_strings(locale).footer_link}</a></p>
            </div>
        </footer>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_switcher_keeps_the_page_and_its_filters() {
        assert_eq!(
            switch_language("/fr/parks", "?region=06", Locale::Ar),
            "/ar/parks?region=06"
        );
        assert_eq!(
            switch_language("/en/parks/casanearshore", "", Locale::Fr),
            "/fr/parks/casanearshore"
        );
        assert_eq!(switch_language("/fr", "", Locale::En), "/en/");
    }
}
