//! Time-based one-time passwords (layer: domain, pure): RFC 6238 TOTP over
//! HMAC-SHA1 (RFC 4226's dynamic truncation), 30-second steps, the ±1 step
//! window a sign-in accepts, base32 (RFC 4648, no padding) for the secret
//! people type into their app, and the `otpauth://` URI the QR code carries.
//! No clock here: callers pass the Unix time.
use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds per step (RFC 6238's default, what every authenticator app uses).
pub const STEP_S: i64 = 30;
/// Digits of the codes people type.
pub const DIGITS: u32 = 6;
/// Steps either side of the current one that a code may be from (clock drift,
/// the seconds it takes to type).
pub const WINDOW: i64 = 1;
/// Bytes of a secret: 160 bits, the HMAC-SHA1 output size (RFC 4226 §4).
pub const SECRET_BYTES: usize = 20;
/// Who the authenticator app says the code is for.
pub const ISSUER: &str = "Tech Valley Registry";

/// The step a Unix time falls in (T0 = 0).
pub fn step_at(unix_s: i64) -> i64 {
    unix_s.div_euclid(STEP_S)
}

/// RFC 4226 HOTP: HMAC-SHA1 of the counter, dynamically truncated, `digits` long.
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> u32 {
    // HMAC takes a key of any length: new_from_slice cannot fail for it.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        return 0;
    };
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = usize::from(h[h.len() - 1] & 0x0f);
    let binary = (u32::from(h[offset]) & 0x7f) << 24
        | u32::from(h[offset + 1]) << 16
        | u32::from(h[offset + 2]) << 8
        | u32::from(h[offset + 3]);
    binary % 10u32.pow(digits)
}

/// The code of a step, zero-padded to `digits`.
pub fn code_at_step(secret: &[u8], step: i64, digits: u32) -> String {
    let counter = u64::try_from(step).unwrap_or(0);
    format!(
        "{:0width$}",
        hotp(secret, counter, digits),
        width = digits as usize
    )
}

/// The code people type at `unix_s`.
pub fn code_at(secret: &[u8], unix_s: i64) -> String {
    code_at_step(secret, step_at(unix_s), DIGITS)
}

/// The step whose code `typed` is, within ±[`WINDOW`] of `unix_s`, if any.
/// The comparison of each candidate is in constant time. The caller refuses
/// a step it has already accepted (replay).
pub fn matching_step(secret: &[u8], typed: &str, unix_s: i64) -> Option<i64> {
    let typed = typed.trim();
    if typed.len() != DIGITS as usize || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_at(unix_s);
    let mut found = None;
    for step in now - WINDOW..=now + WINDOW {
        let expected = code_at_step(secret, step, DIGITS);
        if subtle_eq(expected.as_bytes(), typed.as_bytes()) && found.is_none() {
            found = Some(step);
        }
    }
    found
}

fn subtle_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32, upper case, without padding.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decodes RFC 4648 base32, case-insensitive, ignoring spaces, dashes and
/// any trailing `=` padding (as people copy a secret).
pub fn base32_decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.trim_end_matches('=').chars() {
        if c == ' ' || c == '-' {
            continue;
        }
        let up = c.to_ascii_uppercase();
        let Some(v) = BASE32.iter().position(|&b| char::from(b) == up) else {
            return Err(format!("'{c}' is not a base32 letter (A-Z, 2-7)"));
        };
        buffer = (buffer << 5) | v as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Ok(out)
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `otpauth://totp/…` URI an authenticator app reads from the QR code
/// (Google Authenticator's key URI format): label "issuer:account", the
/// base32 secret, and the algorithm, digits and period spelled out.
pub fn otpauth_uri(account: &str, secret_base32: &str) -> String {
    let issuer = url_encode(ISSUER);
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret_base32}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_S}",
        account = url_encode(account),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, the SHA-1 rows: the 20-byte ASCII secret
    /// "12345678901234567890", 8 digits.
    #[test]
    fn rfc_6238_appendix_b_sha1_vectors() {
        let secret = b"12345678901234567890";
        for (time, expected) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(
                code_at_step(secret, step_at(time), 8),
                expected,
                "T = {time}"
            );
        }
    }

    #[test]
    fn six_digit_codes_are_the_last_six_of_the_truncated_value() {
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59), "287082");
        assert_eq!(code_at(secret, 1_111_111_109), "081804");
        assert_eq!(code_at(secret, 0).len(), 6);
    }

    #[test]
    fn a_code_matches_within_one_step_either_side_and_not_beyond() {
        let secret = b"12345678901234567890";
        let t = 1_111_111_111;
        let now = step_at(t);
        let code = code_at(secret, t);
        assert_eq!(matching_step(secret, &code, t), Some(now));
        assert_eq!(matching_step(secret, &code, t + STEP_S), Some(now));
        assert_eq!(matching_step(secret, &code, t - STEP_S), Some(now));
        assert_eq!(matching_step(secret, &code, t + 2 * STEP_S), None);
        assert_eq!(matching_step(secret, &code, t - 2 * STEP_S), None);
        let next = code_at(secret, t + STEP_S);
        assert_eq!(matching_step(secret, &next, t), Some(now + 1));
        assert_eq!(matching_step(secret, " 123 ", t), None);
        assert_eq!(matching_step(secret, "12345a", t), None);
        assert_eq!(matching_step(secret, "1234567", t), None);
        assert_eq!(matching_step(b"another secret......", &code, t), None);
    }

    /// RFC 4648 §10, without the padding.
    #[test]
    fn rfc_4648_base32_vectors_encode_and_decode() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32_encode(plain.as_bytes()), encoded);
            assert_eq!(base32_decode(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(base32_decode("MZXW6YQ=").unwrap(), b"foob");
        assert_eq!(base32_decode("mzxw 6ytb-oi").unwrap(), b"foobar");
        assert!(base32_decode("MZ1W").unwrap_err().contains("'1'"));
    }

    #[test]
    fn a_twenty_byte_secret_is_32_letters_and_comes_back_whole() {
        let secret: Vec<u8> = (0u8..20).map(|i| i.wrapping_mul(37)).collect();
        let text = base32_encode(&secret);
        assert_eq!(text.len(), 32);
        assert_eq!(base32_decode(&text).unwrap(), secret);
    }

    #[test]
    fn the_otpauth_uri_names_the_issuer_and_the_encoded_account() {
        let uri = otpauth_uri("m.alaoui+parks@cdg.ma", "JBSWY3DPEHPK3PXP");
        assert_eq!(
            uri,
            "otpauth://totp/Tech%20Valley%20Registry:m.alaoui%2Bparks%40cdg.ma?secret=JBSWY3DPEHPK3PXP&issuer=Tech%20Valley%20Registry&algorithm=SHA1&digits=6&period=30"
        );
    }
}
