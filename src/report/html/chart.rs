//! Chart geometry: scales, ticks and bars in SVG user units, for the page's templates to draw.
//!
//! The templates place shapes only where these structs say; no coordinate is computed in a
//! template or anywhere else. Invariants:
//! - every coordinate is finite and inside the chart's box, whatever the counts (zero, one,
//!   millions);
//! - numbers are formatted once, with one decimal, so the same counts give the same bytes;
//! - a bar's `title` says in words what its size shows (a tooltip, and what a screen reader
//!   reads).

use serde::Serialize;

/// A linear map from a domain to a range of SVG units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Scale {
    /// Maps `d0..d1` onto `r0..r1` (either may run backwards); an empty domain maps to `r0`.
    pub fn new(d0: f64, d1: f64, r0: f64, r1: f64) -> Scale {
        Scale { d0, d1, r0, r1 }
    }

    /// Where `x` goes, clamped to the range.
    pub fn at(&self, x: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span == 0.0 || !x.is_finite() {
            return self.r0;
        }
        let t = ((x - self.d0) / span).clamp(0.0, 1.0);
        self.r0 + t * (self.r1 - self.r0)
    }
}

/// A number as the page writes it: with a real minus sign (U+2212), and zero unsigned.
pub fn minus(number: &str) -> String {
    let digits = number.trim_start_matches(['+', '-']);
    if digits.bytes().all(|b| b == b'0' || b == b'.') {
        digits.to_string()
    } else {
        number.replace('-', "\u{2212}")
    }
}

/// A number of SVG units, as written into the page: one decimal.
fn units(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let s = format!("{x:.1}");
    if s == "-0.0" {
        "0.0".to_string()
    } else {
        s
    }
}

/// Round tick values from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten,
/// `max_ticks` ticks at most (at least two: 0 and the step).
pub fn nice_ticks(max: u64, max_ticks: usize) -> Vec<u64> {
    let max_ticks = max_ticks.max(2) as u64;
    let mut step = 1u64;
    'search: loop {
        for m in [1u64, 2, 5] {
            let s = step.saturating_mul(m);
            // Ticks 0, s, 2s ... up to the first at or over max.
            let n = max.div_ceil(s.max(1)) + 1;
            if n <= max_ticks || s == u64::MAX {
                step = s;
                break 'search;
            }
        }
        step = step.saturating_mul(10);
    }
    let last = max.div_ceil(step).max(1);
    (0..=last).map(|i| i * step).collect()
}

/// A bar, in SVG units.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bar {
    pub x: String,
    pub y: String,
    pub w: String,
    pub h: String,
    /// The CSS class that colours it (`pos`, `neg`, `mix`, `neu`).
    pub class: &'static str,
    /// What it shows, in words.
    pub title: String,
}

/// A tick on an axis: where it is along the axis, where its label goes across it, and the
/// label.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tick {
    pub at: String,
    pub label_at: String,
    pub label: String,
}

/// A histogram of review compounds over -1..1 with labeled axes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Histogram {
    pub width: u32,
    pub height: u32,
    /// The plot area: left, top, right, bottom.
    pub left: String,
    pub top: String,
    pub right: String,
    pub bottom: String,
    pub bars: Vec<Bar>,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    /// The x axis' zero line.
    pub zero: String,
    /// Where x ticks end below the axis.
    pub tick_end: String,
    /// Where the x axis' title goes (its centre), and the y axis' (its centre, turned).
    pub x_title: (String, String),
    pub y_title: (String, String),
}

/// Bins of review compounds: `BINS` of equal width over -1..1.
pub const BINS: usize = 20;

/// The bin a compound falls in (1.0 in the last).
pub fn bin_of(compound: f64) -> usize {
    if !compound.is_finite() {
        return BINS / 2;
    }
    let i = ((compound + 1.0) / 2.0 * BINS as f64).floor();
    (i.max(0.0) as usize).min(BINS - 1)
}

/// The histogram of `bins` (counts of reviews per bin of [`bin_of`]).
pub fn histogram(bins: &[u64; BINS]) -> Histogram {
    let (width, height) = (600u32, 260u32);
    // Room on the left for a count of eight digits and the axis' title.
    let (left, right, top, bottom) = (76.0, width as f64 - 16.0, 14.0, height as f64 - 46.0);
    let max = bins.iter().copied().max().unwrap_or(0);
    let ticks = nice_ticks(max, 6);
    let y_max = *ticks.last().unwrap_or(&1) as f64;
    let y = Scale::new(0.0, y_max, bottom, top);
    let x = Scale::new(-1.0, 1.0, left, right);
    let bars = bins
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            // Edges from whole numbers of bins: the middle edge is exactly 0.
            let lo = (2 * i as i64 - BINS as i64) as f64 / BINS as f64;
            let hi = (2 * (i as i64 + 1) - BINS as i64) as f64 / BINS as f64;
            let (x0, x1) = (x.at(lo), x.at(hi));
            let y0 = y.at(count as f64);
            let class = if i < BINS / 2 { "neg" } else { "pos" };
            let closing = if i == BINS - 1 { ']' } else { ')' };
            Bar {
                x: units(x0 + 0.5),
                y: units(y0),
                w: units((x1 - x0 - 1.0).max(0.0)),
                h: units(bottom - y0),
                class,
                title: format!(
                    "{} review{} with a compound in [{}, {}{closing}",
                    thousands(count),
                    if count == 1 { "" } else { "s" },
                    minus(&format!("{lo:+.1}")),
                    minus(&format!("{hi:+.1}"))
                ),
            }
        })
        .collect();
    let x_ticks = [-1.0, -0.5, 0.0, 0.5, 1.0]
        .iter()
        .map(|&v: &f64| Tick {
            at: units(x.at(v)),
            label_at: units(bottom + 18.0),
            label: if v == 0.0 {
                "0".to_string()
            } else {
                minus(&format!("{v:+.1}"))
            },
        })
        .collect();
    let y_ticks = ticks
        .iter()
        .map(|&t| Tick {
            at: units(y.at(t as f64)),
            label_at: units(left - 6.0),
            label: thousands(t),
        })
        .collect();
    Histogram {
        width,
        height,
        left: units(left),
        top: units(top),
        right: units(right),
        bottom: units(bottom),
        bars,
        x_ticks,
        y_ticks,
        zero: units(x.at(0.0)),
        tick_end: units(bottom + 5.0),
        x_title: (units((left + right) / 2.0), units(height as f64 - 6.0)),
        y_title: (units(12.0), units((top + bottom) / 2.0)),
    }
}

/// A diverging bar of one entity's mentions: negative to the left of the centre, positive to
/// the right, mixed straddling it (half on each side), each as a share of the labeled
/// (non-neutral) mentions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diverging {
    pub width: u32,
    pub centre: String,
    pub neg_x: String,
    pub neg_w: String,
    pub mix_x: String,
    pub mix_w: String,
    pub pos_x: String,
    pub pos_w: String,
    pub title: String,
}

/// The [`Diverging`] bar of `positive`, `negative` and `mixed` mentions, `width` units wide.
pub fn diverging(positive: u64, negative: u64, mixed: u64, neutral: u64, width: u32) -> Diverging {
    let total = positive + negative + mixed;
    let half = width as f64 / 2.0;
    let share = |n: u64| {
        if total == 0 {
            0.0
        } else {
            n as f64 / total as f64 * half
        }
    };
    let (neg, mix, pos) = (share(negative), share(mixed), share(positive));
    let mix_x = half - mix / 2.0;
    Diverging {
        width,
        centre: units(half),
        neg_x: units(mix_x - neg),
        neg_w: units(neg),
        mix_x: units(mix_x),
        mix_w: units(mix),
        pos_x: units(mix_x + mix),
        pos_w: units(pos),
        title: format!(
            "{} positive, {} negative, {} mixed, {} neutral mentions",
            thousands(positive),
            thousands(negative),
            thousands(mixed),
            thousands(neutral)
        ),
    }
}

/// `n` with a comma between groups of three digits: 1,048,576.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> f64 {
        s.parse().unwrap()
    }

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(nice_ticks(0, 6), vec![0, 1]);
        assert_eq!(nice_ticks(7, 6), vec![0, 2, 4, 6, 8]);
        assert_eq!(nice_ticks(10, 6), vec![0, 2, 4, 6, 8, 10]);
        assert_eq!(nice_ticks(1234, 6), vec![0, 500, 1000, 1500]);
        for max in [1u64, 3, 99, 100, 101, 25_000, 11_700_000, u64::MAX / 4] {
            let ticks = nice_ticks(max, 6);
            assert!(ticks.len() <= 6 && ticks.len() >= 2, "{max}: {ticks:?}");
            assert!(*ticks.last().unwrap() >= max, "{max}: {ticks:?}");
        }
    }

    #[test]
    fn bins_split_minus_one_to_one_evenly() {
        assert_eq!(bin_of(-1.0), 0);
        assert_eq!(bin_of(-0.95), 0);
        assert_eq!(bin_of(-0.0001), BINS / 2 - 1);
        assert_eq!(bin_of(0.0), BINS / 2);
        assert_eq!(bin_of(1.0), BINS - 1);
        assert_eq!(bin_of(f64::NAN), BINS / 2);
        assert_eq!(bin_of(7.0), BINS - 1);
    }

    #[test]
    fn histogram_bars_stay_in_the_plot_and_grow_with_their_counts() {
        let mut bins = [0u64; BINS];
        bins[3] = 10;
        bins[15] = 40;
        let h = histogram(&bins);
        let (top, bottom) = (num(&h.top), num(&h.bottom));
        for bar in &h.bars {
            let (y, hh) = (num(&bar.y), num(&bar.h));
            assert!(y >= top - 1e-9 && y + hh <= bottom + 1e-9, "{bar:?}");
            assert!(num(&bar.x) >= num(&h.left) && num(&bar.x) <= num(&h.right));
        }
        assert!(num(&h.bars[15].h) > 3.9 * num(&h.bars[3].h) - 0.2);
        assert_eq!(num(&h.bars[0].h), 0.0);
        assert_eq!(h.bars[3].class, "neg");
        // The bins on each side of 0 take its side's colour.
        assert_eq!(h.bars[BINS / 2 - 1].class, "neg");
        assert_eq!(h.bars[BINS / 2].class, "pos");
        assert!(
            h.bars[BINS / 2 - 1].title.ends_with("[\u{2212}0.1, 0.0)"),
            "{}",
            h.bars[9].title
        );
        assert_eq!(h.bars[15].class, "pos");
        assert!(h.bars[15].title.starts_with("40 reviews"));
        // No reviews at all: an empty, well-formed chart.
        let empty = histogram(&[0; BINS]);
        assert!(empty.bars.iter().all(|b| num(&b.h) == 0.0));
    }

    #[test]
    fn diverging_bars_meet_at_the_centre() {
        let d = diverging(6, 2, 2, 5, 200);
        assert_eq!(num(&d.centre), 100.0);
        // Mixed straddles the centre; negative ends where mixed starts, positive starts where
        // it ends; the three fill half the width at most on each side.
        assert_eq!(num(&d.mix_x) + num(&d.mix_w) / 2.0, 100.0);
        assert_eq!(num(&d.neg_x) + num(&d.neg_w), num(&d.mix_x));
        assert_eq!(num(&d.pos_x), num(&d.mix_x) + num(&d.mix_w));
        assert_eq!(num(&d.pos_w), 60.0);
        assert!(d.title.contains("5 neutral"));
        let none = diverging(0, 0, 0, 3, 200);
        assert_eq!(num(&none.pos_w) + num(&none.neg_w) + num(&none.mix_w), 0.0);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_048_576), "1,048,576");
    }
}
