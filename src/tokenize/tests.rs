use super::segment::{ascii_pieces, unicode_pieces};
use super::*;
use proptest::prelude::*;

/// Tokenizes with both paths, checks they agree and that the invariants hold.
fn run(text: &str) -> Tokens {
    let tokenizer = Tokenizer::new();
    let mut fast = Tokens::new();
    let mut general = Tokens::new();
    tokenizer.tokenize(text, &mut fast);
    tokenizer.tokenize_general(text, &mut general);
    assert_same(&fast, &general, text);
    check_invariants(text, &fast);
    fast
}

fn assert_same(fast: &Tokens, general: &Tokens, text: &str) {
    let show = |toks: &Tokens| -> Vec<(String, TokenKind)> {
        toks.tokens()
            .iter()
            .map(|t| (t.span.of(text).to_owned(), t.kind))
            .collect()
    };
    assert_eq!(show(fast), show(general), "tokens of {text:?}");
    assert_eq!(fast.tokens(), general.tokens(), "tokens of {text:?}");
    assert_eq!(
        fast.sentences(),
        general.sentences(),
        "sentences of {text:?}"
    );
    assert_eq!(fast.lower, general.lower, "lowercase of {text:?}");
}

fn words(text: &str) -> Vec<&str> {
    let toks = run(text);
    toks.tokens().iter().map(|t| t.span.of(text)).collect()
}

fn kinds(text: &str) -> Vec<(&str, TokenKind)> {
    let toks = run(text);
    toks.tokens()
        .iter()
        .map(|t| (t.span.of(text), t.kind))
        .collect()
}

fn sentences(text: &str) -> Vec<&str> {
    let toks = run(text);
    toks.sentences().iter().map(|s| s.span.of(text)).collect()
}

/// Checks every invariant of the module doc.
fn check_invariants(text: &str, toks: &Tokens) {
    let tokens = toks.tokens();
    let mut covered = 0;
    for (index, token) in tokens.iter().enumerate() {
        let (s, e) = (token.span.start as usize, token.span.end as usize);
        assert!(s < e, "empty token {index} in {text:?}");
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "{text:?}"
        );
        assert!(
            s >= covered,
            "token {index} overlaps or is out of order in {text:?}"
        );
        assert!(
            text[covered..s].chars().all(char::is_whitespace),
            "{:?} is not in any token of {text:?}",
            &text[covered..s]
        );
        covered = e;
        let word = token.span.of(text);
        let is_tag = token.kind == TokenKind::Punct && word.starts_with('<');
        assert!(
            is_tag || !word.chars().any(char::is_whitespace),
            "white space inside {word:?} in {text:?}"
        );
        let mut expected = String::new();
        for c in word.chars() {
            match c {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' => expected.push('\''),
                c => expected.extend(c.to_lowercase()),
            }
        }
        assert_eq!(toks.lower(token), expected, "lowercase of {word:?}");
        let sentence = &toks.sentences()[toks.sentence_at(s)];
        assert!(sentence.tokens.contains(&(index as u32)), "{text:?}");
    }
    assert!(text[covered..].chars().all(char::is_whitespace), "{text:?}");
    let mut next = 0;
    for sentence in toks.sentences() {
        assert_eq!(
            sentence.tokens.start, next,
            "sentences tile the tokens in {text:?}"
        );
        assert!(
            sentence.tokens.end > sentence.tokens.start,
            "empty sentence in {text:?}"
        );
        next = sentence.tokens.end;
        let first = tokens[sentence.tokens.start as usize].span.start;
        let last = tokens[sentence.tokens.end as usize - 1].span.end;
        assert_eq!(sentence.span, Span::new(first as usize, last as usize));
    }
    assert_eq!(
        next as usize,
        tokens.len(),
        "sentences cover every token of {text:?}"
    );
}

/// Runs a table of `(input, expected tokens)`.
fn check_words(table: &[(&str, &[&str])]) {
    for (text, expected) in table {
        assert_eq!(words(text), *expected, "tokens of {text:?}");
    }
}

/// Runs a table of `(input, expected sentences)`.
fn check_sentences(table: &[(&str, &[&str])]) {
    for (text, expected) in table {
        assert_eq!(sentences(text), *expected, "sentences of {text:?}");
    }
}

#[test]
fn contractions_and_inner_apostrophes_stay_whole_with_either_apostrophe() {
    check_words(&[
        ("I can't", &["I", "can't"]),
        ("I can’t", &["I", "can’t"]),
        ("O’Brien and O'Brien", &["O’Brien", "and", "O'Brien"]),
        ("a ne’er-do-well dad", &["a", "ne’er-do-well", "dad"]),
        ("they’re rock'n'roll", &["they’re", "rock'n'roll"]),
        ("Isn’t it?", &["Isn’t", "it", "?"]),
    ]);
}

#[test]
fn hyphenated_compounds_without_spaces_are_one_word() {
    check_words(&[
        ("Crazy Ex-Girlfriend", &["Crazy", "Ex-Girlfriend"]),
        (
            "a dance-heavy, binge-worthy show",
            &["a", "dance-heavy", ",", "binge-worthy", "show"],
        ),
        (
            "a dancer-turned-social worker",
            &["a", "dancer-turned-social", "worker"],
        ),
        ("her 6-year-old son", &["her", "6-year-old", "son"]),
        ("U.S.-based", &["U.S.-based"]),
    ]);
}

#[test]
fn dashes_between_spaces_or_doubled_are_punctuation() {
    check_words(&[
        ("good - not great", &["good", "-", "not", "great"]),
        ("good — not great", &["good", "—", "not", "great"]),
        ("good—not great", &["good", "—", "not", "great"]),
        ("good--not great", &["good", "--", "not", "great"]),
        (
            "trailing- and -leading",
            &["trailing", "-", "and", "-", "leading"],
        ),
    ]);
}

#[test]
fn a_trailing_possessive_apostrophe_is_its_own_token() {
    check_words(&[
        ("James’ delivery", &["James", "’", "delivery"]),
        ("the Smiths' album", &["the", "Smiths", "'", "album"]),
        ("Robyn’s voice", &["Robyn’s", "voice"]),
        ("Netflix’s Soundtrack.", &["Netflix’s", "Soundtrack", "."]),
    ]);
}

#[test]
fn abbreviations_with_inner_periods_are_one_word() {
    check_words(&[
        ("in L.A. in 2011", &["in", "L.A.", "in", "2011"]),
        ("the U.S. version", &["the", "U.S.", "version"]),
        (
            "songs, e.g., this one",
            &["songs", ",", "e.g.", ",", "this", "one"],
        ),
        ("by J.K. Rowling", &["by", "J.K.", "Rowling"]),
        ("a Ph.D. student", &["a", "Ph.D.", "student"]),
        ("back to L.A...", &["back", "to", "L.A", "..."]),
        ("Mr. Potter", &["Mr", ".", "Potter"]),
    ]);
}

#[test]
fn a_missing_space_after_a_period_splits_the_words() {
    check_words(&[
        (
            "a bad movie.The end",
            &["a", "bad", "movie", ".", "The", "end"],
        ),
        ("the 1990s.It was", &["the", "1990s", ".", "It", "was"]),
        ("Note:this", &["Note", ":", "this"]),
    ]);
}

#[test]
fn numbers_keep_their_separators() {
    assert_eq!(
        kinds("10 of 2,000 fans gave 4.5 to 1990s pop"),
        [
            ("10", TokenKind::Number),
            ("of", TokenKind::Word),
            ("2,000", TokenKind::Number),
            ("fans", TokenKind::Word),
            ("gave", TokenKind::Word),
            ("4.5", TokenKind::Number),
            ("to", TokenKind::Word),
            ("1990s", TokenKind::Number),
            ("pop", TokenKind::Word),
        ]
    );
    check_words(&[
        ("8/10 stars", &["8", "/", "10", "stars"]),
        ("rated 4.5.", &["rated", "4.5", "."]),
        ("$20 tickets", &["$", "20", "tickets"]),
    ]);
    assert_eq!(kinds("6-year-old")[0].1, TokenKind::Word);
    assert_eq!(kinds("10-15")[0], ("10-15", TokenKind::Number));
}

#[test]
fn runs_of_sentence_punctuation_are_one_token() {
    check_words(&[
        ("Wow!!", &["Wow", "!!"]),
        ("Really?!", &["Really", "?!"]),
        ("Well...", &["Well", "..."]),
        ("Well… no", &["Well", "…", "no"]),
        ("What?!?! No.", &["What", "?!?!", "No", "."]),
        ("Wait. . . what", &["Wait", ".", ".", ".", "what"]),
    ]);
}

#[test]
fn each_quote_mark_and_bracket_is_its_own_token() {
    check_words(&[
        ("“Nellie” O’Brien", &["“", "Nellie", "”", "O’Brien"]),
        ("'Go'", &["'", "Go", "'"]),
        ("\"\"Hi\"\"", &["\"", "\"", "Hi", "\"", "\""]),
        ("«Bonjour»", &["«", "Bonjour", "»"]),
        ("((Paul James))", &["(", "(", "Paul", "James", ")", ")"]),
        ("[spoiler]", &["[", "spoiler", "]"]),
        ("‘Tis", &["‘", "Tis"]),
    ]);
}

#[test]
fn emoticons_and_emoji_are_symbols() {
    assert_eq!(
        kinds("fun :) sad :-( lol :D ;) <3 meh :/"),
        [
            ("fun", TokenKind::Word),
            (":)", TokenKind::Symbol),
            ("sad", TokenKind::Word),
            (":-(", TokenKind::Symbol),
            ("lol", TokenKind::Word),
            (":D", TokenKind::Symbol),
            (";)", TokenKind::Symbol),
            ("<3", TokenKind::Symbol),
            ("meh", TokenKind::Word),
            (":/", TokenKind::Symbol),
        ]
    );
    check_words(&[
        ("great:)", &["great", ":)"]),
        ("Note:Dear", &["Note", ":", "Dear"]),
        ("❤️❤️ 👍🏽 👨‍👩‍👧 🇬🇧", &["❤️", "❤️", "👍🏽", "👨‍👩‍👧", "🇬🇧"]),
        ("so good😍😍", &["so", "good", "😍", "😍"]),
    ]);
    for emoji in ["❤️", "👍🏽", "👨‍👩‍👧", "🇬🇧", "1️⃣", "😍"] {
        assert_eq!(kinds(emoji), [(emoji, TokenKind::Symbol)], "{emoji}");
    }
}

#[test]
fn urls_stay_in_one_piece() {
    check_words(&[
        (
            "see https://x.com/a?b=1.",
            &["see", "https://x.com/a?b=1", "."],
        ),
        (
            "(http://example.org/wiki/Foo_(film))",
            &["(", "http://example.org/wiki/Foo_(film)", ")"],
        ),
        ("at www.imdb.com!", &["at", "www.imdb.com", "!"]),
        ("https://", &["https", ":/", "/"]),
    ]);
    assert_eq!(kinds("https://x.com")[0].1, TokenKind::Symbol);
}

#[test]
fn markdown_and_html_markers_are_punctuation() {
    assert_eq!(
        kinds("# Title **bold** _it_ [link](u)"),
        [
            ("#", TokenKind::Punct),
            ("Title", TokenKind::Word),
            ("**", TokenKind::Punct),
            ("bold", TokenKind::Word),
            ("**", TokenKind::Punct),
            ("_", TokenKind::Punct),
            ("it", TokenKind::Word),
            ("_", TokenKind::Punct),
            ("[", TokenKind::Punct),
            ("link", TokenKind::Word),
            ("]", TokenKind::Punct),
            ("(", TokenKind::Punct),
            ("u", TokenKind::Word),
            (")", TokenKind::Punct),
        ]
    );
    check_words(&[
        (
            "so what?<br /><br />Equally",
            &["so", "what", "?", "<br />", "<br />", "Equally"],
        ),
        (
            "a<br>b<BR/>c</p>",
            &["a", "<br>", "b", "<BR/>", "c", "</p>"],
        ),
        ("<i>Glee</i> & co", &["<i>", "Glee", "</i>", "&", "co"]),
        ("a < b > c", &["a", "<", "b", ">", "c"]),
    ]);
}

#[test]
fn lowercase_folds_curly_apostrophes() {
    let text = "O’Brien CAN’T Élan";
    let toks = run(text);
    let lower: Vec<&str> = toks.tokens().iter().map(|t| toks.lower(t)).collect();
    assert_eq!(lower, ["o'brien", "can't", "élan"]);
}

#[test]
fn sentences_end_at_terminators_with_their_closing_quotes() {
    check_sentences(&[
        (
            "I loved it. You will too!",
            &["I loved it.", "You will too!"],
        ),
        (
            "He said “Go.” Then he left.",
            &["He said “Go.”", "Then he left."],
        ),
        (
            "(It aired in 2011.) The end",
            &["(It aired in 2011.)", "The end"],
        ),
        ("Really?! Yes.", &["Really?!", "Yes."]),
        ("“Why?” she asked.", &["“Why?” she asked."]),
        ("Wait... what? No", &["Wait... what?", "No"]),
        ("Loved it! :) The cast", &["Loved it! :)", "The cast"]),
        ("Wow!, she said", &["Wow!, she said"]),
    ]);
}

#[test]
fn abbreviations_and_initials_do_not_end_sentences() {
    check_sentences(&[
        (
            "Mr. Potter and Mrs. Weasley",
            &["Mr. Potter and Mrs. Weasley"],
        ),
        (
            "Ms. Stowe met Dr. Who on St. Elsewhere.",
            &["Ms. Stowe met Dr. Who on St. Elsewhere."],
        ),
        (
            "Robert Downey Jr. Stars here.",
            &["Robert Downey Jr. Stars here."],
        ),
        (
            "Godzilla vs. Kong, e.g. Netflix, i.e. TV.",
            &["Godzilla vs. Kong, e.g. Netflix, i.e. TV."],
        ),
        (
            "books by J. K. Rowling sell.",
            &["books by J. K. Rowling sell."],
        ),
        (
            "books by J.K. Rowling sell.",
            &["books by J.K. Rowling sell."],
        ),
        (
            "It was No. 5 on Vol. 2 for approx. ten weeks.",
            &["It was No. 5 on Vol. 2 for approx. ten weeks."],
        ),
        (
            "It aired Jan. 12 and ended.",
            &["It aired Jan. 12 and ended."],
        ),
        (
            "songs, dances, etc. and more",
            &["songs, dances, etc. and more"],
        ),
        (
            "songs, dances, etc. The end",
            &["songs, dances, etc.", "The end"],
        ),
        (
            "It is set in L.A. in 2011.",
            &["It is set in L.A. in 2011."],
        ),
        (
            "We moved to L.A. The show followed.",
            &["We moved to L.A.", "The show followed."],
        ),
        (
            "He said no. Then he left.",
            &["He said no.", "Then he left."],
        ),
        ("I got Plan B. But why?", &["I got Plan B.", "But why?"]),
        ("So did I. Great show.", &["So did I.", "Great show."]),
    ]);
}

#[test]
fn a_blank_line_always_ends_a_sentence() {
    check_sentences(&[
        ("# Soundtrack\n\nA review", &["# Soundtrack", "A review"]),
        (
            "Paul James dances. Photo by Someone\n\nI can’t resist",
            &["Paul James dances.", "Photo by Someone", "I can’t resist"],
        ),
        ("Dr.\n\nWho", &["Dr.", "Who"]),
        ("one\r\n\r\ntwo", &["one", "two"]),
        ("one\n  \ntwo", &["one", "two"]),
        ("one\u{2029}two", &["one", "two"]),
    ]);
}

#[test]
fn a_single_newline_ends_a_sentence_only_after_sentence_punctuation() {
    check_sentences(&[
        (
            "a line that wraps\nin the middle.",
            &["a line that wraps\nin the middle."],
        ),
        ("The end.\nthe start", &["The end.", "the start"]),
        ("I met Dr.\nWho today.", &["I met Dr.\nWho today."]),
        ("Great!\nReally", &["Great!", "Really"]),
    ]);
}

#[test]
fn html_line_breaks_end_sentences_and_stay_with_them() {
    check_sentences(&[
        (
            "so what?<br /><br />Equally bad",
            &["so what?<br /><br />", "Equally bad"],
        ),
        (
            "no period<br /><br />Next one",
            &["no period<br /><br />", "Next one"],
        ),
        ("end. <br /> <br /> Next", &["end. <br /> <br />", "Next"]),
        ("<br />Starts with a tag.", &["<br />Starts with a tag."]),
        (
            "an <i>italic</i> word. Next",
            &["an <i>italic</i> word.", "Next"],
        ),
    ]);
}

#[test]
fn empty_and_blank_texts_have_no_tokens() {
    for text in ["", " ", "\n\n", "\t \u{00A0}\u{3000}"] {
        let toks = run(text);
        assert!(
            toks.tokens().is_empty() && toks.sentences().is_empty(),
            "{text:?}"
        );
    }
}

#[test]
fn a_reused_buffer_forgets_the_previous_document() {
    let tokenizer = Tokenizer::new();
    let mut toks = Tokens::new();
    tokenizer.tokenize("One. Two. Three.", &mut toks);
    tokenizer.tokenize("Four", &mut toks);
    assert_eq!(toks.tokens().len(), 1);
    assert_eq!(toks.sentences().len(), 1);
    assert_eq!(toks.lower(&toks.tokens()[0]), "four");
}

#[test]
fn the_word_lists_parse_completely() {
    for line in crate::ascii::data_lines(include_str!("../../data/tokenize/abbreviations.txt")) {
        assert!(
            tables::parse_abbreviation(line).is_some(),
            "bad line {line:?}"
        );
    }
    for emoticon in crate::ascii::data_lines(include_str!("../../data/tokenize/emoticons.txt")) {
        assert!(
            emoticon.is_ascii() && !emoticon.contains(' '),
            "{emoticon:?}"
        );
    }
}

// ---- Property tests ----------------------------------------------------------------------

/// Characters that stress the rules: separators, quotes, marks, emoji parts, line breaks.
fn weird_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            'a',
            'Z',
            '1',
            '.',
            ',',
            ':',
            ';',
            '\'',
            '"',
            '_',
            '-',
            '!',
            '?',
            '<',
            '>',
            '/',
            ' ',
            '\n',
            '\r',
            '\t',
            '\u{0B}',
            '\u{0C}',
            '(',
            ')',
            'b',
            'r',
            'p',
            '#',
            '*',
            '&',
            '\u{0085}',
            '\u{00A0}',
            '\u{2028}',
            '\u{2029}',
            '\u{3000}',
            '\u{200B}',
            '\u{200D}',
            '\u{FE0F}',
            '\u{20E3}',
            '\u{0301}',
            '\u{1F3FD}',
            '\u{1F44D}',
            '\u{1F1EC}',
            '\u{1F1E7}',
            '\u{2019}',
            '\u{2018}',
            '\u{201C}',
            '\u{201D}',
            '\u{02BC}',
            '\u{2026}',
            '\u{2014}',
            '\u{2010}',
            'é',
            'İ',
            'ß',
            'ﬁ',
            '\u{FEFF}',
            '\u{05D0}',
            '\u{0627}',
            '中',
            'ア',
            '।',
            '。',
            '\u{FF0E}',
            '\u{00AD}',
        ]),
        any::<char>(),
    ]
}

fn weird_string() -> impl Strategy<Value = String> {
    prop::collection::vec(weird_char(), 0..60).prop_map(|cs| cs.into_iter().collect())
}

/// Review-like text: words, punctuation, abbreviations, quotes, emoji and accents.
fn review_text() -> impl Strategy<Value = String> {
    let fragment = prop::sample::select(vec![
        "the",
        "The",
        "show",
        "Sam",
        "O’Brien",
        "can't",
        "don’t",
        "James’",
        "Nellie’s",
        "L.A.",
        "U.S",
        "e.g.",
        "i.e.",
        "Mr.",
        "Dr.",
        "J.",
        "K.",
        "No.",
        "Vol.",
        "Jan.",
        "etc.",
        "vs.",
        "10",
        "2,000",
        "4.5",
        "1990s",
        "6-year-old",
        "dance-heavy",
        "-",
        "—",
        "--",
        ".",
        "...",
        "…",
        "!",
        "!!",
        "?!",
        "?",
        ",",
        ";",
        ":",
        "\"",
        "'",
        "“",
        "”",
        "‘",
        "’",
        "(",
        ")",
        "[",
        "]",
        "*",
        "**",
        "_",
        "#",
        ":)",
        ":-(",
        "<3",
        ":D",
        "😍",
        "👍🏽",
        "👨‍👩‍👧",
        "❤️",
        "1️⃣",
        "café",
        "Élan",
        "naïve",
        "über",
        "<br />",
        "<br>",
        "<i>",
        "https://x.com/a.b",
        "www.x.org",
        " ",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        "x.Y",
        "movie.The",
        "Note:D",
        "_x_",
        "a_b",
    ]);
    prop::collection::vec(fragment, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn byte_level_segments_match_unicode_segmentation(chunk in "[!-~]{0,40}") {
        let mut fast = Vec::new();
        let mut general = Vec::new();
        ascii_pieces(&chunk, 0, chunk.len(), &mut fast);
        unicode_pieces(&chunk, 0, chunk.len(), &mut general);
        prop_assert_eq!(fast, general);
    }

    #[test]
    fn byte_level_segments_match_on_word_like_chunks(chunk in "[a-cA-C0-2.,;:'_!?()\\-]{0,30}") {
        let mut fast = Vec::new();
        let mut general = Vec::new();
        ascii_pieces(&chunk, 0, chunk.len(), &mut fast);
        unicode_pieces(&chunk, 0, chunk.len(), &mut general);
        prop_assert_eq!(fast, general);
    }

    #[test]
    fn the_fast_path_equals_the_general_path_on_review_text(text in review_text()) {
        run(&text);
    }

    #[test]
    fn the_fast_path_equals_the_general_path_on_ascii(text in "[ -~\n]{0,200}") {
        run(&text);
    }

    #[test]
    fn any_string_tokenizes_without_panic_and_keeps_the_invariants(text in any::<String>()) {
        run(&text);
    }

    #[test]
    fn weird_unicode_tokenizes_without_panic_and_keeps_the_invariants(text in weird_string()) {
        run(&text);
    }
}

#[test]
fn a_token_is_16_bytes_and_long_lowercase_forms_are_kept_whole() {
    assert_eq!(std::mem::size_of::<Token>(), 16);
    let long_ascii = "A".repeat(70_000);
    let long_other = "É".repeat(40_000);
    // (Each quote mark is a token of its own.)
    let text = format!("{long_ascii} Été {long_other} ’’’ {long_other}x end");
    let toks = run(&text);
    // Each token's lowercase form, as (bytes, first char, last char).
    let summary = |s: &str| (s.len(), s.chars().next(), s.chars().next_back());
    let got: Vec<_> = toks
        .tokens()
        .iter()
        .map(|t| summary(toks.lower(t)))
        .collect();
    let expected_other = "é".repeat(40_000);
    let expected_x = format!("{expected_other}x");
    let want: Vec<_> = [
        long_ascii.to_lowercase().as_str(),
        "été",
        expected_other.as_str(),
        "'",
        "'",
        "'",
        expected_x.as_str(),
        "end",
    ]
    .into_iter()
    .map(summary)
    .collect();
    assert_eq!(got, want);
    assert_eq!(toks.lower(&toks.tokens()[6]), expected_x);
}
