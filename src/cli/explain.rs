//! `reviewlens explain`: why a text got its scores, sentence by sentence.

use anyhow::{bail, Context};
use clap::Args;
use reviewlens::entity::classes::WordClasses;
use reviewlens::entity::typer::{CHARACTER, LABELS, SHOW};
use reviewlens::entity::{MentionKind, Typing};
use reviewlens::pipeline::{Encoding, Scratch};
use reviewlens::sentiment::{MentionAttitude, SentenceExplanation};
use reviewlens::tokenize::Tokens;
use reviewlens::{read, Doc, Error};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The text to explain; `-` reads standard input.
    #[arg(
        value_name = "TEXT",
        required_unless_present = "file",
        conflicts_with = "file"
    )]
    text: Option<String>,

    /// Explain the review in this file instead (decoded as `analyze` decodes a .txt file).
    #[arg(long, value_name = "PATH")]
    file: Option<PathBuf>,

    /// A catalogue of your own shows, songs and people, as for `analyze`. Repeatable.
    #[arg(long, value_name = "FILE")]
    gazetteer: Vec<PathBuf>,

    /// Your own sentiment words or learned weights, as for `analyze`. Repeatable.
    #[arg(long, value_name = "FILE")]
    lexicon: Vec<PathBuf>,

    #[command(flatten)]
    typer: super::TyperArgs,

    #[command(flatten)]
    attitude: super::AttitudeArgs,

    /// Show how the entity typer decided each candidate name (the rules' kind, the model's
    /// scores and the features that weighed most) instead of the sentences.
    #[arg(long)]
    entities: bool,

    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// Runs `reviewlens explain`.
pub fn explain(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    // A file or standard input is decoded as analyze decodes a review file: the same bytes are
    // read, or refused, the same way.
    let (text, encoding) = match (&args.text, &args.file) {
        (_, Some(path)) => {
            let source = path.display().to_string();
            // One line, as analyze's: a read error names the file and its cause already.
            let (doc, encoding) =
                read::read_review(path, "explain".into()).map_err(|e| match e {
                    Error::Read { .. } => anyhow::anyhow!("{e}"),
                    e => anyhow::anyhow!("{source}: {e}"),
                })?;
            warn_if_1252(&source, encoding);
            (doc.text, encoding)
        }
        (Some(t), None) if t == "-" => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
            let (text, encoding) = read::decode(bytes).context("standard input")?;
            warn_if_1252("standard input", encoding);
            (text, encoding)
        }
        (Some(t), None) => (t.clone(), Encoding::Utf8),
        (None, None) => bail!("give a TEXT or --file PATH"),
    };
    let mut pipeline = super::build_pipeline(&args.gazetteer, &args.lexicon)?;
    pipeline.extractor = args.typer.apply(pipeline.extractor)?;
    pipeline.scorer = args.attitude.apply(pipeline.scorer)?;
    if args.entities {
        let typings = pipeline.extractor.typings(&text);
        let typer = pipeline.extractor.has_typer();
        return print_typings(&text, &typings, typer, args.json)
            .map(|()| ExitCode::SUCCESS)
            .map_err(Into::into);
    }
    let analysis = pipeline.analyze(
        Doc::new("explain", "explain", text.clone()),
        encoding,
        &mut Scratch::new(),
    );
    let mut tokens = Tokens::new();
    pipeline.tokenizer.tokenize(&text, &mut tokens);
    let mentions: Vec<_> = analysis
        .mentions
        .iter()
        .map(|m| m.mention.clone())
        .collect();
    let sentences = pipeline.scorer.explain(&text, &tokens, &mentions);
    let attitudes = &pipeline.mention_attitudes(&text, &mentions);
    if args.json {
        print_json(&text, &analysis, &sentences, attitudes)?;
    } else {
        print_text(&text, &analysis, &sentences, attitudes)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The three features that moved the attitude model's decision most (by the size of weight
/// times value), as `name value (adds +x.xxx)`.
fn weighed_most(contributions: &[(&str, f64, f64)]) -> String {
    let mut most: Vec<&(&str, f64, f64)> = contributions.iter().collect();
    most.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()));
    most.iter()
        .take(3)
        .map(|(name, value, adds)| format!("{name} {value:+.3} (adds {adds:+.3})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Says on stderr that `source` was not UTF-8, as `analyze` does.
fn warn_if_1252(source: &str, encoding: Encoding) {
    if encoding == Encoding::Windows1252 {
        super::term::message!(
            "reviewlens: warning: {source} is not UTF-8; decoded as Windows-1252"
        );
    }
}

fn print_text(
    text: &str,
    analysis: &reviewlens::Analysis,
    sentences: &[SentenceExplanation],
    attitudes: &[MentionAttitude],
) -> std::io::Result<()> {
    for (i, s) in sentences.iter().enumerate() {
        let p = s.scored.polarity;
        super::term::out!(
            "sentence {} {:<8} compound {:+.3}  {:?}",
            i + 1,
            s.scored.label.as_str(),
            p.compound,
            s.span.of(text)
        )?;
        for t in &s.tokens {
            let rules: Vec<&str> = t.rules.iter().map(|r| r.as_str()).collect();
            super::term::out!(
                "    {:<18} lexicon {:+5.2}  learned {:+6.3}  adds {:+6.3}  {}",
                t.text,
                t.lexicon,
                t.learned,
                t.valence,
                rules.join(", ")
            )?;
        }
        if !s.rules.is_empty() {
            let rules: Vec<&str> = s.rules.iter().map(|r| r.as_str()).collect();
            super::term::out!("    sentence rules: {}", rules.join(", "))?;
        }
    }
    if !analysis.mentions.is_empty() {
        super::term::out!("mentions (each scored from the words its line below quotes):")?;
        for (i, m) in analysis.mentions.iter().enumerate() {
            let role = if m.mention.role.is_empty() {
                String::new()
            } else {
                format!(" ({})", m.mention.role)
            };
            super::term::out!(
                "    {:<9} {}{role}  {:?}  compound {:+.3} {}",
                m.mention.kind.as_str(),
                m.mention.name,
                m.mention.span.of(text),
                m.compound,
                m.label.as_str()
            )?;
            if let Some(a) = attitudes.get(i) {
                let b = &a.basis;
                match &a.model {
                    None => super::term::out!(
                        "        from {}: {:?}",
                        b.rule.describe(),
                        b.words_of(text)
                    )?,
                    Some(decision) => {
                        super::term::out!(
                            "        from the attitude model: P(positive) {:.3}, weighing {}",
                            decision.p_positive,
                            weighed_most(&decision.features)
                        )?;
                        super::term::out!(
                            "        its rule's compound {:+.3}, from {}: {:?}",
                            a.rule_compound,
                            b.rule.describe(),
                            b.words_of(text)
                        )?;
                    }
                }
            }
        }
    }
    let p = analysis.review.polarity;
    super::term::out!(
        "review: {} compound {:+.3} (positive {:.3}, negative {:.3}, neutral {:.3})",
        analysis.review.label.as_str(),
        p.compound,
        p.positive,
        p.negative,
        p.neutral
    )?;
    super::term::out!(
        "how: the review compound blends a weighted mean of the sentence compounds (opinionated and \
         closing sentences weigh more) with the whole text's score and the learned evidence; it is \
         {} because {}.",
        analysis.review.label.as_str(),
        analysis.basis.describe()
    )?;
    let words = analysis.words as f64;
    if words < reviewlens::sentiment::LONG_REVIEW_WORDS {
        super::term::out!(
            "learned: the critics' layer (part of each word's learned weight above) counts at {:.2} \
             of itself in a review of {} words (in full from {})",
            reviewlens::sentiment::long_review_share(words),
            analysis.words,
            reviewlens::sentiment::LONG_REVIEW_WORDS
        )?;
    }
    super::term::out!(
        "verdict confidence {:.3}: {}",
        analysis.confidence,
        analysis.basis.confidence()
    )
}

/// For a word-class feature (`class first word=931`), the class's commonest words in brackets
/// ("(mr, jack, tom, dr)"); nothing for any other feature.
fn class_words(feature: &str) -> String {
    let class = feature
        .strip_prefix("class ")
        .and_then(|f| f.split_once('='))
        .and_then(|(_, class)| class.parse::<u16>().ok());
    match class.map(WordClasses::builtin_examples) {
        Some(words) if !words.is_empty() => format!(" ({})", words.join(", ")),
        _ => String::new(),
    }
}

/// The decision of each candidate: how the rules typed it, what the model scored, which
/// features weighed most for the winning decision against the runner-up (against the other of
/// show and character when its own scores chose between the two).
fn print_typings(text: &str, typings: &[Typing], typer: bool, json: bool) -> std::io::Result<()> {
    let name = |k: Option<MentionKind>| k.map_or("none", MentionKind::as_str);
    if !typer && !json {
        return super::term::out!("no entity typer (--entity-model none): the rules decide alone");
    }
    if typings.is_empty() && !json {
        return super::term::out!("no candidate names: the rule layers found nothing to type");
    }
    let mut rows = Vec::new();
    // The typings come in text order: one pass over the text gives every offset.
    let mut chars = reviewlens::doc::CharOffsets::new(text);
    for t in typings {
        // A mention of a show or character entity picks between the two on its own scores
        // ("Columbo" the series, then the detective): then those decided, against the other.
        let split = t.title_pick;
        let decisive = match t.entity_scores {
            Some(summed) if !split => summed,
            _ => t.scores,
        };
        let (win, second) = if split {
            let win = if t.kind == LABELS[SHOW] {
                SHOW
            } else {
                CHARACTER
            };
            (win, SHOW + CHARACTER - win)
        } else {
            let mut order: Vec<usize> = (0..LABELS.len()).collect();
            order.sort_by(|&a, &b| decisive[b].total_cmp(&decisive[a]));
            (order[0], order[1])
        };
        let mut weighed: Vec<(&str, f32)> = t
            .features
            .iter()
            .map(|(f, w)| (f.as_str(), w[win] - w[second]))
            .filter(|(_, d)| *d != 0.0)
            .collect();
        weighed.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(b.0)));
        weighed.truncate(8);
        if json {
            rows.push(serde_json::json!({
                "surface": t.span.of(text),
                // Character offsets, as the reports give them.
                "start": chars.char_offset(t.span.start as usize),
                "end": chars.char_offset(t.span.end as usize),
                "rule": name(t.rule),
                "strength": t.strength.level(),
                "kind": name(t.kind),
                "kept_rule_kind": t.kept,
                "decided_by": if t.kept {
                    "rules"
                } else if split {
                    "own scores between show and character"
                } else if t.entity_scores.is_some() {
                    "entity scores"
                } else {
                    "own scores"
                },
                "own_scores": LABELS.iter().zip(t.own_scores).map(|(l, s)| (name(*l).to_string(), serde_json::json!(s))).collect::<serde_json::Map<_, _>>(),
                "listed_with": t.listed_with.iter().map(|s| s.of(text)).collect::<Vec<_>>(),
                "scores": LABELS.iter().zip(t.scores).map(|(l, s)| (name(*l).to_string(), serde_json::json!(s))).collect::<serde_json::Map<_, _>>(),
                "entity_scores": t.entity_scores.map(|e| LABELS.iter().zip(e).map(|(l, s)| (name(*l).to_string(), serde_json::json!(s))).collect::<serde_json::Map<_, _>>()),
                "features": weighed.iter().map(|(f, d)| serde_json::json!([f, d])).collect::<Vec<_>>(),
            }));
            continue;
        }
        let how = if t.kept {
            "kept: the rules' kind (explicit structure or the gazetteer)".to_string()
        } else {
            format!(
                "{} {:+.2} over {} {:+.2}{}",
                name(LABELS[win]),
                decisive[win],
                name(LABELS[second]),
                decisive[second],
                if split {
                    " (its own scores, between show and character: its entity's mentions summed \
                     chose one of the two)"
                } else if t.entity_scores.is_some() {
                    " (summed over its entity's mentions)"
                } else {
                    ""
                }
            )
        };
        super::term::out!(
            "{:<9} {:?}  rules: {} (strength {})  {how}",
            name(t.kind),
            t.span.of(text),
            name(t.rule),
            t.strength.level()
        )?;
        if !t.kept {
            let list: Vec<String> = weighed
                .iter()
                .map(|(f, d)| format!("{}{} {d:+.2}", f, class_words(f)))
                .collect();
            super::term::out!("    {}", list.join(", "))?;
            if !t.listed_with.is_empty() {
                let names: Vec<String> = t
                    .listed_with
                    .iter()
                    .map(|s| format!("{:?}", s.of(text)))
                    .collect();
                super::term::out!(
                    "    with the scores of the names listed beside it, {} ({} x {:.2}): {} {:+.2} \
                     over {} {:+.2} on its own",
                    names.join(" and "),
                    names.len(),
                    reviewlens::entity::LIST_WEIGHT / names.len() as f32,
                    name(LABELS[win]),
                    t.own_scores[win],
                    name(LABELS[second]),
                    t.own_scores[second]
                )?;
            }
        }
    }
    if json {
        super::term::out!(
            "{}",
            serde_json::json!({ "typer": typer, "candidates": rows })
        )?;
    }
    Ok(())
}

fn print_json(
    text: &str,
    analysis: &reviewlens::Analysis,
    sentences: &[SentenceExplanation],
    attitudes: &[MentionAttitude],
) -> std::io::Result<()> {
    let sentences: Vec<serde_json::Value> = sentences
        .iter()
        .map(|s| {
            serde_json::json!({
                "text": s.span.of(text),
                "compound": s.scored.polarity.compound,
                "label": s.scored.label.as_str(),
                "rules": s.rules.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
                "tokens": s.tokens.iter().map(|t| serde_json::json!({
                    "text": t.text,
                    "lexicon": t.lexicon,
                    "learned": t.learned,
                    "adds": t.valence,
                    "rules": t.rules.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mentions: Vec<serde_json::Value> = analysis
        .mentions
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let attitude = attitudes.get(i);
            let basis = attitude.map(|a| &a.basis);
            let model = attitude.and_then(|a| a.model.as_ref()).map(|decision| {
                serde_json::json!({
                    "p_positive": decision.p_positive,
                    "features": decision.features
                        .iter()
                        .map(|(name, value, adds)| serde_json::json!({
                            "feature": name,
                            "value": value,
                            "adds": adds,
                        }))
                        .collect::<Vec<_>>(),
                })
            });
            serde_json::json!({
                "kind": m.mention.kind.as_str(),
                "name": m.mention.name,
                "surface": m.mention.span.of(text),
                "role": m.mention.role,
                "compound": m.compound,
                "label": m.label.as_str(),
                "from": basis.map(|b| b.rule.describe()),
                "from_words": basis.map(|b| b.words_of(text)),
                "rule_compound": attitude.map(|a| a.rule_compound),
                "attitude_model": model,
            })
        })
        .collect();
    let p = analysis.review.polarity;
    let report = serde_json::json!({
        "sentences": sentences,
        "mentions": mentions,
        "review": {
            "compound": p.compound,
            "label": analysis.review.label.as_str(),
            "label_basis": analysis.basis.describe(),
            "verdict_confidence": analysis.confidence,
            "verdict_confidence_basis": analysis.basis.confidence(),
            "positive": p.positive,
            "negative": p.negative,
            "neutral": p.neutral,
        },
    });
    super::term::out!("{report}")
}

#[cfg(test)]
mod class_word_tests {
    use super::*;

    #[test]
    fn a_class_feature_shows_its_commonest_words_and_no_other_feature_does() {
        let class = WordClasses::builtin().class_of(b"tom").unwrap();
        let shown = class_words(&format!("class first word={class}"));
        assert!(shown.starts_with(" (") && shown.contains("tom"), "{shown}");
        assert_eq!(class_words("first word=tom"), "");
        assert_eq!(class_words("class before=x"), "");
        assert_eq!(class_words("class after=65000"), "");
    }
}
