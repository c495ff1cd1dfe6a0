//! Random identifiers: v4 UUIDs, API-key secrets, authorisation codes.

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if getrandom::getrandom(&mut bytes).is_err() {
        // The OS generator is unavailable only in exotic sandboxes; fall back to time-based
        // bytes so the sandbox still works (its ids need to be unique, not secret).
        let seed = crate::clock::wall_ms() as u64 ^ (&bytes as *const _ as u64);
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (seed.rotate_left(i as u32 * 7) >> 3) as u8 ^ i as u8;
        }
    }
    bytes
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn uuid() -> String {
    let mut b = random_bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// A test key in the documented format: `api-test-` and 32 lowercase hex characters.
pub fn api_key() -> String {
    format!("api-test-{}", hex(&random_bytes::<16>()))
}

pub fn auth_code() -> String {
    let b = random_bytes::<4>();
    format!("{:06}", u32::from_le_bytes(b) % 1_000_000)
}

pub fn is_test_key(key: &str) -> bool {
    key.strip_prefix("api-test-").is_some_and(|tail| {
        tail.len() == 32
            && tail
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// The dashboard's per-process CSRF token: 32 hex characters.
pub fn csrf_token() -> String {
    hex(&random_bytes::<16>())
}
