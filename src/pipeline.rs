//! The per-document pipeline: tokenize → entities → sentiment, then the rows reports need.
//! (The entity stage runs first, as it needs the tokens only for its mentions' sentences.)
//!
//! [`Pipeline`] is built once and shared by every thread; [`Scratch`] holds one thread's reusable
//! buffers. [`Pipeline::analyze`] is pure: the same document gives the same [`Analysis`].
//! Character offsets in an `Analysis` count Unicode scalar values, as Python indexes a `str`.

use crate::doc::{CharOffsets, Doc, Span};
use crate::entity::{set_sentences, EntityExtractor, Mention};
use crate::sentiment::{Label, LabelBasis, MentionBasis, Rating, Scored, Scorer, Sentiment};
use crate::tokenize::{Tokenizer, Tokens};

/// The stages, built once.
#[derive(Clone, Debug, Default)]
pub struct Pipeline {
    /// Sentences and words.
    pub tokenizer: Tokenizer,
    /// Shows, actors, songs, people.
    pub extractor: EntityExtractor,
    /// Sentiment.
    pub scorer: Scorer,
}

/// One thread's reusable buffers.
#[derive(Debug, Default)]
pub struct Scratch {
    tokens: Tokens,
    mentions: Vec<Mention>,
    sentiment: Sentiment,
}

impl Scratch {
    /// Empty buffers.
    pub fn new() -> Scratch {
        Scratch::default()
    }
}

/// How the text of a document was decoded from its bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (a leading byte-order mark is dropped).
    #[default]
    Utf8,
    /// UTF-16 with a byte-order mark.
    Utf16,
    /// Not valid UTF-8: decoded as Windows-1252.
    Windows1252,
}

impl Encoding {
    /// The name written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// One sentence's place and score.
#[derive(Clone, Debug, PartialEq)]
pub struct SentenceRow {
    /// Bytes in the document text.
    pub span: Span,
    /// First character (Unicode scalar value) offset.
    pub start: u32,
    /// One past the last character offset.
    pub end: u32,
    /// Overall valence, -1..1 (the sentence's [`Polarity::compound`](crate::sentiment::Polarity)).
    pub compound: f64,
    /// Its label.
    pub label: Label,
}

/// One mention with its place in characters and its sentiment.
#[derive(Clone, Debug, PartialEq)]
pub struct MentionRow {
    /// The mention (byte span, kind, canonical name, role, sentence).
    pub mention: Mention,
    /// First character offset of the surface.
    pub start: u32,
    /// One past the last character offset.
    pub end: u32,
    /// Sentiment of the text around the mention, -1..1.
    pub compound: f64,
    /// The mention's label: by the sign of `compound`, or `mixed` in a mixed sentence when the
    /// mention's own clause leans neither way.
    pub label: Label,
}

/// Everything the reports need about one document.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// The document itself.
    pub doc: Doc,
    /// How its bytes were decoded.
    pub encoding: Encoding,
    /// Length in characters.
    pub chars: usize,
    /// Word and number tokens.
    pub words: usize,
    /// The sentences, in order.
    pub sentences: Vec<SentenceRow>,
    /// The whole review's sentiment.
    pub review: Scored,
    /// Which rule gave the review its label.
    pub basis: LabelBasis,
    /// The review's last explicit rating ("7/10", "Grade: B-"), if it states one.
    pub rating: Option<Rating>,
    /// How sure the label is, 0..1 ([`LabelBasis::confidence`] says what it measures).
    pub confidence: f64,
    /// The mentions, in text order.
    pub mentions: Vec<MentionRow>,
    /// Entities the mentions name (as names or roles): at least the distinct names among
    /// them, so that a table of entities can make room for them at once.
    pub entities: usize,
}

impl Pipeline {
    /// The default stages.
    pub fn new() -> Pipeline {
        Pipeline::default()
    }

    /// A pipeline from its stages.
    pub fn from_stages(
        tokenizer: Tokenizer,
        extractor: EntityExtractor,
        scorer: Scorer,
    ) -> Pipeline {
        Pipeline {
            tokenizer,
            extractor,
            scorer,
        }
    }

    /// What decided each of `mentions`' compounds in `text`, as [`Pipeline::analyze`] scored
    /// them: the rule and the words it read (for `explain`).
    pub fn mention_bases(&self, text: &str, mentions: &[Mention]) -> Vec<MentionBasis> {
        self.rescore(text, mentions).mention_bases
    }

    /// Scores `text` again with `mentions`: what the sentiment stage made of it.
    pub fn rescore(&self, text: &str, mentions: &[Mention]) -> Sentiment {
        let mut tokens = Tokens::new();
        self.tokenizer.tokenize(text, &mut tokens);
        let mut sentiment = Sentiment::default();
        self.scorer.score(text, &tokens, mentions, &mut sentiment);
        sentiment
    }

    /// What the attitude model made of each of `mentions` in `text` ([`Scorer::mention_attitudes`]:
    /// each one's rule, the compound it gave, and what the model weighed), for `explain`.
    pub fn mention_attitudes(
        &self,
        text: &str,
        mentions: &[Mention],
    ) -> Vec<crate::sentiment::MentionAttitude> {
        let mut tokens = Tokens::new();
        self.tokenizer.tokenize(text, &mut tokens);
        self.scorer.mention_attitudes(text, &tokens, mentions)
    }

    /// Runs every stage over `doc`.
    pub fn analyze(&self, doc: Doc, encoding: Encoding, scratch: &mut Scratch) -> Analysis {
        let text = doc.text.as_str();
        let Scratch {
            tokens,
            mentions,
            sentiment,
        } = scratch;
        // Entities first: the extractor needs the tokens only for the mentions' sentences, and
        // this way its buffers and the tokens are never in memory at the same time.
        mentions.clear();
        let entities = self.extractor.find(text, mentions);
        crate::scratch::fit(mentions);
        self.tokenizer.tokenize(text, tokens);
        set_sentences(tokens, mentions);
        self.scorer.score(text, tokens, mentions, sentiment);

        let words = tokens.word_count();
        // Only the sentences are needed now: a very large document's words are given back
        // before its rows are made.
        tokens.trim_words();

        // Character offsets are below 2^32: the tokenizer reads at most u32::MAX / 3 bytes.
        let mut offsets = CharOffsets::new(text);
        let mut char_offset = |byte: u32| offsets.char_offset(byte as usize) as u32;
        let mut sentences = Vec::with_capacity(tokens.sentences().len());
        sentences.extend(
            tokens
                .sentences()
                .iter()
                .zip(&sentiment.sentences)
                .map(|(s, scored)| SentenceRow {
                    span: s.span,
                    start: char_offset(s.span.start),
                    end: char_offset(s.span.end),
                    compound: scored.compound,
                    label: scored.label,
                }),
        );
        let mut rows = Vec::with_capacity(mentions.len());
        rows.extend(
            mentions
                .drain(..)
                .zip(&sentiment.mentions)
                .map(|(mention, &compound)| {
                    let sentence_label = sentiment
                        .sentences
                        .get(mention.sentence as usize)
                        .map_or(Label::Neutral, |s| s.label);
                    MentionRow {
                        start: char_offset(mention.span.start),
                        end: char_offset(mention.span.end),
                        label: mention_label(compound, sentence_label),
                        compound,
                        mention,
                    }
                }),
        );
        let chars = offsets.total();
        tokens.trim();
        sentiment.trim();
        crate::scratch::trim(mentions);
        Analysis {
            chars,
            words,
            sentences,
            review: sentiment.review,
            basis: sentiment.basis,
            rating: sentiment.rating,
            confidence: sentiment.confidence,
            mentions: rows,
            entities,
            encoding,
            doc,
        }
    }
}

/// Bytes of memory per byte of a review's text that [`memory_bound`] allows.
pub const MEMORY_PER_TEXT_BYTE: usize = 48;

/// Bytes of memory any review may need whatever its size, in [`memory_bound`].
pub const MEMORY_PER_REVIEW: usize = 16 << 20;

/// An upper bound of the peak memory, in bytes, that reading, analyzing, writing and tallying
/// one review of `text_bytes` bytes of text may need (its text included), beyond what the
/// process holds before it (the built [`Pipeline`], about 20 MB): a batch runner can refuse a
/// review the machine cannot hold, or hold back others while it runs. Reviews analyzed at
/// the same time each need theirs.
///
/// It is [`MEMORY_PER_TEXT_BYTE`] (48) times `text_bytes`, plus [`MEMORY_PER_REVIEW`]
/// (16 MiB). Measured on the worst patterns found, each repeated over 1, 8 and 10 MB: a quoted
/// name every 4 bytes (`'A' `), a sentence every 3 (`A. `, `A? `), a token every byte
/// (`a\n`), a distinct name every 8 (`'Abcde' `), a distinct cast every 14 (`Abcde (Fghij) `):
///
/// - peak resident memory (`/usr/bin/time -f %M reviewlens analyze FILE -o OUT -q -j1`, 10 MB
///   files, the process's own memory included): at most 37 bytes per byte of text;
/// - bytes allocated (`tests/memory.rs` counts them with a global allocator of its own):
///   at most 45 per byte, reached by a token list that has just doubled (its spare room is
///   address space the kernel backs only once written, so resident memory stays lower);
/// - ordinary prose (a sentence every 42 bytes; IMDB reviews joined into one): 7 to 10.
///
/// 48 is the allocated worst with a margin. The structures it rests on are per token (16
/// bytes, and 20 for the entity scanner's, not held at once), per sentence (16, plus 16 for
/// its score and 32 for its row), per mention (32, and 56 for its row) and per entity (a
/// shared name of 48 and an entity-table entry of 72).
pub fn memory_bound(text_bytes: usize) -> usize {
    text_bytes
        .saturating_mul(MEMORY_PER_TEXT_BYTE)
        .saturating_add(MEMORY_PER_REVIEW)
}

/// Compound at or beyond which a mention leans one way, as the evaluation scripts read it.
pub const MENTION_THRESHOLD: f64 = 0.05;

fn mention_label(compound: f64, sentence: Label) -> Label {
    if compound >= MENTION_THRESHOLD {
        Label::Positive
    } else if compound <= -MENTION_THRESHOLD {
        Label::Negative
    } else if sentence == Label::Mixed {
        Label::Mixed
    } else {
        Label::Neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mention_label_follows_sign_then_sentence() {
        let table = [
            (0.3, Label::Neutral, Label::Positive),
            (-0.3, Label::Positive, Label::Negative),
            (0.0, Label::Mixed, Label::Mixed),
            (0.01, Label::Positive, Label::Neutral),
        ];
        for (compound, sentence, expected) in table {
            assert_eq!(
                mention_label(compound, sentence),
                expected,
                "{compound} in {sentence:?}"
            );
        }
    }

    #[test]
    fn analysis_counts_characters_not_bytes() {
        let pipeline = Pipeline::new();
        let doc = Doc::new("a", "a.txt", "Café “Soundtrack” is great.");
        let analysis = pipeline.analyze(doc, Encoding::Utf8, &mut Scratch::new());
        assert_eq!(analysis.chars, 27);
        assert_eq!(analysis.sentences.len(), 1);
        assert_eq!(analysis.sentences[0].end, 27);
    }

    /// The analysis of `text` and its mentions.
    fn analyzed(pipeline: &Pipeline, text: &str) -> (Analysis, Vec<Mention>) {
        let analysis = pipeline.analyze(
            Doc::new("a", "a.txt", text),
            Encoding::Utf8,
            &mut Scratch::new(),
        );
        let mentions = analysis
            .mentions
            .iter()
            .map(|m| m.mention.clone())
            .collect();
        (analysis, mentions)
    }

    /// `mention_bases` scores the analysis's mentions again: its compounds must be the
    /// analysis's, mention for mention, so that `explain` shows what decided each one.
    #[test]
    fn mention_bases_score_the_mentions_as_the_analysis_did() {
        let pipeline = Pipeline::new();
        let text = "Tomas Reyes (Dorian Vale) is superb. Mara Quillon outshines Ines Calder, and \
                    the only reason to watch this mess is Felix Brandt. Tom Hanks and Austin \
                    Butler in Elvis. Gigi Holm is funnier than Rowena Stiles.";
        let (analysis, mentions) = analyzed(&pipeline, text);
        assert!(mentions.len() >= 8, "{mentions:?}");
        let bases = pipeline.mention_bases(text, &mentions);
        assert_eq!(bases.len(), mentions.len());
        let mut tokens = Tokens::new();
        pipeline.tokenizer.tokenize(text, &mut tokens);
        let mut again = Sentiment::default();
        pipeline.scorer.score(text, &tokens, &mentions, &mut again);
        for (m, c) in analysis.mentions.iter().zip(&again.mentions) {
            assert_eq!(m.compound.to_bits(), c.to_bits(), "{:?}", m.mention.name);
        }
        assert!(bases
            .iter()
            .any(|b| b.rule == crate::sentiment::MentionRule::Review));
        assert!(bases
            .iter()
            .any(|b| b.rule == crate::sentiment::MentionRule::AgainstComparison));
    }

    /// `mention_attitudes` says what gave each of the analysis's mention compounds: the
    /// attitude model's `2 P - 1` where it decided, else the rule's compound.
    #[test]
    fn mention_attitudes_give_the_analysis_compounds() {
        let pipeline = Pipeline::new();
        let text = "The show is a delight. Ann Lee is fine as the lead, and Bo Reed is \
                    superb. Cy Hart outshines Di Moss. Ann Lee and Cy Hart in Glow.";
        let (analysis, mentions) = analyzed(&pipeline, text);
        let attitudes = pipeline.mention_attitudes(text, &mentions);
        assert_eq!(attitudes.len(), mentions.len());
        let mut decided = 0;
        for (m, a) in analysis.mentions.iter().zip(&attitudes) {
            let expected = match &a.model {
                Some(decision) => {
                    decided += 1;
                    2.0 * decision.p_positive - 1.0
                }
                None => a.rule_compound,
            };
            assert!(
                (m.compound - expected).abs() < 1e-12,
                "{:?}: {} {a:?}",
                m.mention.name,
                m.compound
            );
        }
        // The model decides some (a mildly praised actor), the rules others (a comparison).
        assert!(decided > 0 && decided < attitudes.len(), "{attitudes:?}");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Review-like text: words, names, quotes of both kinds, casts, markup, emoji and junk.
    fn review_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("Paul James".to_string()),
            Just(" (".to_string()),
            Just(")".to_string()),
            Just("“".to_string()),
            Just("”".to_string()),
            Just("\"".to_string()),
            Just("’s ".to_string()),
            Just(" not bad, but ".to_string()),
            Just("*Title* ".to_string()),
            Just("<br /><br />".to_string()),
            Just("Mr. ".to_string()),
            Just(". ".to_string()),
            Just("!! ".to_string()),
            Just("😂👍🏽 ".to_string()),
            Just("\n\n".to_string()),
            "[A-Z][a-z]{1,8} ",
            "[a-z]{1,8} ",
            any::<String>(),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    fn check(text: &str) {
        let pipeline = Pipeline::new();
        let analysis = pipeline.analyze(
            Doc::new("p", "p", text),
            Encoding::Utf8,
            &mut Scratch::new(),
        );
        let in_range = |c: f64| c.is_finite() && (-1.0..=1.0).contains(&c);
        assert!(in_range(analysis.review.polarity.compound));
        let mut previous_end = 0;
        for m in &analysis.mentions {
            let span = m.mention.span;
            assert!(
                text.is_char_boundary(span.start as usize)
                    && text.is_char_boundary(span.end as usize)
            );
            assert!(span.start < span.end, "empty mention {m:?}");
            assert!(
                span.start as usize >= previous_end,
                "mentions overlap or are unsorted: {m:?}"
            );
            previous_end = span.end as usize;
            assert!(in_range(m.compound));
            assert_eq!(
                text[..span.start as usize].chars().count(),
                m.start as usize
            );
            assert!((m.mention.sentence as usize) < analysis.sentences.len().max(1));
        }
        for s in &analysis.sentences {
            assert!(in_range(s.compound));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn any_review_like_text_gives_sound_spans_and_scores(text in review_text()) {
            check(&text);
        }

        #[test]
        fn any_string_at_all_is_analyzed_without_panic(text in any::<String>()) {
            check(&text);
        }
    }
}
