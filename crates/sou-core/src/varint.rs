//! LEB128 variable-length integers: seven bits a byte, low bits first, high bit set on all but the
//! last byte. Small numbers (the deltas between sorted block ids) take one byte.

/// Appends `value` to `out`.
pub fn write(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads a value from the front of `bytes`: the value and the number of bytes it took, or `None`
/// when `bytes` ends inside the number or it does not fit in 64 bits.
#[inline]
pub fn read(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        value |= u64::from(b & 0x7F) << (7 * i);
        if b < 0x80 {
            return Some((value, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip() {
        let values = [0u64, 1, 127, 128, 300, 16_383, 16_384, u32::MAX as u64, u64::MAX];
        let mut out = Vec::new();
        for &v in &values {
            super::write(&mut out, v);
        }
        let mut at = 0;
        for &v in &values {
            let (got, n) = super::read(&out[at..]).unwrap();
            assert_eq!(got, v);
            at += n;
        }
        assert_eq!(at, out.len());
        assert_eq!(super::read(&[0x80, 0x80]), None);
    }
}
