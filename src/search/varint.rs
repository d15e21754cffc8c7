//! Unsigned LEB128 numbers, the lengths and numbers packed text holds:
//! seven bits a byte, the top bit set on every byte but the last, so a
//! short length or a small number takes one byte.

pub(crate) fn put(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// The number at `*at` in `data`, moving `*at` past it; `None` when the
/// data ends inside it (it is then past the end). Bits beyond a `usize`
/// are dropped.
pub(crate) fn read(data: &[u8], at: &mut usize) -> Option<usize> {
    let mut n = 0usize;
    let mut shift = 0u32;
    while let Some(&b) = data.get(*at) {
        *at += 1;
        n |= usize::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
        if b & 0x80 == 0 {
            return Some(n);
        }
        shift += 7;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_come_back_and_a_cut_one_reads_as_none() {
        let numbers = [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX as usize, usize::MAX];
        let mut out = Vec::new();
        for n in numbers {
            put(&mut out, n);
        }
        assert_eq!(out[..2], [0, 1]);
        let mut at = 0;
        for n in numbers {
            assert_eq!(read(&out, &mut at), Some(n));
        }
        assert_eq!((read(&out, &mut at), at), (None, out.len()));
        let mut at = 0;
        assert_eq!(read(&[0x80, 0x80], &mut at), None);
    }
}
