//! Behaviour tests in the CheckList style (Ribeiro et al., 2020): tables of sentences with the
//! sign the scorer must give, one table per capability.

use super::*;
use crate::doc::Span;
use crate::entity::{Mention, MentionKind};
use crate::tokenize::{Tokenizer, Tokens};

fn score(text: &str) -> Sentiment {
    let mut tokens = Tokens::new();
    Tokenizer::new().tokenize(text, &mut tokens);
    let mut out = Sentiment::default();
    Scorer::new().score(text, &tokens, &[], &mut out);
    out
}

fn compound(text: &str) -> f64 {
    score(text).review.polarity.compound
}

/// Checks that every text has the expected sign (+1, -1, or 0 for |compound| < 0.05).
fn check_signs(capability: &str, cases: &[(&str, i32)]) {
    let mut failures = Vec::new();
    for &(text, sign) in cases {
        let c = compound(text);
        let got = if c >= 0.05 {
            1
        } else if c <= -0.05 {
            -1
        } else {
            0
        };
        if got != sign {
            failures.push(format!("{text:?}: expected {sign}, got {c:.3}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{capability}:\n{}",
        failures.join("\n")
    );
}

/// Checks that the first text of each pair scores strictly higher than the second.
fn check_order(capability: &str, cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for &(high, low) in cases {
        let (h, l) = (compound(high), compound(low));
        if h <= l {
            failures.push(format!("{high:?} ({h:.3}) should beat {low:?} ({l:.3})"));
        }
    }
    assert!(
        failures.is_empty(),
        "{capability}:\n{}",
        failures.join("\n")
    );
}

#[test]
fn plain_lexicon_words_have_their_sign() {
    check_signs(
        "lexicon",
        &[
            ("The acting is wonderful.", 1),
            ("The plot is dreadful.", -1),
            ("A bland, formulaic and predictable sequel.", -1),
            ("A heartfelt, mesmerizing performance.", 1),
            ("The lead is wooden and the script is stilted.", -1),
            ("This show is binge-worthy.", 1),
            ("A must-see.", 1),
            // A hyphenated word known only by its learned weight takes its strongest part.
            ("It leaves you with some good-looking numbers.", 1),
            ("The song is an earworm.", 1),
            ("The series has eight episodes.", 0),
        ],
    );
}

#[test]
fn judgement_words_vader_lacks_move_the_sentence_itself() {
    // Sentence compounds, not the review's (whose learned evidence knew these words before).
    let sentence = |text: &str| score(text).sentences[0].compound;
    for text in [
        "The acting was atrocious.",
        "The plot is inane and the effects are shoddy.",
        "Two hours of sloppy, illogical tedium.",
    ] {
        assert!(sentence(text) <= -0.05, "{text:?}: {}", sentence(text));
    }
    for text in [
        "A tremendous, palpable, uplifting film.",
        "It is essential viewing, expertly made.",
    ] {
        assert!(sentence(text) >= 0.05, "{text:?}: {}", sentence(text));
    }
}

#[test]
fn negation_flips_the_words_in_its_scope() {
    check_signs(
        "negation",
        &[
            ("The movie is not good.", -1),
            ("It isn't very good.", -1),
            ("It isn’t good at all.", -1),
            ("Not bad at all.", 1),
            ("The second season is never dull.", 1),
            ("I had no problems at all with it.", 1),
            ("The cast plays it without a single false note.", 1),
            ("This was not a great film.", -1),
            ("The songs don't work.", -1),
            ("It's not only funny but also moving.", 1),
            ("The script lacks charm.", -1),
        ],
    );
}

#[test]
fn an_inverted_negator_opening_a_sentence_emphasizes() {
    check_signs(
        "inversion",
        &[
            ("Never has a sitcom been so funny.", 1),
            ("Rarely have I seen such a beautiful film.", 1),
            ("Never funny, never moving.", -1),
        ],
    );
}

#[test]
fn runs_of_capitalized_words_are_names_not_opinions() {
    check_signs(
        "names",
        &[
            ("I watched Breaking Bad with Blake Lively last night.", 0),
            ("Blake Lively is wooden.", -1),
            ("GREAT SHOW, TERRIBLE ENDING, AWFUL FINALE.", -1),
        ],
    );
}

#[test]
fn a_reviews_last_explicit_rating_is_kept_with_its_share_and_text() {
    let scorer = Scorer::new();
    for (text, expected) in [
        ("A fine pilot. 7/10. The rest drags.", Some((0.7, "7/10"))),
        (
            "Great fun, 9/10. On reflection: 4.5 out of 5",
            Some((0.9, "4.5 out of 5")),
        ),
        ("It has its moments. Rating: B-", Some((0.7, "Rating: B-"))),
        (
            "It has its moments. Final grade: A+",
            Some((1.0, "grade: A+")),
        ),
        ("It has its moments. Verdict: F.", Some((0.1, "Verdict: F"))),
        ("It opened on 9/11 and they play it 24/7.", None),
        ("No rating here, just praise.", None),
    ] {
        let mut tokens = Tokens::new();
        Tokenizer::new().tokenize(text, &mut tokens);
        let mut out = Sentiment::default();
        scorer.score(text, &tokens, &[], &mut out);
        let got = out.rating.map(|r| (r.share, r.span.of(text)));
        assert_eq!(got, expected, "{text:?}");
    }
}

#[test]
fn explicit_ratings_count_towards_the_review() {
    check_order(
        "ratings",
        &[
            ("The pilot is uneven. 8/10", "The pilot is uneven. 3/10"),
            (
                "It has its moments. Rating: B+",
                "It has its moments. Rating: D",
            ),
            (
                "The pilot is uneven. 4.5 out of 5.",
                "The pilot is uneven. 2 out of 5.",
            ),
        ],
    );
    check_signs(
        "ratings",
        &[
            ("Some good scenes, some silly ones. 2/10", -1),
            ("Some good scenes, some silly ones. 9/10", 1),
        ],
    );
    // Proportions, dates and "24/7" are no ratings.
    let scorer = Scorer::new();
    for text in [
        "The lag is about 1/10 of a second.",
        "Nine out of 10 have less.",
        "It opened on 9/11.",
        "They play it 24/7.",
    ] {
        let mut tokens = Tokens::new();
        Tokenizer::new().tokenize(text, &mut tokens);
        let fired = scorer
            .explain(text, &tokens, &[])
            .iter()
            .any(|s| s.tokens.iter().any(|t| t.rules.contains(&Rule::Rating)));
        assert!(!fired, "{text:?} read as a rating");
    }
}

#[test]
fn urls_are_not_emoticons() {
    check_signs("urls", &[("Trailer: http://example.com/x", 0)]);
}

#[test]
fn negation_ends_at_the_clause_boundary() {
    // "not" in the first clause must not flip "brilliant" in the second.
    check_signs(
        "negation scope",
        &[("It's not long; the ending is brilliant.", 1)],
    );
}

#[test]
fn intensifiers_strengthen_and_dampeners_weaken() {
    check_order(
        "intensity",
        &[
            ("The film is extremely good.", "The film is good."),
            ("The film is good.", "The film is slightly good."),
            ("The film is good.", "The film is kind of good."),
            ("The film is somewhat bad.", "The film is very bad."),
        ],
    );
}

#[test]
fn caps_and_exclamation_marks_add_emphasis() {
    check_order(
        "emphasis",
        &[
            ("The finale is GREAT.", "The finale is great."),
            ("The finale is great!!", "The finale is great."),
            ("The finale is great!!!", "The finale is great!"),
            ("The finale is great.", "The finale is TERRIBLE."),
        ],
    );
    // Four "!" are the cap: more add nothing.
    assert_eq!(
        compound("The finale is great!!!!"),
        compound("The finale is great!!!!!!!")
    );
}

#[test]
fn the_clause_after_but_weighs_more() {
    check_signs(
        "contrast",
        &[
            ("The effects are good, but the story is awful.", -1),
            ("The story is awful, but the effects are good.", 1),
            ("Although the acting is great, the plot is dreadful.", -1),
            ("The plot is dull, although the acting is great.", -1),
            (
                "The first episode is weak. However, the rest is excellent.",
                1,
            ),
            ("It is long yet gripping.", 1),
        ],
    );
}

#[test]
fn counterfactual_hedges_damp_or_flip_praise() {
    check_signs(
        "hedges",
        &[
            ("It could have been great.", -1),
            ("The ending should have been better.", -1),
            ("I would have liked more of the sister.", -1),
            ("If only the script were as good as the cast.", -1),
            ("It couldn't have been better.", 1),
            ("I wish it were funnier.", -1),
        ],
    );
}

#[test]
fn hypothetical_criticism_is_milder_than_hypothetical_praise_is_bad() {
    check_order(
        "hedges",
        &[("It could have been worse.", "It could have been better.")],
    );
}

#[test]
fn emoticons_and_emoji_carry_valence() {
    check_signs(
        "emoji",
        &[
            ("Loved the finale :)", 1),
            ("That ending :(", -1),
            ("New episode tonight ❤️", 1),
            ("New episode tonight 😡", -1),
            ("Season two 👍", 1),
            ("Season two 👎", -1),
            ("This sketch 😂", 1),
        ],
    );
}

#[test]
fn long_mildly_positive_reviews_do_not_saturate() {
    let sentence = "The show is pleasant and the cast is likable. ";
    let long = sentence.repeat(40);
    // VADER's sum gives 40 such sentences +0.9999; the mean and the learned evidence (which
    // grows as words^0.4 while it keeps pointing one way) stay clear of 1.
    let c = compound(&long);
    assert!(c > 0.05 && c < 0.975, "compound {c}");
    let longer = compound(&sentence.repeat(100));
    assert!(longer < 0.99, "compound {longer}");
    // Roughly the same as a short review of the same sentences.
    let short = compound(&sentence.repeat(3));
    assert!((c - short).abs() < 0.25, "{c} vs {short}");
}

#[test]
fn strongly_positive_and_negative_halves_make_a_mixed_review() {
    let text = "The first half is brilliant, a gripping and beautifully acted triumph. \
        The performances are superb and the score is wonderful. \
        The direction is masterful and every scene is stunning. \
        Then it falls apart: the second half is a dreadful, tedious mess. \
        The dialogue is awful and the twist is laughable. \
        The ending is a boring, pointless disaster.";
    let s = score(text);
    assert_eq!(s.review.label, Label::Mixed, "{:?}", s.review);
}

#[test]
fn one_sided_reviews_are_not_mixed() {
    let text = "A wonderful film. The cast is superb and the script is sharp. \
        One scene drags a little. The ending is beautiful and moving.";
    assert_eq!(score(text).review.label, Label::Positive);
    let text = "A dreadful film. The cast is wooden and the script is lazy. \
        The score is nice. The ending is boring and pointless.";
    assert_eq!(score(text).review.label, Label::Negative);
}

#[test]
fn review_labels_follow_ratings_opinion_and_sign() {
    let opinion = "The cast is lovely, the jokes are sharp, and the pacing drags in places.";
    let cases: &[(String, Label)] = &[
        // An explicit mid-range rating is the critic's mixed verdict, whatever the words say.
        (format!("{opinion} 6/10"), Label::Mixed),
        (format!("{opinion} Rating: 3 out of 5."), Label::Mixed),
        (format!("{opinion} Grade: C+"), Label::Mixed),
        (format!("{opinion} 9/10"), Label::Positive),
        (format!("{opinion} 2/5"), Label::Negative),
        // Little opinion: an informative piece is neutral even if it leans.
        (
            "The series has eight episodes. It was filmed in Glasgow over the winter of 2019. \
             The first two arrive on Friday, the rest weekly. The showrunner wrote four of them \
             and the finale is ninety minutes long. A good cast list is online."
                .to_string(),
            Label::Neutral,
        ),
        // An opinionated review is never neutral: it leans one way, however slightly.
        (
            "The leads are charming and the songs are lovely. The plot is a bit of a mess."
                .to_string(),
            Label::Positive,
        ),
    ];
    for (text, want) in cases {
        let s = score(text);
        assert_eq!(s.review.label, *want, "{text:?}: {:?}", s.review);
    }
}

fn mention(text: &str, name: &str, tokens: &Tokens) -> Mention {
    let start = text.find(name).expect("name in text");
    Mention {
        kind: MentionKind::Actor,
        span: Span::new(start, start + name.len()),
        name: name.into(),
        role: Default::default(),
        sentence: tokens.sentence_at(start) as u32,
    }
}

fn mention_compounds(text: &str, names: &[&str]) -> Vec<f64> {
    scored_with_mentions(text, names).mentions
}

/// The scores of `text` with the mentions of `names` (whose words carry no sentiment), by the
/// mention rules alone (the attitude model off: these tests are the rules', which the model
/// reads as features).
fn scored_with_mentions(text: &str, names: &[&str]) -> Sentiment {
    let mut tokens = Tokens::new();
    Tokenizer::new().tokenize(text, &mut tokens);
    let mentions: Vec<Mention> = names.iter().map(|n| mention(text, n, &tokens)).collect();
    let mut out = Sentiment::default();
    Scorer::new()
        .with_attitude(None)
        .score(text, &tokens, &mentions, &mut out);
    out
}

/// With the attitude model (the default scorer): an entity whose own words judge it strongly
/// keeps their sign in a praised review; one judged mildly there leans with the review.
#[test]
fn the_attitude_model_leaves_strong_criticism_to_the_words() {
    let text = "Glasswork is a joy from start to finish, with gorgeous songs and a lovely lead. \
                The duets are wonderful. The numbers fall flat whenever Ada Vance and Tom \
                Reyes, who cannot sing, take over. Cy Hart is fine as the father.";
    let names = ["Ada Vance", "Tom Reyes", "Cy Hart"];
    let mut tokens = Tokens::new();
    Tokenizer::new().tokenize(text, &mut tokens);
    let mentions: Vec<Mention> = names.iter().map(|n| mention(text, n, &tokens)).collect();
    let (mut with, mut without) = (Sentiment::default(), Sentiment::default());
    Scorer::new().score(text, &tokens, &mentions, &mut with);
    Scorer::new()
        .with_attitude(None)
        .score(text, &tokens, &mentions, &mut without);
    assert!(without.mentions[0] < -0.3, "{:?}", without.mentions);
    assert_eq!(with.mentions[..2], without.mentions[..2]);
    // Decided by the model: pulled toward the praised review, above the rule's own.
    assert!(
        with.mentions[2] > without.mentions[2],
        "{:?} {:?}",
        with.mentions,
        without.mentions
    );
}

#[test]
fn mentions_take_the_sentiment_of_their_clause() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "Paul James is charming, but Callie Hernandez is wasted.",
            "Paul James",
            "Callie Hernandez",
        ),
        (
            "Although Mark Ruffalo is superb, Jane Doe is miscast.",
            "Mark Ruffalo",
            "Jane Doe",
        ),
        (
            "Anna Kendrick shines; Blake Lively is wooden.",
            "Anna Kendrick",
            "Blake Lively",
        ),
        (
            "Tom Hardy is brilliant, while Jo Bloggs is dreadful.",
            "Tom Hardy",
            "Jo Bloggs",
        ),
    ];
    for &(text, good, bad) in cases {
        let c = mention_compounds(text, &[good, bad]);
        assert!(c[0] > 0.05 && c[1] < -0.05, "{text:?}: {c:?}");
    }
}

#[test]
fn a_name_after_than_takes_the_comparisons_opposite_unless_it_is_negated() {
    // (text, name, expected sign): the compared name after "than" leans against the
    // comparison; the one before it takes the comparison's own sign.
    let cases: &[(&str, &str, f64)] = &[
        (
            "Nora Kell is funnier than Aldo Brandt.",
            "Aldo Brandt",
            -1.0,
        ),
        ("Nora Kell is funnier than Aldo Brandt.", "Nora Kell", 1.0),
        (
            "Nora Kell is far less charming than Aldo Brandt.",
            "Aldo Brandt",
            1.0,
        ),
        (
            "Nora Kell is much worse than Aldo Brandt.",
            "Aldo Brandt",
            1.0,
        ),
        (
            "The record is a far more vivid listen than the last one by Aldo Brandt.",
            "Aldo Brandt",
            -1.0,
        ),
        // Negated, or nothing compares: the name is what the comparison says.
        (
            "Nora Kell is no better than Aldo Brandt.",
            "Aldo Brandt",
            -1.0,
        ),
        (
            "Nothing is more tedious than Aldo Brandt.",
            "Aldo Brandt",
            -1.0,
        ),
        (
            "Few singers sound more assured than Aldo Brandt.",
            "Aldo Brandt",
            1.0,
        ),
        // A sentence that opens "nothing ... is more" says its name is most so; "nothing"
        // negates nothing there.
        (
            "Nothing in the series is more tedious than Aldo Brandt.",
            "Aldo Brandt",
            -1.0,
        ),
        (
            "No one on screen is funnier than Aldo Brandt.",
            "Aldo Brandt",
            1.0,
        ),
        // "even" says the name is so too.
        (
            "Nora Kell is even better than Aldo Brandt.",
            "Aldo Brandt",
            1.0,
        ),
        // A counterfactual hedges the first term, not what it is measured against.
        (
            "His fans would have enjoyed it more than the insufferable mess that is Aldo Brandt.",
            "Aldo Brandt",
            -1.0,
        ),
        // What is said after "than" of the name itself decides.
        (
            "Nora Kell sings more sweetly than the shrill Aldo Brandt.",
            "Aldo Brandt",
            -1.0,
        ),
    ];
    for &(text, name, sign) in cases {
        let c = mention_compounds(text, &[name])[0];
        assert!(c * sign > 0.05, "{text:?} [{name}]: {c}");
    }
    // Quantities and actions are no comparison: the sentence's sign stands.
    for text in [
        "A brilliant return, coming more than ten years after Aldo Brandt left.",
        "It is brilliant, and I knew better than to doubt Aldo Brandt.",
    ] {
        let c = mention_compounds(text, &["Aldo Brandt"])[0];
        assert!(c > 0.05, "{text:?}: {c}");
    }
}

#[test]
fn a_verb_or_phrase_of_comparison_puts_each_name_on_its_side() {
    // (text, the name before the comparison's sign, the name after it's sign).
    let cases: &[(&str, f64, f64)] = &[
        ("Nora Kell outshines Aldo Brandt in every scene.", 1.0, -1.0),
        ("Nora Kell never outshines Aldo Brandt.", -1.0, 1.0),
        ("Nora Kell pales beside Aldo Brandt.", -1.0, 1.0),
        ("Nora Kell can't hold a candle to Aldo Brandt.", -1.0, 1.0),
        ("Nora Kell is no match for Aldo Brandt.", -1.0, 1.0),
        ("Nora Kell is no Aldo Brandt.", -1.0, 1.0),
        ("Nora Kell is a poor substitute for Aldo Brandt.", -1.0, 1.0),
        ("Nora Kell lacks the wit of Aldo Brandt.", -1.0, 1.0),
        ("I preferred Nora Kell to Aldo Brandt.", 1.0, -1.0),
        // What is said of the name itself before it comes first.
        ("Nora Kell outshines the wooden Aldo Brandt.", 1.0, -1.0),
        // What "the only reason" singles out stands above the rest, before or after it.
        (
            "Nora Kell is the sole reason to sit through Aldo Brandt.",
            1.0,
            -1.0,
        ),
    ];
    for &(text, first, second) in cases {
        let c = mention_compounds(text, &["Nora Kell", "Aldo Brandt"]);
        assert!(
            c[0] * first > 0.05 && c[1] * second > 0.05,
            "{text:?}: {c:?}"
        );
    }
    // A stretch that sets a name against its clause leans against what the clause says.
    for (text, sign) in [
        ("Unlike Aldo Brandt, the sequel is a delight.", -1.0),
        ("Next to Aldo Brandt, the rest of the cast is dull.", 1.0),
        ("Compared with Aldo Brandt, the new lead looks stiff.", 1.0),
    ] {
        let c = mention_compounds(text, &["Aldo Brandt"])[0];
        assert!(c * sign > 0.05, "{text:?}: {c}");
    }
    // Only the comparison's subject takes its side, not a name joined before it by "and".
    let c = mention_compounds(
        "Nora Kell is dreadful and Aldo Brandt is the only saving grace.",
        &["Nora Kell", "Aldo Brandt"],
    );
    assert!(c[0] < -0.05 && c[1] > 0.05, "{c:?}");
    for text in [
        "The only reason to watch this dreary mess is Aldo Brandt.",
        "The only good thing about this dreary mess is Aldo Brandt.",
    ] {
        let c = mention_compounds(text, &["Aldo Brandt"])[0];
        assert!(c > 0.05, "{text:?}: {c}");
    }
    // Not a comparison: "there is no", "to" without "prefer", "no" before a lowercase word,
    // "the only thing" without praise.
    let c = mention_compounds(
        "The only thing we learn about Aldo Brandt is that he is brilliant.",
        &["Aldo Brandt"],
    )[0];
    assert!(c > 0.05, "{c}");
    for text in [
        "There is no Aldo Brandt in this superb film.",
        "It was a superb film, and I went to Aldo Brandt afterwards.",
        "Nora Kell is no match, sadly, and no surprise to Aldo Brandt.",
    ] {
        let scored = scored_with_mentions(text, &["Aldo Brandt"]);
        let rule = scored.mention_bases[0].rule;
        assert!(
            !matches!(
                rule,
                MentionRule::Comparison
                    | MentionRule::AgainstComparison
                    | MentionRule::WithComparison
            ),
            "{text:?}: {rule:?}"
        );
    }
}

#[test]
fn each_mention_says_what_decided_its_compound() {
    let text = "Paul James is charming, but Callie Hernandez is wasted. Nora Kell is funnier \
                than Aldo Brandt. Tom Hanks and Austin Butler in Elvis. Britton sings the \
                opener, but I was less impressed by Panettiere. Rachel McAdams, forced to wear \
                a bad wig, is very good. Ida Moss is no better than Lev Orr.";
    let names = [
        "Paul James",
        "Callie Hernandez",
        "Nora Kell",
        "Aldo Brandt",
        "Tom Hanks",
        "Britton",
        "Panettiere",
        "Rachel McAdams",
        "Lev Orr",
    ];
    let scored = scored_with_mentions(text, &names);
    let got: Vec<(MentionRule, &str)> = scored
        .mention_bases
        .iter()
        .map(|b| (b.rule, b.words_of(text)))
        .collect();
    use MentionRule::*;
    assert_eq!(
        got,
        [
            (Clause, "Paul James is charming"),
            (Clause, "but Callie Hernandez is wasted"),
            (Comparison, "Nora Kell is funnier"),
            (AgainstComparison, "Nora Kell is funnier"),
            (Review, "Tom Hanks and Austin Butler in Elvis"),
            (AgainstContrast, "but I was less impressed by Panettiere"),
            (Clause, "but I was less impressed by Panettiere"),
            (Predicate, "is very good"),
            (WithComparison, "Ida Moss is no better"),
        ]
    );
    assert_eq!(scored.mention_bases.len(), scored.mentions.len());
}

#[test]
fn a_name_excepted_from_a_clause_takes_the_opposite_of_what_it_says() {
    use MentionRule::*;
    let cases: &[(&str, &str, bool, MentionRule)] = &[
        (
            "Everyone except Ida Moss was awful.",
            "Ida Moss",
            true,
            Exclusion,
        ),
        (
            "Apart from Ida Moss, the cast is forgettable.",
            "Ida Moss",
            true,
            Exclusion,
        ),
        (
            "The cast is dreadful, except for Ida Moss.",
            "Ida Moss",
            true,
            Exclusion,
        ),
        (
            "With the exception of Ida Moss, the performances are superb.",
            "Ida Moss",
            false,
            Exclusion,
        ),
        (
            "Aside from Ida Moss and Lev Orr, nobody here is any good.",
            "Lev Orr",
            true,
            Exclusion,
        ),
        // What is said of the name itself after the marker is its own clause.
        (
            "Aside from the wonderful Ida Moss, the film is a bore.",
            "Ida Moss",
            true,
            Clause,
        ),
        // A name after the clause's first sentiment word is not excepted.
        (
            "Everyone except Nora Kell hated Ida Moss.",
            "Ida Moss",
            false,
            Clause,
        ),
        // "apart" without "from" marks nothing.
        (
            "Ida Moss falls apart in the awful final act.",
            "Ida Moss",
            false,
            Clause,
        ),
    ];
    for &(text, name, positive, rule) in cases {
        let names = ["Nora Kell", "Ida Moss", "Lev Orr"];
        let present: Vec<&str> = names.into_iter().filter(|n| text.contains(n)).collect();
        let scored = scored_with_mentions(text, &present);
        let i = present.iter().position(|n| *n == name).unwrap();
        let c = scored.mentions[i];
        assert!(if positive { c > 0.05 } else { c < -0.05 }, "{text:?}: {c}");
        assert_eq!(scored.mention_bases[i].rule, rule, "{text:?}");
    }
}

#[test]
fn a_subject_set_off_by_commas_takes_its_predicate_not_the_aside() {
    // The aside between the commas judges something else; the predicate judges the subject.
    let cases: &[(&str, &str, bool)] = &[
        (
            "Marta Ortiz, saddled with the worst lines of the year, is wonderful.",
            "Marta Ortiz",
            true,
        ),
        (
            "Tom Reyes, the brightest hope of the first season, is dreadful here.",
            "Tom Reyes",
            false,
        ),
        (
            "Ines Moreau, stuck in a terrible subplot, remains the best thing in it.",
            "Ines Moreau",
            true,
        ),
    ];
    for &(text, name, positive) in cases {
        let c = mention_compounds(text, &[name])[0];
        assert!(if positive { c > 0.05 } else { c < -0.05 }, "{text:?}: {c}");
    }
    // Without a linking verb after the aside, the aside is the mention's own clause.
    let c = mention_compounds(
        "Marta Ortiz, sadly wasted, plays the aunt.",
        &["Marta Ortiz"],
    );
    assert!(c[0] < -0.05, "{c:?}");
}

#[test]
fn a_mention_in_a_clause_without_sentiment_takes_its_sentence() {
    let text = "Callie Hernandez, who plays the sister, is wonderful.";
    let c = mention_compounds(text, &["Callie Hernandez"]);
    assert!(c[0] > 0.05, "{c:?}");
}

#[test]
fn a_mention_in_a_sentence_without_sentiment_takes_part_of_the_reviews() {
    let text = "Tom Hanks and Austin Butler in Elvis. The film is a dazzling, wonderful triumph. \
        Butler is superb and the music is glorious.";
    let scored = scored_with_mentions(text, &["Tom Hanks"]);
    let (c, review) = (scored.mentions, scored.review.polarity.compound);
    assert!(review > 0.5, "{review}");
    assert!(
        (c[0] - MENTION_INHERIT * review).abs() < 1e-9,
        "{c:?} vs {review}"
    );
    let text = "Tom Hanks and Austin Butler in Elvis. The film is a dreary, tedious mess.";
    assert!(mention_compounds(text, &["Tom Hanks"])[0] < -0.05);
}

#[test]
fn mentions_in_any_order_get_the_same_compounds() {
    let text =
        "Tom Hanks and Austin Butler in Elvis. Paul James is charming, but Callie Hernandez \
        is wasted. Britton sings the opener, but I was less impressed by Panettiere.";
    let names = [
        "Tom Hanks",
        "Austin Butler",
        "Paul James",
        "Callie Hernandez",
        "Britton",
        "Panettiere",
    ];
    let in_order = mention_compounds(text, &names);
    let mut reversed = names;
    reversed.reverse();
    let mut backwards = mention_compounds(text, &reversed);
    backwards.reverse();
    assert_eq!(in_order, backwards);
    assert!(
        in_order.iter().all(|c| c.is_finite() && *c != 0.0),
        "{in_order:?}"
    );
}

#[test]
fn a_neutral_clause_before_a_contrast_stands_against_it() {
    let text = "Britton sings the opener, but I was less impressed by Panettiere.";
    let c = mention_compounds(text, &["Britton", "Panettiere"]);
    assert!(c[0] > 0.05 && c[1] < -0.05, "{c:?}");
    let text = "Britton sings the opener, but the rest of the cast is wonderful.";
    let c = mention_compounds(text, &["Britton"]);
    assert!(c[0] < -0.05, "{c:?}");
    // Without a contrast the clause takes its sentence's score.
    let text = "Britton sings the opener; the rest of the cast is wonderful.";
    let c = mention_compounds(text, &["Britton"]);
    assert!(c[0] > 0.05, "{c:?}");
}

#[test]
fn like_is_a_verb_only_after_a_subject_or_auxiliary() {
    check_signs(
        "like",
        &[
            ("I like this show.", 1),
            ("We really like the new season.", 1),
            ("Audiences will like it.", 1),
            ("I didn't like the finale.", -1),
            ("The second disc sounds like every other score.", 0),
            ("Cues like these are all drums and brass.", 0),
            ("It looks like a soap opera.", 0),
        ],
    );
}

#[test]
fn less_negates_what_follows() {
    check_signs(
        "less",
        &[
            ("I was less impressed by the sequel.", -1),
            ("The finale is less than stellar.", -1),
            ("The second season is no less brilliant.", 1),
            ("The second season is more or less brilliant.", 1),
        ],
    );
}

#[test]
fn scores_are_bounded_and_shares_sum_to_one() {
    let texts = [
        "",
        "   ",
        "!!!!!!!!",
        "GREAT GREAT GREAT GREAT GREAT GREAT GREAT GREAT!!!!!!!!!",
        "not not not not never no nothing",
        "😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂",
        "A film. Another film. The end",
        ":):):):):) <3 <3 </3",
    ];
    for text in texts {
        let s = score(text);
        let mut tokens = Tokens::new();
        Tokenizer::new().tokenize(text, &mut tokens);
        let explained = Scorer::new().explain(text, &tokens, &[]);
        for (e, kept) in explained.iter().zip(&s.sentences) {
            assert_eq!(
                (e.scored.polarity.compound, e.scored.label),
                (kept.compound, kept.label)
            );
        }
        for scored in explained.iter().map(|e| &e.scored).chain([&s.review]) {
            let p = scored.polarity;
            assert!(p.compound.is_finite() && (-1.0..=1.0).contains(&p.compound));
            let sum = p.positive + p.negative + p.neutral;
            assert!((sum - 1.0).abs() < 1e-9, "{text:?}: {p:?}");
        }
    }
}

#[test]
fn a_text_without_sentiment_weight_is_all_neutral() {
    for text in ["!!! ???", "...", "--- ***", "?!", "", " \n "] {
        let s = score(text);
        let mut tokens = Tokens::new();
        Tokenizer::new().tokenize(text, &mut tokens);
        let explained = Scorer::new().explain(text, &tokens, &[]);
        for scored in explained.iter().map(|e| &e.scored).chain([&s.review]) {
            assert_eq!(
                scored.polarity,
                Polarity {
                    compound: 0.0,
                    positive: 0.0,
                    negative: 0.0,
                    neutral: 1.0
                },
                "{text:?}"
            );
            assert_eq!(scored.label, Label::Neutral, "{text:?}");
        }
    }
}

#[test]
fn scoring_is_deterministic_and_buffers_are_reused() {
    let scorer = Scorer::new();
    let mut tokens = Tokens::new();
    let mut out = Sentiment::default();
    let a = "A wonderful, moving film. I loved it!";
    let b = "Dull.";
    Tokenizer::new().tokenize(a, &mut tokens);
    scorer.score(a, &tokens, &[], &mut out);
    let first = out.clone();
    Tokenizer::new().tokenize(b, &mut tokens);
    scorer.score(b, &tokens, &[], &mut out);
    assert_eq!(out.sentences.len(), 1);
    Tokenizer::new().tokenize(a, &mut tokens);
    scorer.score(a, &tokens, &[], &mut out);
    assert_eq!(out.review, first.review);
    assert_eq!(out.sentences, first.sentences);
}

#[test]
fn explain_lists_valences_and_rules() {
    let text = "It isn't very good, but the cast is GREAT!";
    let mut tokens = Tokens::new();
    Tokenizer::new().tokenize(text, &mut tokens);
    let scorer = Scorer::new();
    let explained = scorer.explain(text, &tokens, &[]);
    assert_eq!(explained.len(), 1);
    let e = &explained[0];
    let good = e
        .tokens
        .iter()
        .find(|t| t.text == "good")
        .expect("good explained");
    assert!(good.lexicon > 0.0 && good.valence < 0.0);
    assert!(good.rules.contains(&Rule::Negation) && good.rules.contains(&Rule::Booster));
    let great = e
        .tokens
        .iter()
        .find(|t| t.text == "GREAT")
        .expect("GREAT explained");
    assert!(great.rules.contains(&Rule::Caps));
    assert!(e.tokens.iter().any(|t| t.rules.contains(&Rule::Contrast)));
    // The valences add up to the sentence's sum of valences (no learned weight at sentence
    // level by default), so the compound can be recomputed from them.
    let sum: f64 = e.tokens.iter().map(|t| t.valence).sum::<f64>() + 0.292;
    let recomputed = sum / (sum * sum + 15.0).sqrt();
    assert!((recomputed - e.scored.polarity.compound).abs() < 1e-9);
    assert!(e.rules.contains(&Rule::Exclamation));
    // The explanation agrees with the score.
    let mut out = Sentiment::default();
    scorer.score(text, &tokens, &[], &mut out);
    assert_eq!(
        (e.scored.polarity.compound, e.scored.label),
        (out.sentences[0].compound, out.sentences[0].label)
    );
}

#[test]
fn criticism_phrased_without_a_strong_word_is_negative() {
    check_signs(
        "review criticism phrases",
        &[
            ("The plot falls flat.", -1),
            ("The running gag wears thin by episode four.", -1),
            ("The second half goes nowhere.", -1),
            ("The middle stretch drags.", -1),
            ("The leads have zero chemistry.", -1),
            ("Every twist is telegraphed from the first scene.", -1),
            ("The joke never wears thin.", 1),
        ],
    );
}

#[test]
fn a_phrase_replaces_its_words_and_a_negation_flips_it() {
    check_signs(
        "phrases",
        &[
            ("The show gets off the ground quickly.", 1),
            ("The show never gets off the ground.", -1),
            ("I wept tears of joy at the finale.", 1),
            ("The lead chews the scenery.", -1),
            ("The script gives the sister nothing to do.", -1),
            // The longest phrase wins: "nothing to do with" is no criticism.
            ("The title has nothing to do with the plot.", 0),
        ],
    );
    // "tears" alone is sad; in the phrase its valence is replaced, not added to.
    assert!(compound("tears of joy") > compound("tears"));
}

#[test]
fn anything_but_negates_and_is_no_contrast() {
    check_signs(
        "anything but",
        &[
            ("The pilot was anything but dull.", 1),
            ("The sequel is anything but good.", -1),
        ],
    );
    // The learned weights are not negated (they were learned from the words as written, in
    // and out of negations): "boring" keeps pulling down, but the negation lifts it.
    check_order(
        "anything but",
        &[
            ("It was anything but boring.", "It was boring."),
            (
                "It was anything but dull.",
                "It was anything but brilliant.",
            ),
        ],
    );
}

#[test]
fn a_negated_ability_before_more_or_enough_praises() {
    check_signs(
        "emphatic negation",
        &[
            ("I couldn't recommend it more.", 1),
            ("I cannot praise this album enough.", 1),
            ("The cast could not be more charming.", 1),
            // Without the comparative, the negation negates.
            ("I couldn't recommend it.", -1),
            ("I can't praise the script.", -1),
        ],
    );
}

#[test]
fn an_expectation_is_not_the_outcome_and_ends_at_and() {
    check_signs(
        "expectation",
        &[
            ("I went in expecting a disaster and came out charmed.", 1),
            ("I expected great things, and I was disappointed.", -1),
            ("I was ready to love it, and it let me down.", -1),
            // "better than expected" keeps its praise.
            ("It was far better than expected.", 1),
        ],
    );
    check_order(
        "expectation",
        &[(
            "I expected a disaster and got a delight.",
            "I got a disaster and expected a delight.",
        )],
    );
}

#[test]
fn reported_opinion_weighs_less_than_the_writers_own() {
    check_signs(
        "perspective",
        &[
            ("Fans may adore the show; I found it a slog.", -1),
            ("Critics hated it; I loved every minute.", 1),
            (
                "The hype promised a masterpiece, and what we got is a mess.",
                -1,
            ),
        ],
    );
    // The same words at the start of a clause, opinion holder or not.
    check_order(
        "perspective",
        &[(
            "The cast adore it; I found it a slog.",
            "Fans adore it; I found it a slog.",
        )],
    );
}

#[test]
fn synopsis_and_credit_sentences_carry_little_sentiment() {
    let synopsis = score(
        "Created by Sam Levinson and starring Abel Tesfaye, the series follows a disgraced pop star.",
    );
    assert_eq!(synopsis.review.label, Label::Neutral);
    assert!(synopsis.review.polarity.compound.abs() < 0.15);
    // The same words as an opinion count in full.
    assert!(compound("The series is a disgraced mess.") < -0.3);
}

#[test]
fn ratings_in_words_count_when_given_as_ratings() {
    let rating = |text: &str| {
        score(text)
            .rating
            .map(|r| (r.share, r.span.of(text).to_string()))
    };
    let some = |share: f64, text: &str| Some((share, text.to_string()));
    assert_eq!(
        rating("Three and a half stars out of five."),
        some(0.7, "Three and a half stars out of five")
    );
    assert_eq!(
        rating("I'd give it three stars out of four."),
        some(0.75, "three stars out of four")
    );
    assert_eq!(rating("It earns 2 stars."), some(0.4, "2 stars"));
    assert_eq!(rating("One star for the songs."), some(0.2, "One star"));
    assert_eq!(
        rating("Verdict: 4 stars out of 5"),
        some(0.8, "4 stars out of 5")
    );
    // Three stars or more without a scale: mixed out of 5, poor out of 10 (IMDB's users).
    assert_eq!(rating("Three stars for the film."), None);
    assert_eq!(rating("I give it 4 stars."), None);
    assert_eq!(
        rating("I give it two thumbs up."),
        some(0.9, "two thumbs up")
    );
    assert_eq!(rating("Thumbs down."), some(0.2, "Thumbs down"));
    // A count of stars that is not given as a rating: the cast, not a verdict.
    for text in [
        "The two stars share the screen with ease.",
        "One of the stars was great.",
        "The film boasts five stars, including Tom Hanks.",
        "Seven stars of the old studio return.",
        "His thumbs were up in the air.",
    ] {
        assert_eq!(rating(text), None, "{text:?}");
    }
}

#[test]
fn a_labelled_rating_is_the_verdict_whatever_ratings_follow() {
    let rating = |text: &str| score(text).rating.map(|r| (r.share, r.labelled));
    assert_eq!(
        rating("Overall: 3/5 (but 5/5 for the best episode, and 1/5 for the worst)"),
        Some((0.6, true))
    );
    assert_eq!(
        rating("Rating: ★★★☆☆. The finale alone deserves 5/5."),
        Some((0.6, true))
    );
    // Without a label the last rating is kept, as before; a later label wins.
    assert_eq!(
        rating("The pilot: 2/10. The finale, 8/10."),
        Some((0.8, false))
    );
    assert_eq!(
        rating("Episode one, 9/10. Overall: 6/10."),
        Some((0.6, true))
    );
    let label = |text: &str| score(text).review.label;
    assert_eq!(
        label("Overall: 3/5 (but 5/5 for the best episode, and 1/5 for the worst)"),
        Label::Mixed
    );
}

#[test]
fn star_glyphs_are_a_rating() {
    let share = |text: &str| score(text).rating.map(|r| r.share);
    assert_eq!(share("★★★★☆ A fine debut."), Some(0.8));
    assert_eq!(share("★★★½ Good fun."), Some(0.7));
    assert_eq!(share("★ A mess."), Some(0.2));
    assert_eq!(share("No stars here."), None);
    check_signs(
        "star ratings",
        &[
            ("★★★★★ Nothing more to say.", 1),
            ("★☆☆☆☆ Nothing more to say.", -1),
        ],
    );
}

#[test]
fn verdict_confidence_says_how_sure_the_label_is() {
    let confidence = |text: &str| score(text).confidence;
    let sure = confidence("A brilliant, moving, wonderful film. I loved every minute.");
    let unsure = confidence("A film. It has some good moments and some dull ones.");
    assert!(
        (0.5..=1.0).contains(&sure) && sure > unsure,
        "{sure} {unsure}"
    );
    assert_eq!(
        confidence("Rating: 7/10. Fine."),
        1.0,
        "a rating is the critic's own"
    );
    for text in ["", "The series has eight episodes.", "Awful. Just awful."] {
        let c = confidence(text);
        assert!((0.0..=1.0).contains(&c), "{text:?}: {c}");
    }
    // A probability of the label: at least one half for a label by sign.
    let s = score("It was fine, I guess, and not bad.");
    if s.basis == LabelBasis::Sign {
        assert!(s.confidence >= 0.5);
    }
}

#[test]
fn a_labels_index_is_its_place_in_all() {
    for (i, label) in Label::ALL.into_iter().enumerate() {
        assert_eq!(label.index(), i, "{label:?}");
    }
}
