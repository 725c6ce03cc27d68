//! The French strings of a user's own account (layer: app UI, catalogue).
use crate::i18n::account::AccountStrings;

pub const ACCOUNT: AccountStrings = AccountStrings {
    nav_password: "Changer mon mot de passe",
    password_title: "Changer votre mot de passe",
    password_intro: "Saisissez votre mot de passe actuel, puis le nouveau deux fois. Vos autres sessions (autres navigateurs, autres appareils) seront fermées ; celle-ci reste ouverte.",
    current_password: "Mot de passe actuel",
    new_password: "Nouveau mot de passe",
    confirm_password: "Nouveau mot de passe, une seconde fois",
    password_hint: "Au moins 12 caractères : une courte phrase convient.",
    save_password: "Changer le mot de passe",
    password_changed: "Votre mot de passe est changé. Vos autres sessions sont fermées.",
    err_check: "Vérifiez « {field} » : {message}",
    err_busy: "Le serveur vérifie d'autres connexions : réessayez dans {n} secondes.",
};
