//! Synthetic reviews for benchmarking at any scale.
//!
//! [`Synth`] writes realistic-looking reviews of invented TV series, films and albums: titles,
//! casts written "Character (Actor)", quoted songs with their artists, creators, and a verdict
//! (positive, negative or mixed) that steers the wording. Lengths run from 50 to 2,000 words,
//! most of them a few hundred, like real reviews.
//!
//! Invariants: the output depends only on the seed and the index of the review (review `i` is
//! the same whatever `N` is), so corpora are reproducible; no randomness comes from outside.

/// SplitMix64: a small, fast, well-distributed generator; plenty for text generation.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// A uniform float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Mara",
    "Dana",
    "Theo",
    "Iris",
    "Jonah",
    "Priya",
    "Callum",
    "Nadia",
    "Rufus",
    "Elena",
    "Marcus",
    "Ines",
    "Tobias",
    "Lena",
    "Omar",
    "Greta",
    "Felix",
    "Yara",
    "Declan",
    "Sofia",
    "Amos",
    "Rhea",
    "Silas",
    "Wren",
    "Jahlen",
    "Odile",
    "Casimir",
    "Talia",
    "Bram",
    "Noor",
    "Eamon",
    "Livia",
    "Ansel",
    "Kezia",
    "Hollis",
    "Margo",
    "Idris",
    "Petra",
    "Lucan",
    "Saoirse",
    "Dev",
    "Ottilie",
    "Kwame",
    "Beatrix",
    "Rollo",
    "Anouk",
    "Ezra",
    "Clementine",
    "Viggo",
    "Junie",
];
const LAST: &[&str] = &[
    "Okafor",
    "Quill",
    "Vance",
    "Hartwell",
    "Lindqvist",
    "Marchetti",
    "Abernathy",
    "Castellan",
    "Okonkwo",
    "Brannigan",
    "Delacroix",
    "Fairbanks",
    "Grimsby",
    "Holloway",
    "Ivers",
    "Jankowski",
    "Kestrel",
    "Lachance",
    "Montague",
    "Nakashima",
    "O'Rourke",
    "Pemberton",
    "Quintero",
    "Rasmussen",
    "Stroud",
    "Thackeray",
    "Underhill",
    "Valdivia",
    "Whitlock",
    "Yarrow",
    "Zeller",
    "Ashdown",
    "Bellweather",
    "Corrigan",
    "Dunmore",
    "Esterhazy",
    "Fenwick",
    "Galloway",
    "Haddad",
    "Ibarra",
    "Juniper",
    "Kilbride",
    "Lowell",
    "Moreau",
    "Nightingale",
    "Ortega",
    "Prescott",
    "Redgrave",
    "Sorensen",
];
const TITLE_A: &[&str] = &[
    "Harbor", "Midnight", "Paper", "Silver", "Broken", "Quiet", "Northern", "Velvet", "Hollow",
    "Golden", "Last", "Electric", "Salt", "Winter", "Crooked", "Borrowed", "Little", "Distant",
    "Bitter", "Lucky",
];
const TITLE_B: &[&str] = &[
    "Lights", "Hours", "Kingdom", "Season", "Street", "Garden", "Engine", "Harvest", "Signal",
    "Orchard", "Tide", "Republic", "Rooms", "Country", "Parade", "Weather", "Saints", "Machine",
    "Frontier", "Ballroom",
];
const SONG_A: &[&str] = &[
    "Falling", "Dancing", "Waiting", "Running", "Burning", "Drifting", "Holding", "Singing",
    "Breaking", "Chasing",
];
const SONG_B: &[&str] = &[
    "in the Dark",
    "for You",
    "on Glass",
    "Through Rain",
    "Like Thunder",
    "at Dawn",
    "All Night",
    "Back Home",
    "Without Warning",
    "in Neon",
];
const ROLES: &[&str] = &[
    "aspiring chef",
    "retired detective",
    "struggling songwriter",
    "small-town mayor",
    "reluctant heir",
    "night-shift nurse",
    "disgraced surgeon",
    "teenage hacker",
    "dancer-turned-cop",
    "widowed father",
    "ambitious intern",
];
const KINDS: &[(&str, &str)] = &[
    ("series", "season"),
    ("drama", "season"),
    ("comedy", "season"),
    ("film", "film"),
    ("thriller", "film"),
    ("musical", "show"),
];
const CREW: &[&str] = &[
    "created by",
    "directed by",
    "written by",
    "from showrunner",
    "choreographed by",
];
const ASPECTS: &[&str] = &[
    "script",
    "pacing",
    "score",
    "cinematography",
    "dialogue",
    "chemistry between the leads",
    "soundtrack",
    "finale",
    "choreography",
    "production design",
    "editing",
    "supporting cast",
    "humor",
    "plotting",
];
const GOOD: &[&str] = &[
    "wonderful",
    "sharp",
    "gorgeous",
    "heartfelt",
    "funny",
    "moving",
    "brilliant",
    "confident",
    "tender",
    "gripping",
    "beautifully judged",
    "genuinely surprising",
    "terrific",
    "charming",
];
const BAD: &[&str] = &[
    "bland",
    "clumsy",
    "overlong",
    "predictable",
    "wooden",
    "tedious",
    "messy",
    "flat",
    "gimmicky",
    "lifeless",
    "painfully slow",
    "forgettable",
    "shrill",
    "derivative",
];
const HEDGES: &[&str] = &[
    "could have been great",
    "should have been tighter",
    "never quite lands",
    "almost works",
];

/// The verdict a synthetic review leans to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Mostly praise.
    Positive,
    /// Mostly criticism.
    Negative,
    /// Both, strongly.
    Mixed,
}

/// Generates reviews from a seed.
#[derive(Clone, Debug)]
pub struct Synth {
    seed: u64,
}

struct Cast {
    character: String,
    actor: String,
    role: &'static str,
}

impl Synth {
    /// A generator; the same seed gives the same reviews.
    pub fn new(seed: u64) -> Synth {
        Synth { seed }
    }

    /// Review number `index` and its verdict.
    pub fn review(&self, index: u64) -> (String, Verdict) {
        let mut rng = Rng::new(self.seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
        let verdict = *rng.pick(&[Verdict::Positive, Verdict::Negative, Verdict::Mixed]);
        // Log-uniform length between 50 and 2,000 words: most reviews are a few hundred words.
        let target = (50.0 * 40f64.powf(rng.unit())) as usize;
        let (open, close) = if rng.chance(0.5) {
            ("\u{201C}", "\u{201D}")
        } else {
            ("\"", "\"")
        };
        let apostrophe = if open == "\"" { "'" } else { "\u{2019}" };
        let title = format!("{} {}", rng.pick(TITLE_A), rng.pick(TITLE_B));
        let &(kind, unit) = rng.pick(KINDS);
        let person = |rng: &mut Rng| format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        let cast: Vec<Cast> = (0..2 + rng.below(4))
            .map(|_| Cast {
                character: person(&mut rng),
                actor: person(&mut rng),
                role: ROLES[rng.below(ROLES.len())],
            })
            .collect();
        let creator = person(&mut rng);
        let mut text = String::with_capacity(target * 7);
        let mut words = 0;
        push_sentence(
            &mut text,
            &mut words,
            format!("{title} is a new {kind} {} {creator}.", rng.pick(CREW)),
        );
        for c in &cast {
            push_sentence(
                &mut text,
                &mut words,
                format!(
                    "The {} {} ({}) is at the centre of it.",
                    c.role, c.character, c.actor
                ),
            );
        }
        let surname = |name: &str| name.rsplit(' ').next().unwrap_or(name).to_string();
        let mut paragraph = 0;
        while words < target {
            let c = rng.pick(&cast);
            let praise = match verdict {
                Verdict::Positive => rng.chance(0.85),
                Verdict::Negative => rng.chance(0.15),
                Verdict::Mixed => rng.chance(0.5),
            };
            let adjective = if praise {
                rng.pick(GOOD)
            } else {
                rng.pick(BAD)
            };
            let line = match rng.below(7) {
                0 => format!("The {} is {adjective}.", rng.pick(ASPECTS)),
                1 => format!(
                    "{}{apostrophe}s performance is {adjective}, and the {unit} knows it.",
                    surname(&c.actor)
                ),
                2 => {
                    let artist = person(&mut rng);
                    let song = format!("{} {}", rng.pick(SONG_A), rng.pick(SONG_B));
                    format!("One scene is set to {artist}{apostrophe}s {open}{song}{close}, and it is {adjective}.")
                }
                3 => format!(
                    "{} plays {} with a {adjective} touch, but the {} {}.",
                    c.actor,
                    surname(&c.character),
                    rng.pick(ASPECTS),
                    if praise { "keeps up" } else { "lets it down" }
                ),
                4 => format!(
                    "It {}, though the {} is {adjective}.",
                    rng.pick(HEDGES),
                    rng.pick(ASPECTS)
                ),
                5 => format!(
                    "I {} the {} episode.",
                    if praise { "loved" } else { "could not stand" },
                    rng.pick(&["second", "third", "final", "opening"])
                ),
                _ => {
                    let song = format!("{} {}", rng.pick(SONG_A), rng.pick(SONG_B));
                    format!(
                        "The closing number, {open}{song}{close} by {}, is {adjective}!",
                        person(&mut rng)
                    )
                }
            };
            push_sentence(&mut text, &mut words, line);
            paragraph += 1;
            if paragraph % 6 == 0 {
                text.pop();
                text.push_str("\n\n");
            }
        }
        let closing = match verdict {
            Verdict::Positive => {
                format!("{title} is one of the best things I have seen this year.")
            }
            Verdict::Negative => format!("{title} is a waste of a good cast."),
            Verdict::Mixed => {
                format!("{title} is a mixed bag: lovely in places, frustrating in others.")
            }
        };
        text.push_str(&closing);
        text.push('\n');
        (text, verdict)
    }
}

fn push_sentence(text: &mut String, words: &mut usize, sentence: String) {
    *words += sentence.split_ascii_whitespace().count();
    text.push_str(&sentence);
    text.push(' ');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_review_whatever_else_was_generated() {
        let a = Synth::new(7);
        let b = Synth::new(7);
        assert_eq!(a.review(42), b.review(42));
        assert_ne!(a.review(42).0, a.review(43).0);
        assert_ne!(Synth::new(8).review(42).0, a.review(42).0);
    }

    #[test]
    fn reviews_run_from_50_to_about_2000_words_and_carry_casts_and_songs() {
        let synth = Synth::new(1);
        let mut lengths = Vec::new();
        let mut with_song = 0;
        for i in 0..300 {
            let (text, _) = synth.review(i);
            lengths.push(text.split_whitespace().count());
            assert!(text.contains(" ("), "a cast in parentheses: {text}");
            with_song += usize::from(text.contains('\u{201C}') || text.contains("'s \""));
        }
        assert!(
            lengths.iter().all(|&n| (50..=2100).contains(&n)),
            "{lengths:?}"
        );
        assert!(lengths.iter().any(|&n| n > 1000) && lengths.iter().any(|&n| n < 150));
        assert!(with_song > 100);
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = Rng::new(3);
        for n in [1, 2, 7, 1000] {
            assert!((0..100).all(|_| rng.below(n) < n));
        }
    }
}
