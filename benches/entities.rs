//! Throughput of the entity stage on long reviews (bytes per second, one core).
//!
//! The text is written for the bench (fictional names), in the style of TV, film and music
//! reviews: casting parentheses, quoted songs, italic titles, surnames after full names, HTML
//! line breaks and curly quotes. The bench asserts a nonzero mention count so it can never
//! measure an empty loop.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use reviewlens::entity::EntityExtractor;
use reviewlens::tokenize::{Tokenizer, Tokens};
use std::hint::black_box;

const PARAGRAPHS: &[&str] = &[
    "Mara Quillon and Dorian Vale share a dance in Streamly’s Harbor Lights. Photo by Ines Calder\n\n",
    "I can’t resist a musical drama. Glasswork proved that songs could carry a story, while Crooked \
     Orchard was the more complete achievement. The show follows aspiring pianist Tomas Reyes \
     (Dorian Vale) and aspiring painter Greta “Gigi” Holm (Mara Quillon) through two timelines, \
     with Tomas’ cousin Felix (Anselm Brandt) stirring up trouble and Gigi’s mother (Rowena Stiles) \
     suing for custody.<br /><br />",
    "The resemblances to Moonlit Avenue are striking, not least because Quillon sang in that film. \
     Sadly, neither show creator Joanna Pike nor her writers can land a joke, and the episode \
     directed by horror veteran Ansel Morrow drags. Still, the duet between Vale and Quillon to \
     Harriet Bloom’s “Paper Lanterns” could have come straight out of *The Velvet Hour*, and the \
     opening number to Ondine Marsh’s “Silver Coast” is a delight.\n\n",
    "The album’s best track is \"Northern Static\" by The Lantern Choir, a slow-burning ballad that \
     frontman Callum Reeve wrote after a long tour; \"Hollow Bells\" and \"Glass Orchard\" complete \
     the sequence. Reeve sings like a man half asleep, and the band plays as if it has all night. \
     Listen to the chorus of “Paper Lanterns” again and you will hear why fans adore it.\n\n",
    "Peter Quill (Rafe Sorensen) and his partner, played by Lena Marchetti, chase a counterfeit \
     ring across the city in this old-fashioned thriller starring Sorensen, Marchetti and Tobias \
     Wren. Wren plays the villain with relish, and Marchetti as a weary detective is the best \
     thing in it. It is one of those rare films that rewards patience; Hollow Creek is a great \
     movie, and I would watch it again.\n\n",
];

fn long_review(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 4096);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(PARAGRAPHS[i % PARAGRAPHS.len()]);
        i += 1;
    }
    text
}

fn bench_entities(c: &mut Criterion) {
    let text = long_review(1 << 20);
    let mut tokens = Tokens::new();
    Tokenizer::new().tokenize(&text, &mut tokens);
    let extractor = EntityExtractor::new();
    let mut mentions = Vec::new();
    extractor.extract(&text, &tokens, &mut mentions);
    assert!(!mentions.is_empty(), "the bench text must yield mentions");

    let mut group = c.benchmark_group("entities");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("extract_long_review", |b| {
        b.iter(|| {
            mentions.clear();
            extractor.extract(black_box(&text), &tokens, &mut mentions);
            assert!(!mentions.is_empty());
            mentions.len()
        })
    });
    // Many short reviews, as a batch sees them.
    let short: Vec<&str> = PARAGRAPHS.to_vec();
    let short_bytes: usize = short.iter().map(|s| s.len()).sum();
    let short_tokens: Vec<Tokens> = short
        .iter()
        .map(|s| {
            let mut t = Tokens::new();
            Tokenizer::new().tokenize(s, &mut t);
            t
        })
        .collect();
    group.throughput(Throughput::Bytes(short_bytes as u64));
    group.bench_function("extract_short_reviews", |b| {
        b.iter(|| {
            let mut n = 0;
            for (s, t) in short.iter().zip(&short_tokens) {
                mentions.clear();
                extractor.extract(black_box(s), t, &mut mentions);
                n += mentions.len();
            }
            assert!(n > 0);
            n
        })
    });
    group.finish();
}

criterion_group!(benches, bench_entities);
criterion_main!(benches);
