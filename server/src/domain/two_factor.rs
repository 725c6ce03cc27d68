//! Two-factor sign-in rules (layer: domain, pure): who must have a second
//! factor, how long the step between password and code may last, and the
//! recovery codes (their format, how a typed one is read, what a second step
//! typed: an app code or a recovery code).
use app::model::Role;
use chrono::Duration;

use super::totp;

/// Recovery codes a user gets at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// Characters of a recovery code (without its dashes): 12 of 32 letters,
/// 60 bits drawn from the system random source.
pub const RECOVERY_CODE_CHARS: usize = 12;
/// The letters of recovery codes: digits and lower-case letters without
/// i, l, o and u, which are read as 1, 1, 0 and v (Crockford's base32).
const RECOVERY_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// How long the pending login between the password and the code lasts.
pub fn pending_login_lifetime() -> Duration {
    Duration::minutes(5)
}

/// Whether a role must have a second factor when the registry requires it:
/// admins and park managers. Tenant representatives may opt in, never forced.
pub fn must_enrol(role: Role, required: bool) -> bool {
    required && matches!(role, Role::Admin | Role::ParkManager)
}

/// A recovery code from random bytes (one letter per byte, 5 bits of each),
/// shown as `xxxx-xxxx-xxxx`.
pub fn recovery_code(random: &[u8; RECOVERY_CODE_CHARS]) -> String {
    let letters: Vec<char> = random
        .iter()
        .map(|b| char::from(RECOVERY_ALPHABET[usize::from(b & 31)]))
        .collect();
    letters
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A typed recovery code in its stored form (the letters, lower case, no
/// dashes or spaces; i, l, o and u read as Crockford's base32 reads them),
/// or `None` when it cannot be one.
pub fn normalize_recovery_code(typed: &str) -> Option<String> {
    let mut out = String::with_capacity(RECOVERY_CODE_CHARS);
    for c in typed.chars() {
        let c = match c.to_ascii_lowercase() {
            ' ' | '-' => continue,
            'i' | 'l' => '1',
            'o' => '0',
            'u' => 'v',
            c => c,
        };
        if !c.is_ascii() || !RECOVERY_ALPHABET.contains(&(c as u8)) {
            return None;
        }
        out.push(c);
    }
    (out.len() == RECOVERY_CODE_CHARS).then_some(out)
}

/// What the second step of a sign-in typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondFactor {
    /// Six digits from the authenticator app.
    AppCode(String),
    /// A recovery code, normalized.
    RecoveryCode(String),
}

/// Reads the second step's field: six digits are an app code, twelve
/// recovery letters a recovery code; anything else is refused with what to type.
pub fn parse_second_factor(typed: &str) -> Result<SecondFactor, &'static str> {
    let trimmed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if trimmed.len() == totp::DIGITS as usize && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(SecondFactor::AppCode(trimmed));
    }
    normalize_recovery_code(&trimmed)
        .map(SecondFactor::RecoveryCode)
        .ok_or("type the 6 digits your app shows, or one of your recovery codes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_and_managers_must_enrol_when_required_and_tenant_reps_never() {
        assert!(must_enrol(Role::Admin, true));
        assert!(must_enrol(Role::ParkManager, true));
        assert!(!must_enrol(Role::TenantRep, true));
        for role in Role::ALL {
            assert!(!must_enrol(role, false), "{role:?}");
        }
    }

    #[test]
    fn recovery_codes_read_back_whatever_the_case_dashes_or_look_alike_letters() {
        let random: [u8; RECOVERY_CODE_CHARS] = [0, 1, 2, 31, 30, 29, 200, 17, 18, 19, 20, 21];
        let code = recovery_code(&random);
        assert_eq!(code.len(), RECOVERY_CODE_CHARS + 2);
        assert_eq!(code.matches('-').count(), 2);
        let stored = normalize_recovery_code(&code).unwrap();
        assert_eq!(stored, code.replace('-', ""));
        assert_eq!(
            normalize_recovery_code(&code.to_uppercase().replace('-', " ")),
            Some(stored.clone())
        );
        assert_eq!(
            normalize_recovery_code("0123-4567-89ab"),
            normalize_recovery_code("oI23-4567-89AB")
        );
        assert_eq!(normalize_recovery_code("0123-4567-89a"), None);
        assert_eq!(normalize_recovery_code("0123-4567-89a!"), None);
        assert_eq!(normalize_recovery_code("0123-4567-89aé"), None);
    }

    #[test]
    fn six_digits_are_an_app_code_and_twelve_letters_a_recovery_code() {
        assert_eq!(
            parse_second_factor(" 123 456 "),
            Ok(SecondFactor::AppCode("123456".into()))
        );
        assert_eq!(
            parse_second_factor("abcd-efgh-jkmn"),
            Ok(SecondFactor::RecoveryCode("abcdefghjkmn".into()))
        );
        assert!(parse_second_factor("12345").is_err());
        assert!(parse_second_factor("").is_err());
        assert!(parse_second_factor("1234567").is_err());
    }
}
