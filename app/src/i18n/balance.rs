//! The strings of the regional balance, the quarterly report, job
//! declarations, commitments and the incentive estimate (layer: app UI,
//! catalogue). A catalogue of its own beside `Strings`, checked the same way:
//! a missing translation is a compile error. Also the number formats these
//! pages need beyond `Locale`'s (decimals, MAD amounts).
use super::Locale;
use crate::model::Quarter;

/// Every string of the balance, report, declaration and incentive pages, in one language.
pub struct BalanceStrings {
    pub nav_balance: &'static str,
    pub balance_title: &'static str,
    pub balance_intro: &'static str,
    pub quarter: &'static str,
    pub show_quarter: &'static str,
    /// `{quarter}` and `{date}` are replaced.
    pub quarter_as_of: &'static str,
    pub exact_note: &'static str,
    pub download_csv: &'static str,
    pub printable_report: &'static str,
    pub declare_link: &'static str,
    pub incentives_link: &'static str,

    pub national_title: &'static str,
    pub jobs_declared: &'static str,
    /// `{n}` is replaced.
    pub tenants_reporting: &'static str,
    pub target_2030: &'static str,
    /// `{jobs}`, `{target}` and `{pct}` are replaced.
    pub progress_label: &'static str,
    pub pace_needed: &'static str,
    pub pace_unit: &'static str,
    pub pace_none: &'static str,
    pub share_outside: &'static str,
    pub share_outside_note: &'static str,
    pub hhi: &'static str,
    pub hhi_explain: &'static str,
    pub hhi_low: &'static str,
    pub hhi_moderate: &'static str,
    pub hhi_high: &'static str,
    pub hhi_trend_title: &'static str,
    pub hhi_gap: &'static str,
    pub chart_data: &'static str,
    pub col_quarter: &'static str,
    pub col_hhi: &'static str,
    pub col_share_outside: &'static str,

    pub regions_title: &'static str,
    pub col_region: &'static str,
    pub col_parks: &'static str,
    pub col_floor: &'static str,
    pub col_occupied: &'static str,
    pub col_free: &'static str,
    pub col_jobs: &'static str,
    pub col_per_10k: &'static str,
    pub col_share: &'static str,
    pub col_months_supply: &'static str,
    pub months_supply_note: &'static str,
    pub census_note: &'static str,
    pub suppressed: &'static str,
    pub suppressed_secondary: &'static str,
    pub suppression_note: &'static str,
    pub per_10k_chart_title: &'static str,

    pub report_title: &'static str,
    pub report_intro: &'static str,
    pub print_hint: &'static str,
    pub parks_title: &'static str,
    pub col_park: &'static str,
    pub col_tenants_reporting: &'static str,
    pub back_to_balance: &'static str,

    pub jobs_title: &'static str,
    pub jobs_intro: &'static str,
    pub jobs_parks_intro: &'static str,
    pub no_declaration_parks: &'static str,
    pub back_to_declaration_parks: &'static str,
    pub declare_title: &'static str,
    pub tenant: &'static str,
    /// `{company}` and `{m2}` are replaced.
    pub tenant_option: &'static str,
    pub no_tenants: &'static str,
    pub col_line: &'static str,
    pub full_time: &'static str,
    pub part_time: &'static str,
    pub new_recruits: &'static str,
    pub new_recruits_help: &'static str,
    pub comment: &'static str,
    pub comment_help: &'static str,
    pub submit_declaration: &'static str,
    /// `{revision}` is replaced.
    pub resubmit_note: &'static str,
    /// `{revision}` is replaced.
    pub correct_note: &'static str,
    /// `{revision}` is replaced.
    pub declared_ok: &'static str,
    pub flags_label: &'static str,
    pub flag_density: &'static str,
    pub flag_change: &'static str,
    pub no_flags: &'static str,
    pub declarations_title: &'static str,
    pub no_declarations: &'static str,
    pub col_company: &'static str,
    pub col_revision: &'static str,
    pub col_status: &'static str,
    pub col_headcount: &'static str,
    pub col_lines: &'static str,
    pub col_flags: &'static str,
    pub col_comments: &'static str,
    pub col_who: &'static str,
    pub col_actions: &'static str,
    pub status_submitted: &'static str,
    pub status_validated: &'static str,
    pub status_returned: &'static str,
    /// `{n}` is replaced by the correcting revision.
    pub superseded: &'static str,
    /// `{n}` is replaced.
    pub recruits_short: &'static str,
    pub tenant_said: &'static str,
    pub manager_said: &'static str,
    /// `{who}` and `{when}` are replaced.
    pub declared_by: &'static str,
    /// `{who}` and `{when}` are replaced.
    pub validated_by: &'static str,
    pub review_comment: &'static str,
    pub validate: &'static str,
    pub return_declaration: &'static str,
    pub reviewed_ok: &'static str,
    pub edit_declaration: &'static str,
    pub correct_declaration: &'static str,

    pub commitments_title: &'static str,
    pub commitments_intro: &'static str,
    pub no_commitments: &'static str,
    pub col_committed: &'static str,
    pub col_start: &'static str,
    pub col_deadline: &'static str,
    pub col_actual: &'static str,
    pub col_expected: &'static str,
    pub col_note: &'static str,
    pub behind: &'static str,
    pub on_track: &'static str,
    pub no_actual: &'static str,
    pub add_commitment: &'static str,
    pub committed_jobs: &'static str,
    pub start_date: &'static str,
    pub deadline: &'static str,
    pub note: &'static str,
    pub save_commitment: &'static str,
    pub commitment_saved: &'static str,

    pub incentives_title: &'static str,
    pub incentives_intro: &'static str,
    pub indicative: &'static str,
    pub region: &'static str,
    pub recruits: &'static str,
    pub gross_pay: &'static str,
    pub equipment: &'static str,
    pub estimate: &'static str,
    pub result_title: &'static str,
    pub paf_year: &'static str,
    pub paf_year_note: &'static str,
    pub paf_total: &'static str,
    pub regional_per_job: &'static str,
    pub equipment_subsidy: &'static str,
    pub total: &'static str,
    pub regional_note: &'static str,
    pub no_top_up: &'static str,
    pub pae_note: &'static str,
    pub unit_mad: &'static str,
    pub estimate_for_region: &'static str,

    /// `{field}` and `{message}` are replaced.
    pub err_check: &'static str,
}

pub const FR: BalanceStrings = BalanceStrings {
    nav_balance: "Équilibre régional",
    balance_title: "L'équilibre régional des emplois offshoring",
    balance_intro: "Emplois déclarés par les locataires et validés par les gestionnaires de parcs, région par région, face à l'objectif national de 2030. Tous les chiffres portent sur un trimestre terminé.",
    quarter: "Trimestre",
    show_quarter: "Afficher",
    quarter_as_of: "Trimestre {quarter}, situation au {date}",
    exact_note: "Vous êtes connecté comme gestionnaire ou administrateur : vous voyez les chiffres exacts, y compris ceux que le public voit masqués.",
    download_csv: "Télécharger le CSV",
    printable_report: "Rapport imprimable",
    declare_link: "Déclarer et valider les emplois",
    incentives_link: "Estimer les incitations",

    national_title: "Niveau national",
    jobs_declared: "Emplois déclarés et validés",
    tenants_reporting: "{n} locataires déclarants",
    target_2030: "Objectif 2030",
    progress_label: "{jobs} emplois sur l'objectif de {target} en 2030 ({pct})",
    pace_needed: "Rythme annuel nécessaire",
    pace_unit: "emplois de plus par an jusqu'à fin 2030",
    pace_none: "Objectif atteint ou échéance passée",
    share_outside: "Hors axe Casablanca-Rabat",
    share_outside_note: "part des emplois hors Casablanca-Settat et Rabat-Salé-Kénitra",
    hhi: "Indice de concentration (HHI)",
    hhi_explain: "L'indice de Herfindahl-Hirschman additionne les carrés des parts régionales des emplois, en pourcentage. Il vaut 10 000 quand tous les emplois sont dans une seule région, et environ 833 s'ils étaient répartis également entre les 12 régions. Quand il baisse, les emplois se répartissent mieux.",
    hhi_low: "emplois peu concentrés",
    hhi_moderate: "concentration modérée",
    hhi_high: "emplois très concentrés",
    hhi_trend_title: "Concentration des emplois par trimestre (HHI)",
    hhi_gap: "aucun emploi validé",
    chart_data: "Les données du graphique",
    col_quarter: "Trimestre",
    col_hhi: "HHI",
    col_share_outside: "Hors axe",

    regions_title: "Par région",
    col_region: "Région",
    col_parks: "Parcs",
    col_floor: "Surface livrée",
    col_occupied: "Occupée",
    col_free: "Libre",
    col_jobs: "Emplois déclarés",
    col_per_10k: "Emplois pour 10 000 habitants",
    col_share: "Part des emplois nationaux",
    col_months_supply: "Mois d'offre",
    months_supply_note: "Mois d'offre : surface libre divisée par l'absorption mensuelle moyenne (croissance de la surface occupée) des quatre derniers trimestres ; vide quand rien n'a été absorbé.",
    census_note: "Population : recensement 2024 (HCP).",
    suppressed: "moins de 3 locataires",
    suppressed_secondary: "masqué (secret statistique)",
    suppression_note: "Secret statistique : un chiffre d'emplois qui ne porte que sur 1 ou 2 locataires n'est pas publié (« moins de 3 locataires ») ; quand un seul chiffre est masqué, un deuxième l'est aussi pour qu'il ne se déduise pas du total. Le total national, lui, est toujours publié.",
    per_10k_chart_title: "Emplois déclarés pour 10 000 habitants, par région",

    report_title: "Rapport trimestriel au Comité technique offshoring",
    report_intro: "Consolidation des déclarations d'emplois validées et de l'occupation des parcs offshoring, par région et par parc.",
    print_hint: "Pour l'imprimer ou l'enregistrer en PDF, utilisez la commande d'impression du navigateur (Ctrl+P).",
    parks_title: "Par parc",
    col_park: "Parc",
    col_tenants_reporting: "Locataires déclarants",
    back_to_balance: "Retour à l'équilibre régional",

    jobs_title: "Déclarations d'emplois",
    jobs_intro: "Chaque trimestre, les locataires déclarent leurs effectifs par filière ; le gestionnaire du parc les vérifie (extrait de la CNSS) puis les valide ou les renvoie. Un trimestre validé est verrouillé : une correction crée une nouvelle révision et l'originale reste visible.",
    jobs_parks_intro: "Choisissez le parc dont vous déclarez ou validez les emplois.",
    no_declaration_parks: "Aucun parc n'est rattaché à ce compte pour les déclarations d'emplois.",
    back_to_declaration_parks: "Retour aux parcs",
    declare_title: "Déclarer les emplois",
    tenant: "Locataire",
    tenant_option: "{company} ({m2} loués)",
    no_tenants: "Aucun locataire n'occupe ce parc pendant ce trimestre : il n'y a rien à déclarer.",
    col_line: "Filière",
    full_time: "Temps plein",
    part_time: "Temps partiel",
    new_recruits: "Nouvelles recrues marocaines",
    new_recruits_help: "Recrutées pendant le trimestre ; elles ouvrent droit à la prime à la formation.",
    comment: "Commentaire",
    comment_help: "Un commentaire est obligatoire quand les chiffres dépassent un emploi pour 4 m² loués, ou changent de plus de 50 % par rapport au dernier trimestre validé.",
    submit_declaration: "Envoyer la déclaration",
    resubmit_note: "Vous reprenez la déclaration en cours (révision {revision}) : l'envoi la remplace.",
    correct_note: "Ce trimestre est validé : l'envoi crée la révision {revision}, soumise à validation ; la déclaration validée reste visible.",
    declared_ok: "Déclaration enregistrée (révision {revision}), en attente de validation.",
    flags_label: "Signalements",
    flag_density: "plus d'un emploi pour 4 m² loués",
    flag_change: "variation de plus de 50 %",
    no_flags: "aucun signalement",
    declarations_title: "Déclarations du trimestre",
    no_declarations: "Aucune déclaration pour ce trimestre.",
    col_company: "Entreprise",
    col_revision: "Révision",
    col_status: "Statut",
    col_headcount: "Effectif",
    col_lines: "Filières (plein + partiel)",
    col_flags: "Signalements",
    col_comments: "Commentaires",
    col_who: "Qui, quand",
    col_actions: "Actions",
    status_submitted: "Soumise",
    status_validated: "Validée",
    status_returned: "Renvoyée",
    superseded: "originale, corrigée par la révision {n}",
    recruits_short: "dont {n} nouvelles recrues",
    tenant_said: "Locataire :",
    manager_said: "Gestionnaire :",
    declared_by: "déclarée par {who} le {when}",
    validated_by: "validée par {who} le {when}",
    review_comment: "Commentaire (obligatoire pour renvoyer)",
    validate: "Valider",
    return_declaration: "Renvoyer",
    reviewed_ok: "Décision enregistrée.",
    edit_declaration: "Reprendre cette déclaration",
    correct_declaration: "Corriger (nouvelle révision)",

    commitments_title: "Engagements de création d'emplois",
    commitments_intro: "Engagements pris par les locataires dans leur convention. « Attendu à ce jour » suit une ligne droite entre le début et l'échéance ; le réalisé est le dernier effectif validé.",
    no_commitments: "Aucun engagement enregistré pour ce parc.",
    col_committed: "Emplois promis",
    col_start: "Début",
    col_deadline: "Échéance",
    col_actual: "Réalisé",
    col_expected: "Attendu à ce jour",
    col_note: "Note",
    behind: "En retard",
    on_track: "Dans les temps",
    no_actual: "aucun effectif validé",
    add_commitment: "Ajouter un engagement",
    committed_jobs: "Emplois promis",
    start_date: "Début",
    deadline: "Échéance",
    note: "Note",
    save_commitment: "Enregistrer l'engagement",
    commitment_saved: "Engagement enregistré.",

    incentives_title: "Estimer les incitations de l'Offre Offshoring",
    incentives_intro: "Une première idée des primes auxquelles des recrutements pourraient donner lieu, région par région.",
    indicative: "INDICATIF : cette estimation n'est ni une offre ni un droit. Les montants réels dépendent de la convention signée avec l'État et des règles en vigueur à sa date.",
    region: "Région",
    recruits: "Nouvelles recrues marocaines",
    gross_pay: "Salaire brut annuel imposable moyen par recrue (MAD)",
    equipment: "Investissement en équipement (MAD, facultatif)",
    estimate: "Estimer",
    result_title: "Estimation indicative",
    paf_year: "Prime à la formation (PAF), par an",
    paf_year_note: "3,5 % du salaire brut annuel par nouvelle recrue, chaque année pendant 5 ans",
    paf_total: "PAF sur 5 ans",
    regional_per_job: "Complément régional par emploi créé",
    equipment_subsidy: "Subvention régionale d'équipement",
    total: "Total indicatif",
    regional_note: "Complément régional retenu :",
    no_top_up: "Aucun complément régional chiffré pour cette région.",
    pae_note: "La prime à l'emploi (PAE) n'est pas comptée : son montant n'est pas public.",
    unit_mad: "MAD",
    estimate_for_region: "Estimer les incitations dans cette région",

    err_check: "Vérifiez « {field} » : {message}",
};

pub const EN: BalanceStrings = BalanceStrings {
    nav_balance: "Regional balance",
    balance_title: "The regional balance of offshoring jobs",
    balance_intro: "Jobs declared by tenants and validated by park managers, region by region, against the national goal for 2030. Every figure is about a quarter that is over.",
    quarter: "Quarter",
    show_quarter: "Show",
    quarter_as_of: "Quarter {quarter}, as of {date}",
    exact_note: "You are signed in as a manager or an administrator: you see the exact figures, including those hidden from the public.",
    download_csv: "Download the CSV",
    printable_report: "Printable report",
    declare_link: "Declare and validate jobs",
    incentives_link: "Estimate the incentives",

    national_title: "Nationwide",
    jobs_declared: "Jobs declared and validated",
    tenants_reporting: "{n} tenants reporting",
    target_2030: "2030 target",
    progress_label: "{jobs} jobs of the {target} targeted for 2030 ({pct})",
    pace_needed: "Yearly pace needed",
    pace_unit: "more jobs each year until the end of 2030",
    pace_none: "Target reached or deadline passed",
    share_outside: "Outside the Casablanca-Rabat axis",
    share_outside_note: "share of jobs outside Casablanca-Settat and Rabat-Salé-Kénitra",
    hhi: "Concentration index (HHI)",
    hhi_explain: "The Herfindahl-Hirschman index adds up the squares of each region's share of jobs, in percent. It is 10,000 when every job is in one region, and about 833 if jobs were spread evenly over the 12 regions. When it falls, jobs are more evenly spread.",
    hhi_low: "jobs not very concentrated",
    hhi_moderate: "moderately concentrated",
    hhi_high: "jobs highly concentrated",
    hhi_trend_title: "Concentration of jobs by quarter (HHI)",
    hhi_gap: "no validated jobs",
    chart_data: "The chart's data",
    col_quarter: "Quarter",
    col_hhi: "HHI",
    col_share_outside: "Outside axis",

    regions_title: "By region",
    col_region: "Region",
    col_parks: "Parks",
    col_floor: "Floor area",
    col_occupied: "Occupied",
    col_free: "Free",
    col_jobs: "Jobs declared",
    col_per_10k: "Jobs per 10,000 inhabitants",
    col_share: "Share of national jobs",
    col_months_supply: "Months of supply",
    months_supply_note: "Months of supply: free area divided by the average monthly absorption (growth of the occupied area) over the last four quarters; empty when nothing was absorbed.",
    census_note: "Population: 2024 census (HCP).",
    suppressed: "fewer than 3 tenants",
    suppressed_secondary: "hidden (statistical confidentiality)",
    suppression_note: "Statistical confidentiality: a job figure covering only 1 or 2 tenants is not published (\u{201c}fewer than 3 tenants\u{201d}); when a single figure is hidden, a second one is hidden too so that it cannot be worked out from the total. The national total is always published.",
    per_10k_chart_title: "Declared jobs per 10,000 inhabitants, by region",

    report_title: "Quarterly report to the Offshoring Technical Committee",
    report_intro: "Validated job declarations and the occupancy of the offshoring parks, by region and by park.",
    print_hint: "To print it or save it as a PDF, use your browser's print command (Ctrl+P).",
    parks_title: "By park",
    col_park: "Park",
    col_tenants_reporting: "Tenants reporting",
    back_to_balance: "Back to the regional balance",

    jobs_title: "Job declarations",
    jobs_intro: "Every quarter, tenants declare their headcount by activity line; the park manager checks it (against the social-security extract) and validates or returns it. A validated quarter is locked: a correction creates a new revision and the original stays visible.",
    jobs_parks_intro: "Choose the park whose jobs you declare or validate.",
    no_declaration_parks: "No park is linked to this account for job declarations.",
    back_to_declaration_parks: "Back to the parks",
    declare_title: "Declare jobs",
    tenant: "Tenant",
    tenant_option: "{company} ({m2} leased)",
    no_tenants: "No tenant occupied this park during this quarter: there is nothing to declare.",
    col_line: "Activity line",
    full_time: "Full time",
    part_time: "Part time",
    new_recruits: "New Moroccan recruits",
    new_recruits_help: "Hired during the quarter; they qualify for the training bonus.",
    comment: "Comment",
    comment_help: "A comment is required when the figures exceed one job per 4 m² leased, or change by more than 50% from the last validated quarter.",
    submit_declaration: "Send the declaration",
    resubmit_note: "You are taking up the pending declaration (revision {revision}): sending replaces it.",
    correct_note: "This quarter is validated: sending creates revision {revision}, to be validated; the validated declaration stays visible.",
    declared_ok: "Declaration recorded (revision {revision}), awaiting validation.",
    flags_label: "Flags",
    flag_density: "more than one job per 4 m² leased",
    flag_change: "change of more than 50%",
    no_flags: "no flag",
    declarations_title: "Declarations for the quarter",
    no_declarations: "No declaration for this quarter.",
    col_company: "Company",
    col_revision: "Revision",
    col_status: "Status",
    col_headcount: "Headcount",
    col_lines: "Lines (full + part time)",
    col_flags: "Flags",
    col_comments: "Comments",
    col_who: "Who, when",
    col_actions: "Actions",
    status_submitted: "Submitted",
    status_validated: "Validated",
    status_returned: "Returned",
    superseded: "original, corrected by revision {n}",
    recruits_short: "of which {n} new recruits",
    tenant_said: "Tenant:",
    manager_said: "Manager:",
    declared_by: "declared by {who} on {when}",
    validated_by: "validated by {who} on {when}",
    review_comment: "Comment (required to return)",
    validate: "Validate",
    return_declaration: "Return",
    reviewed_ok: "Decision recorded.",
    edit_declaration: "Take up this declaration",
    correct_declaration: "Correct (new revision)",

    commitments_title: "Job creation commitments",
    commitments_intro: "Commitments tenants made in their agreement. \u{201c}Expected now\u{201d} follows a straight line from the start to the deadline; the actual figure is the latest validated headcount.",
    no_commitments: "No commitment recorded for this park.",
    col_committed: "Jobs committed",
    col_start: "Start",
    col_deadline: "Deadline",
    col_actual: "Actual",
    col_expected: "Expected now",
    col_note: "Note",
    behind: "Behind",
    on_track: "On track",
    no_actual: "no validated headcount",
    add_commitment: "Add a commitment",
    committed_jobs: "Jobs committed",
    start_date: "Start",
    deadline: "Deadline",
    note: "Note",
    save_commitment: "Save the commitment",
    commitment_saved: "Commitment recorded.",

    incentives_title: "Estimate the Offshoring Offer's incentives",
    incentives_intro: "A first idea of the bonuses that new hires could bring, region by region.",
    indicative: "INDICATIVE: this estimate is neither an offer nor an entitlement. Actual amounts depend on the agreement signed with the State and the rules in force at its date.",
    region: "Region",
    recruits: "New Moroccan recruits",
    gross_pay: "Average gross annual taxable pay per recruit (MAD)",
    equipment: "Equipment investment (MAD, optional)",
    estimate: "Estimate",
    result_title: "Indicative estimate",
    paf_year: "Training bonus (PAF), per year",
    paf_year_note: "3.5% of gross annual pay per new recruit, every year for 5 years",
    paf_total: "PAF over 5 years",
    regional_per_job: "Regional top-up per job created",
    equipment_subsidy: "Regional equipment subsidy",
    total: "Indicative total",
    regional_note: "Regional top-up used:",
    no_top_up: "No quantified regional top-up for this region.",
    pae_note: "The job bonus (PAE) is not counted: its amount is not public.",
    unit_mad: "MAD",
    estimate_for_region: "Estimate the incentives in this region",

    err_check: "Check \u{201c}{field}\u{201d}: {message}",
};

pub const AR: BalanceStrings = BalanceStrings {
    nav_balance: "التوازن الجهوي",
    balance_title: "التوازن الجهوي لمناصب الشغل في ترحيل الخدمات",
    balance_intro: "مناصب الشغل التي يصرّح بها المكترون ويصادق عليها مسيّرو المناطق، جهةً بجهة، مقارنةً بالهدف الوطني لسنة 2030. كل الأرقام تخص ربعًا منتهيًا.",
    quarter: "الربع",
    show_quarter: "عرض",
    quarter_as_of: "{quarter}، الوضعية بتاريخ {date}",
    exact_note: "أنت متصل بصفتك مسيّرًا أو مديرًا: ترى الأرقام الدقيقة، بما فيها تلك المحجوبة عن العموم.",
    download_csv: "تنزيل ملف CSV",
    printable_report: "التقرير القابل للطباعة",
    declare_link: "التصريح بمناصب الشغل والمصادقة عليها",
    incentives_link: "تقدير التحفيزات",

    national_title: "على الصعيد الوطني",
    jobs_declared: "مناصب الشغل المصرَّح بها والمصادق عليها",
    tenants_reporting: "{n} مكترين مصرّحين",
    target_2030: "هدف 2030",
    progress_label: "{jobs} منصب شغل من أصل {target} مستهدفة في 2030 ({pct})",
    pace_needed: "الوتيرة السنوية اللازمة",
    pace_unit: "منصب إضافي كل سنة إلى نهاية 2030",
    pace_none: "تم بلوغ الهدف أو انقضى الأجل",
    share_outside: "خارج محور الدار البيضاء-الرباط",
    share_outside_note: "حصة مناصب الشغل خارج جهتي الدار البيضاء-سطات والرباط-سلا-القنيطرة",
    hhi: "مؤشر التركز (HHI)",
    hhi_explain: "مؤشر هيرفيندال-هيرشمان هو مجموع مربعات حصص الجهات من مناصب الشغل، بالنسبة المئوية. يساوي 10٬000 إذا كانت كل المناصب في جهة واحدة، ونحو 833 لو توزعت بالتساوي على الجهات الاثنتي عشرة. كلما انخفض، كان توزيع المناصب أفضل.",
    hhi_low: "مناصب قليلة التركز",
    hhi_moderate: "تركز متوسط",
    hhi_high: "مناصب شديدة التركز",
    hhi_trend_title: "تركز مناصب الشغل حسب الربع (HHI)",
    hhi_gap: "لا مناصب مصادق عليها",
    chart_data: "بيانات الرسم البياني",
    col_quarter: "الربع",
    col_hhi: "HHI",
    col_share_outside: "خارج المحور",

    regions_title: "حسب الجهة",
    col_region: "الجهة",
    col_parks: "المناطق",
    col_floor: "المساحة المسلَّمة",
    col_occupied: "المشغولة",
    col_free: "المتاحة",
    col_jobs: "مناصب الشغل المصرَّح بها",
    col_per_10k: "مناصب الشغل لكل 10٬000 نسمة",
    col_share: "الحصة من المناصب الوطنية",
    col_months_supply: "أشهر العرض",
    months_supply_note: "أشهر العرض: المساحة المتاحة مقسومة على متوسط الاستيعاب الشهري (نمو المساحة المشغولة) خلال الأرباع الأربعة الأخيرة؛ فارغة إذا لم يُستوعب شيء.",
    census_note: "السكان: إحصاء 2024 (المندوبية السامية للتخطيط).",
    suppressed: "أقل من 3 مكترين",
    suppressed_secondary: "محجوب (السر الإحصائي)",
    suppression_note: "السر الإحصائي: لا يُنشر رقم مناصب شغل يخص مكتريًا واحدًا أو اثنين فقط («أقل من 3 مكترين»)؛ وإذا حُجب رقم واحد، يُحجب رقم ثانٍ أيضًا حتى لا يُستنتج من المجموع. أما المجموع الوطني فيُنشر دائمًا.",
    per_10k_chart_title: "مناصب الشغل المصرَّح بها لكل 10٬000 نسمة، حسب الجهة",

    report_title: "التقرير الفصلي إلى اللجنة التقنية لترحيل الخدمات",
    report_intro: "تجميع تصريحات الشغل المصادق عليها وإشغال مناطق ترحيل الخدمات، حسب الجهة وحسب المنطقة.",
    print_hint: "لطباعته أو حفظه بصيغة PDF، استعمل أمر الطباعة في المتصفح (Ctrl+P).",
    parks_title: "حسب المنطقة",
    col_park: "المنطقة",
    col_tenants_reporting: "المكترون المصرّحون",
    back_to_balance: "العودة إلى التوازن الجهوي",

    jobs_title: "تصريحات مناصب الشغل",
    jobs_intro: "في كل ربع، يصرّح المكترون بعدد مستخدميهم حسب الشعبة؛ ويتحقق منها مسيّر المنطقة (مقارنةً بكشف الضمان الاجتماعي) ثم يصادق عليها أو يعيدها. الربع المصادق عليه مُقفل: كل تصحيح يُنشئ مراجعة جديدة وتبقى الأصلية ظاهرة.",
    jobs_parks_intro: "اختر المنطقة التي تصرّح بمناصب الشغل فيها أو تصادق عليها.",
    no_declaration_parks: "لا توجد منطقة مرتبطة بهذا الحساب لتصريحات الشغل.",
    back_to_declaration_parks: "العودة إلى المناطق",
    declare_title: "التصريح بمناصب الشغل",
    tenant: "المكتري",
    tenant_option: "{company} ({m2} مكتراة)",
    no_tenants: "لم يشغل أي مكترٍ هذه المنطقة خلال هذا الربع: لا شيء للتصريح به.",
    col_line: "الشعبة",
    full_time: "دوام كامل",
    part_time: "دوام جزئي",
    new_recruits: "المستخدمون المغاربة الجدد",
    new_recruits_help: "الذين وُظّفوا خلال الربع؛ ويخوّلون الاستفادة من منحة التكوين.",
    comment: "تعليق",
    comment_help: "التعليق إلزامي إذا تجاوزت الأرقام منصبًا واحدًا لكل 4 م² مكتراة، أو تغيرت بأكثر من 50٪ مقارنةً بآخر ربع مصادق عليه.",
    submit_declaration: "إرسال التصريح",
    resubmit_note: "أنت تستأنف التصريح الجاري (المراجعة {revision}): الإرسال يعوّضه.",
    correct_note: "هذا الربع مصادق عليه: الإرسال يُنشئ المراجعة {revision} للمصادقة؛ ويبقى التصريح المصادق عليه ظاهرًا.",
    declared_ok: "تم تسجيل التصريح (المراجعة {revision})، في انتظار المصادقة.",
    flags_label: "التنبيهات",
    flag_density: "أكثر من منصب واحد لكل 4 م² مكتراة",
    flag_change: "تغير بأكثر من 50٪",
    no_flags: "لا تنبيه",
    declarations_title: "تصريحات الربع",
    no_declarations: "لا يوجد تصريح عن هذا الربع.",
    col_company: "الشركة",
    col_revision: "المراجعة",
    col_status: "الحالة",
    col_headcount: "عدد المستخدمين",
    col_lines: "الشعب (كامل + جزئي)",
    col_flags: "التنبيهات",
    col_comments: "التعليقات",
    col_who: "من ومتى",
    col_actions: "الإجراءات",
    status_submitted: "مُرسَل",
    status_validated: "مصادق عليه",
    status_returned: "مُعاد",
    superseded: "الأصلي، صُحّح بالمراجعة {n}",
    recruits_short: "منهم {n} مستخدمين جدد",
    tenant_said: "المكتري:",
    manager_said: "المسيّر:",
    declared_by: "صرّح به {who} في {when}",
    validated_by: "صادق عليه {who} في {when}",
    review_comment: "تعليق (إلزامي عند الإعادة)",
    validate: "مصادقة",
    return_declaration: "إعادة",
    reviewed_ok: "تم تسجيل القرار.",
    edit_declaration: "استئناف هذا التصريح",
    correct_declaration: "تصحيح (مراجعة جديدة)",

    commitments_title: "التزامات إحداث مناصب الشغل",
    commitments_intro: "الالتزامات التي قطعها المكترون في اتفاقياتهم. «المنتظر حاليًا» يتبع خطًا مستقيمًا بين البداية والأجل؛ والمنجز هو آخر عدد مستخدمين مصادق عليه.",
    no_commitments: "لا يوجد التزام مسجل لهذه المنطقة.",
    col_committed: "المناصب الملتزم بها",
    col_start: "البداية",
    col_deadline: "الأجل",
    col_actual: "المنجز",
    col_expected: "المنتظر حاليًا",
    col_note: "ملاحظة",
    behind: "متأخر",
    on_track: "في الموعد",
    no_actual: "لا عدد مصادق عليه",
    add_commitment: "إضافة التزام",
    committed_jobs: "المناصب الملتزم بها",
    start_date: "البداية",
    deadline: "الأجل",
    note: "ملاحظة",
    save_commitment: "تسجيل الالتزام",
    commitment_saved: "تم تسجيل الالتزام.",

    incentives_title: "تقدير تحفيزات عرض ترحيل الخدمات",
    incentives_intro: "فكرة أولية عن المنح التي قد يخوّلها التوظيف، جهةً بجهة.",
    indicative: "تقديري: هذا التقدير ليس عرضًا ولا حقًا مكتسبًا. المبالغ الفعلية رهينة بالاتفاقية الموقعة مع الدولة وبالقواعد الجاري بها العمل في تاريخها.",
    region: "الجهة",
    recruits: "المستخدمون المغاربة الجدد",
    gross_pay: "متوسط الأجر الإجمالي السنوي الخاضع للضريبة لكل مستخدم (درهم)",
    equipment: "الاستثمار في التجهيزات (درهم، اختياري)",
    estimate: "تقدير",
    result_title: "تقدير تقريبي",
    paf_year: "منحة التكوين (PAF)، سنويًا",
    paf_year_note: "3,5٪ من الأجر الإجمالي السنوي لكل مستخدم جديد، كل سنة لمدة 5 سنوات",
    paf_total: "منحة التكوين على 5 سنوات",
    regional_per_job: "التكملة الجهوية عن كل منصب محدث",
    equipment_subsidy: "الدعم الجهوي للتجهيز",
    total: "المجموع التقديري",
    regional_note: "التكملة الجهوية المعتمدة:",
    no_top_up: "لا توجد تكملة جهوية محددة المبلغ لهذه الجهة.",
    pae_note: "منحة التشغيل (PAE) غير محتسبة: مبلغها غير منشور.",
    unit_mad: "درهم",
    estimate_for_region: "تقدير التحفيزات في هذه الجهة",

    err_check: "تحقق من «{field}»: {message}",
};

/// The balance catalogue in the page's language.
pub fn balance_strings(locale: Locale) -> &'static BalanceStrings {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
        Locale::Ar => &AR,
    }
}

/// A number with `digits` decimals, the language's thousands separator and
/// decimal mark ("1 234,5" in French, "1,234.5" in English).
pub fn decimal(locale: Locale, v: f64, digits: u32) -> String {
    let scale = 10_i64.pow(digits);
    let scaled = (v * scale as f64).round() as i64;
    let whole = locale.int(scaled.abs() / scale);
    let sign = if scaled < 0 { "-" } else { "" };
    if digits == 0 {
        return format!("{sign}{whole}");
    }
    let mark = if locale == Locale::En { "." } else { "," };
    let frac = scaled.abs() % scale;
    format!("{sign}{whole}{mark}{frac:0width$}", width = digits as usize)
}

/// A percentage with one decimal, e.g. "12.5%" or "12,5 %".
pub fn pct1(locale: Locale, p: f64) -> String {
    let n = decimal(locale, p, 1);
    match locale {
        Locale::En => format!("{n}%"),
        Locale::Fr | Locale::Ar => format!("{n}\u{a0}%"),
    }
}

/// A quarter in two short parts for a chart's axis: ("T3", "2026").
pub fn quarter_axis(locale: Locale, q: Quarter) -> (String, String) {
    let head = match locale {
        Locale::Fr => format!("T{}", q.quarter),
        Locale::En => format!("Q{}", q.quarter),
        Locale::Ar => format!("الربع {}", q.quarter),
    };
    (head, q.year.to_string())
}

/// The colon between a label and its value: French puts a space before it.
pub fn colon(locale: Locale) -> &'static str {
    if locale == Locale::Fr {
        "\u{a0}: "
    } else {
        ": "
    }
}

/// An amount in dirhams, e.g. "12 600 MAD".
pub fn mad(locale: Locale, amount: i64) -> String {
    format!(
        "{}\u{a0}{}",
        locale.int(amount),
        balance_strings(locale).unit_mad
    )
}

/// A plain-language reading of the concentration index, on the usual
/// thresholds (below 1,500: unconcentrated; above 2,500: highly concentrated).
pub fn hhi_level(s: &BalanceStrings, hhi: f64) -> &'static str {
    if hhi < 1_500.0 {
        s.hhi_low
    } else if hhi <= 2_500.0 {
        s.hhi_moderate
    } else {
        s.hhi_high
    }
}

/// A plausibility flag as the server names it ("density", "change"), in words.
pub fn flag_text(s: &BalanceStrings, flag: &str) -> String {
    match flag {
        "density" => s.flag_density.to_string(),
        "change" => s.flag_change.to_string(),
        other => other.to_string(),
    }
}

/// The label of a form field the server named in an `Invalid` error.
pub fn field_label(s: &BalanceStrings, field: &str) -> Option<&'static str> {
    Some(match field {
        "quarter" => s.quarter,
        "tenant" | "tenant_id" => s.tenant,
        "new_moroccan_recruits" => s.new_recruits,
        "comment" => s.comment,
        "lines" | "full_time" | "part_time" => s.col_lines,
        "ito_full" | "bpo_full" | "crm_full" | "eso_full" | "kpo_full" => s.full_time,
        "ito_part" | "bpo_part" | "crm_part" | "eso_part" | "kpo_part" => s.part_time,
        "jobs" => s.committed_jobs,
        "start_date" => s.start_date,
        "deadline" => s.deadline,
        "note" => s.note,
        "region" => s.region,
        "recruits" => s.recruits,
        "gross_annual_pay_mad" => s.gross_pay,
        "equipment_investment_mad" => s.equipment,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::fill;

    #[test]
    fn decimals_use_each_languages_marks() {
        assert_eq!(decimal(Locale::En, 1234.56, 1), "1,234.6");
        assert_eq!(decimal(Locale::Fr, 1234.56, 1), "1\u{202f}234,6");
        assert_eq!(decimal(Locale::En, 0.04, 1), "0.0");
        assert_eq!(decimal(Locale::En, -2.25, 2), "-2.25");
        assert_eq!(decimal(Locale::Fr, 4_600.4, 0), "4\u{202f}600");
        assert_eq!(mad(Locale::En, 126_000), "126,000\u{a0}MAD");
        assert_eq!(pct1(Locale::Fr, 12.46), "12,5\u{a0}%");
        let q = Quarter::new(2026, 3).unwrap();
        assert_eq!(
            quarter_axis(Locale::Fr, q),
            ("T3".to_string(), "2026".to_string())
        );
    }

    #[test]
    fn every_template_is_filled_in_every_language() {
        for l in Locale::ALL {
            let s = balance_strings(l);
            let filled = [
                fill(s.quarter_as_of, &[("quarter", "Q"), ("date", "D")]),
                fill(s.tenants_reporting, &[("n", "3")]),
                fill(
                    s.progress_label,
                    &[("jobs", "1"), ("target", "2"), ("pct", "3")],
                ),
                fill(s.tenant_option, &[("company", "C"), ("m2", "M")]),
                fill(s.resubmit_note, &[("revision", "2")]),
                fill(s.correct_note, &[("revision", "2")]),
                fill(s.declared_ok, &[("revision", "2")]),
                fill(s.superseded, &[("n", "2")]),
                fill(s.recruits_short, &[("n", "2")]),
                fill(s.declared_by, &[("who", "W"), ("when", "T")]),
                fill(s.validated_by, &[("who", "W"), ("when", "T")]),
                fill(s.err_check, &[("field", "F"), ("message", "M")]),
            ];
            for text in filled {
                assert!(!text.contains('{') && !text.contains('}'), "{text}");
            }
        }
    }

    #[test]
    fn the_concentration_index_reads_in_words() {
        let s = balance_strings(Locale::En);
        assert_eq!(hhi_level(s, 833.0), s.hhi_low);
        assert_eq!(hhi_level(s, 2_000.0), s.hhi_moderate);
        assert_eq!(hhi_level(s, 4_600.0), s.hhi_high);
        assert_eq!(flag_text(s, "density"), s.flag_density);
        assert_eq!(field_label(s, "ito_full"), Some(s.full_time));
        assert_eq!(field_label(s, "password"), None);
    }
}
