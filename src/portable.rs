//! Arithmetic that gives the same bits on every machine, for the learners whose weights ship as
//! data files reproduced byte for byte (the entity typer, the attitude model): the platform's
//! `exp` need not be correctly rounded, so it may differ from machine to machine in its last
//! bit, and a learned weight with it.

/// `e^x` for `x <= 0` (a softmax's or a logistic's shifted scores): `x = k ln 2 + r` with
/// `|r| <= ln 2 / 2`, `e^r` by its Taylor series to the 12th power (error under 1e-12 there),
/// times `2^k`; below -100 it gives 0. Only `+`, `*`, `/` and a rounding, each correctly
/// rounded by IEEE 754, in a fixed order.
pub(crate) fn exp(x: f64) -> f64 {
    if x < -100.0 {
        return 0.0;
    }
    let k = (x / std::f64::consts::LN_2).round();
    let r = x - k * std::f64::consts::LN_2;
    let mut term = 1.0f64;
    let mut sum = 1.0f64;
    for n in 1..=12 {
        term *= r / f64::from(n);
        sum += term;
    }
    sum * f64::powi(2.0, k as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_is_close_to_the_platforms() {
        for x in [-99.0, -50.0, -3.3, -1.0, -0.1, 0.0] {
            let (a, b) = (exp(x), f64::exp(x));
            assert!((a - b).abs() <= 1e-12 * b, "{x}: {a} {b}");
        }
        assert_eq!(exp(-101.0), 0.0);
        assert_eq!(exp(0.0), 1.0);
    }
}
