//! The French strings of the privacy page and the consent (layer: app UI, catalogue).
use crate::i18n::privacy::{KeptData, PrivacyStrings};

pub const PRIVACY: PrivacyStrings = PrivacyStrings {
    footer_link: "Données personnelles",
    title: "Données personnelles et vie privée",
    intro: "Tech Valley Registry est un registre public des parcs offshoring du Maroc. Ses pages publiques montrent des parcs, des bâtiments, des entreprises et des chiffres, jamais les personnes qui les tiennent à jour. Cette page dit quelles données personnelles le registre conserve, pourquoi, combien de temps, et à qui s'adresser.",
    kept_title: "Ce que nous conservons",
    col_what: "Données",
    col_why: "Pourquoi",
    col_how_long: "Combien de temps",
    kept: [
        KeptData {
            what: "Comptes des gestionnaires de parcs, représentants de locataires et administrateurs : adresse e-mail, nom, rôle, parcs ou entreprise pour lesquels ils agissent",
            why: "Faire fonctionner le registre : la connexion, et savoir qui peut modifier quoi",
            how_long: "Tant que le compte existe ; un compte désactivé est conservé pour que le journal d'audit nomme encore ses actions",
        },
        KeptData {
            what: "Mots de passe, conservés uniquement sous forme d'empreinte argon2 (jamais le mot de passe lui-même)",
            why: "Sécurité : vérifier une connexion",
            how_long: "Jusqu'au changement du mot de passe ou à la suppression du compte",
        },
        KeptData {
            what: "Sessions : une empreinte du cookie de session, le compte, le début et la fin",
            why: "Sécurité : vous garder connecté",
            how_long: "12 heures au plus, moins si vous vous déconnectez",
        },
        KeptData {
            what: "Tentatives de connexion : l'e-mail saisi, l'adresse IP, l'heure et le résultat",
            why: "Sécurité : freiner les essais de mots de passe",
            how_long: "Supprimées au bout d'un jour au plus",
        },
        KeptData {
            what: "Journal d'audit : qui a modifié quoi dans le registre, quand, l'enregistrement avant et après",
            why: "Responsabilité : les chiffres du registre sont un document officiel",
            how_long: "Pendant toute la vie du registre, comme document officiel ; il ne peut pas être modifié",
        },
        KeptData {
            what: "Déclarations d'emplois des représentants de locataires : effectifs par trimestre et par métier, commentaires, auteur de la déclaration et de la validation",
            why: "Faire fonctionner le registre : l'équilibre régional des emplois",
            how_long: "Pendant toute la vie du registre, comme document officiel",
        },
    ],
    public_title: "Ce que voit le public",
    public_text: "Les pages publiques, l'API, la carte et les exports ne montrent jamais d'adresse e-mail ni de nom de personne : une modification est attribuée à l'opérateur du parc ou au registre. L'effectif propre d'une entreprise n'est public que si elle a accepté de le publier ; un total portant sur moins de 3 locataires s'affiche « moins de 3 locataires », et d'autres totaux sont masqués avec lui quand une soustraction permettrait de le retrouver.",
    rights_title: "Vos droits (loi 09-08)",
    rights_text: "En vertu de la loi marocaine 09-08 relative à la protection des personnes physiques à l'égard du traitement des données à caractère personnel, vous pouvez demander l'accès aux données qui vous concernent, leur rectification si elles sont inexactes, et vous opposer à leur traitement pour des motifs légitimes.",
    cndp_text: "Si notre réponse ne vous satisfait pas, vous pouvez saisir la CNDP (Commission nationale de contrôle de la protection des données à caractère personnel), www.cndp.ma.",
    contact_title: "À qui s'adresser",
    contact_text: "Le responsable du traitement du registre répond à {email}. Écrivez depuis l'adresse de votre compte, ou précisez de quel compte il s'agit.",

    consent_title: "Publication de l'effectif de l'entreprise",
    consent_label: "L'entreprise accepte de publier son propre effectif déclaré dans le registre public",
    consent_help: "Sans ce consentement, les chiffres propres de l'entreprise ne paraissent jamais en public ; ils ne comptent que dans des totaux portant sur au moins 3 locataires.",
    consent_save: "Enregistrer le consentement",
    consent_saved: "Consentement enregistré.",
    not_published: "non publié",
    updated_by_operator: "l'opérateur du parc ({operator})",
    updated_by_registry: "le registre",
};
