//! The English strings of a user's own account (layer: app UI, catalogue).
use crate::i18n::account::AccountStrings;

pub const ACCOUNT: AccountStrings = AccountStrings {
    nav_password: "Change my password",
    password_title: "Change your password",
    password_intro: "Type your current password, then the new one twice. Your other sessions (other browsers, other devices) will be signed out; this one stays open.",
    current_password: "Current password",
    new_password: "New password",
    confirm_password: "New password, once more",
    password_hint: "At least 12 characters: a short sentence is fine.",
    save_password: "Change the password",
    password_changed: "Your password is changed. Your other sessions are signed out.",
    err_check: "Check “{field}”: {message}",
    err_busy: "The server is busy checking other sign-ins: try again in {n} seconds.",
};
