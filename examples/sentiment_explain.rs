//! Prints why a text got its sentiment: per sentence, the tokens with their lexicon valence,
//! learned weight and contribution, and the rules that fired (a preview of `reviewlens explain`).
//!
//! ```text
//! cargo run --example sentiment_explain -- "It isn't very good, but the cast is GREAT!"
//! ```

use reviewlens::sentiment::{Scorer, Sentiment};
use reviewlens::tokenize::{Tokenizer, Tokens};

fn main() {
    let text = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let mut tokens = Tokens::new();
    Tokenizer::new().tokenize(&text, &mut tokens);
    let scorer = Scorer::new();
    for (i, s) in scorer.explain(&text, &tokens).iter().enumerate() {
        let p = s.scored.polarity;
        println!(
            "sentence {i}: {} compound {:.3} (pos {:.2} neg {:.2} neu {:.2}) {:?}",
            s.scored.label.as_str(),
            p.compound,
            p.positive,
            p.negative,
            p.neutral,
            s.span.of(&text)
        );
        for t in &s.tokens {
            let rules: Vec<&str> = t.rules.iter().map(|r| r.as_str()).collect();
            println!(
                "  {:<16} lexicon {:>5.2} learned {:>6.3} -> {:>6.3} {}",
                t.text,
                t.lexicon,
                t.learned,
                t.valence,
                rules.join(", ")
            );
        }
        for r in &s.rules {
            println!("  sentence rule: {}", r.as_str());
        }
    }
    let mut out = Sentiment::default();
    scorer.score(&text, &tokens, &[], &mut out);
    let p = out.review.polarity;
    println!(
        "review: {} compound {:.3}",
        out.review.label.as_str(),
        p.compound
    );
}
