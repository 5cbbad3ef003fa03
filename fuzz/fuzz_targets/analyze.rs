//! Any bytes, decoded as a review file would be, through every stage: no panic, the fast
//! tokenizer agrees with the general one, and every span the analysis reports lies on char
//! boundaries of the text, with character offsets that match it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reviewlens::aggregate::{EntityTable, Totals};
use reviewlens::pipeline::{Pipeline, Scratch};
use reviewlens::tokenize::Tokens;
use reviewlens::{read, Doc};
use std::sync::OnceLock;

static PIPELINE: OnceLock<Pipeline> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let pipeline = PIPELINE.get_or_init(Pipeline::new);
    let Ok((text, encoding)) = read::decode(data.to_vec()) else {
        return;
    };

    let (mut fast, mut general) = (Tokens::new(), Tokens::new());
    pipeline.tokenizer.tokenize(&text, &mut fast);
    pipeline.tokenizer.tokenize_general(&text, &mut general);
    assert_eq!(fast.tokens(), general.tokens(), "tokens of {text:?}");
    assert_eq!(
        fast.sentences(),
        general.sentences(),
        "sentences of {text:?}"
    );

    let mut scratch = Scratch::new();
    let analysis = pipeline.analyze(Doc::new("fuzz", "fuzz", text), encoding, &mut scratch);
    let text = analysis.doc.text.as_str();
    let chars = |byte: usize| text[..byte].chars().count() as u32;
    for s in &analysis.sentences {
        assert!(text.get(s.span.range()).is_some(), "sentence {:?}", s.span);
        assert_eq!(
            (s.start, s.end),
            (chars(s.span.start as usize), chars(s.span.end as usize))
        );
    }
    for m in &analysis.mentions {
        let span = m.mention.span;
        assert!(text.get(span.range()).is_some(), "mention {span:?}");
        assert_eq!(
            (m.start, m.end),
            (chars(span.start as usize), chars(span.end as usize))
        );
        assert!(
            (-1.0..=1.0).contains(&m.compound),
            "compound {}",
            m.compound
        );
        assert!((m.mention.sentence as usize) < analysis.sentences.len().max(1));
    }
    assert!((-1.0..=1.0).contains(&analysis.review.polarity.compound));
    let _ = pipeline.scorer.explain(text, &fast, &[]);
    let mut table = EntityTable::new();
    table.add_review(&analysis);
    let _ = table.iter().count();
    let _ = Totals::of(&analysis);
});
