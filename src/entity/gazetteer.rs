//! Layer 5, gazetteers and user patterns: the user's own catalogue of shows, songs and people,
//! and regular expressions for the names of a niche ([`UserPatterns`]).
//!
//! A gazetteer file has one entry a line, tab separated: `kind<TAB>name<TAB>alias...`, where
//! kind is one of `show`, `actor`, `character`, `song`, `person`. Blank lines and lines starting
//! with `#` are skipped. The name and every alias are matched case-sensitively, whole words only,
//! leftmost-longest, with aho-corasick; each match becomes a mention named after the entry.
//! Gazetteer matches are trusted over every built-in rule.

use super::names::Form;
use super::scan::{shape, Tok};
use super::{Cand, MentionKind, Strength};
use crate::error::{Error, Result};
use aho_corasick::{AhoCorasick, MatchKind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One catalogue entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GazetteerEntry {
    /// What it is.
    pub kind: MentionKind,
    /// The canonical name.
    pub name: Arc<str>,
}

/// A user catalogue, compiled for matching.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    entries: Vec<GazetteerEntry>,
    /// Entry index of each pattern.
    pattern_entry: Vec<u32>,
    matcher: AhoCorasick,
}

impl Gazetteer {
    /// Reads and compiles a gazetteer file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Gazetteer> {
        let path = path.as_ref();
        let data = crate::error::read_text(path)?;
        Gazetteer::parse(&data, path)
    }

    /// Reads several gazetteer files into one catalogue (errors name the file and line).
    pub fn from_paths<P: AsRef<Path>>(paths: &[P]) -> Result<Gazetteer> {
        let mut sources = Vec::with_capacity(paths.len());
        for path in paths {
            let path = path.as_ref();
            let data = crate::error::read_text(path)?;
            sources.push((data, path.to_path_buf()));
        }
        let borrowed: Vec<(&str, &Path)> = sources
            .iter()
            .map(|(d, p)| (d.as_str(), p.as_path()))
            .collect();
        Gazetteer::compile(&borrowed)
    }

    /// Compiles a gazetteer from its text (errors name the source `<gazetteer>`).
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(data: &str) -> Result<Gazetteer> {
        Gazetteer::parse(data, Path::new("<gazetteer>"))
    }

    fn parse(data: &str, path: &Path) -> Result<Gazetteer> {
        Gazetteer::compile(&[(data, path)])
    }

    /// Parses each source's lines into entries and compiles one matcher for all of them.
    fn compile(sources: &[(&str, &Path)]) -> Result<Gazetteer> {
        let mut entries = Vec::new();
        let mut patterns: Vec<&str> = Vec::new();
        let mut pattern_entry = Vec::new();
        for &(data, path) in sources {
            Gazetteer::parse_lines(data, path, &mut entries, &mut patterns, &mut pattern_entry)?;
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| Error::Data {
                path: sources
                    .first()
                    .map_or_else(PathBuf::new, |s| s.1.to_path_buf()),
                line: 0,
                message: format!("cannot compile gazetteer: {e}"),
            })?;
        Ok(Gazetteer {
            entries,
            pattern_entry,
            matcher,
        })
    }

    fn parse_lines<'a>(
        data: &'a str,
        path: &Path,
        entries: &mut Vec<GazetteerEntry>,
        patterns: &mut Vec<&'a str>,
        pattern_entry: &mut Vec<u32>,
    ) -> Result<()> {
        let bad = |line: usize, message: String| Error::Data {
            path: PathBuf::from(path),
            line,
            message,
        };
        for (n, line) in data.lines().enumerate() {
            let line_no = n + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let kind_field = fields.next().unwrap_or("").trim();
            let kind = MentionKind::parse(kind_field).ok_or_else(|| {
                bad(
                    line_no,
                    format!("unknown kind {kind_field:?} (expected show, actor, character, song or person)"),
                )
            })?;
            let name = fields.next().map(str::trim).unwrap_or("");
            if name.is_empty() {
                return Err(bad(
                    line_no,
                    "missing name: expected kind<TAB>name<TAB>aliases...".into(),
                ));
            }
            let entry = entries.len() as u32;
            entries.push(GazetteerEntry {
                kind,
                name: name.into(),
            });
            for surface in std::iter::once(name).chain(fields.map(str::trim)) {
                if !surface.is_empty() {
                    patterns.push(surface);
                    pattern_entry.push(entry);
                }
            }
        }
        Ok(())
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[GazetteerEntry] {
        &self.entries
    }

    /// Whole-word matches in `text`: byte range and entry.
    pub fn find<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, usize, &'a GazetteerEntry)> + 'a {
        self.find_entries(text)
            .map(|(s, e, entry)| (s, e, &self.entries[entry as usize]))
    }

    /// [`Gazetteer::find`] with the entries' indices.
    fn find_entries<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize, u32)> + 'a {
        self.matcher.find_iter(text).filter_map(move |m| {
            let (s, e) = (m.start(), m.end());
            if !whole_words(text, s, e) {
                return None;
            }
            Some((s, e, self.pattern_entry[m.pattern().as_usize()]))
        })
    }

    /// Adds candidates for the matches that line up with token boundaries and marks their tokens.
    pub(crate) fn find_cands(
        &self,
        text: &str,
        toks: &[Tok],
        taken: &mut [bool],
        out: &mut Vec<Cand>,
    ) {
        for (s, e, index) in self.find_entries(text) {
            let kind = self.entries[index as usize].kind;
            add_sure_cand(toks, taken, out, (s, e), kind, index);
        }
    }
}

/// Adds a candidate of `kind` over the bytes `span` of a match, typed as surely as a gazetteer
/// entry (`fixed`: the entry that names it, or `NONE` to name it as written), if the match
/// starts at a token, ends at one's end and overlaps no token already taken; marks its tokens.
fn add_sure_cand(
    toks: &[Tok],
    taken: &mut [bool],
    out: &mut Vec<Cand>,
    (s, e): (usize, usize),
    kind: MentionKind,
    fixed: u32,
) {
    let first = toks.partition_point(|t| (t.start as usize) < s);
    if first >= toks.len() || toks[first].start as usize != s {
        return;
    }
    let mut last = first;
    while last + 1 < toks.len() && (toks[last + 1].start as usize) < e {
        last += 1;
    }
    let t = &toks[last];
    if t.core_end as usize != e && t.end as usize != e {
        return;
    }
    if taken[first..=last].iter().any(|&x| x) {
        return;
    }
    let mut c = Cand::new(toks, first, last, Form::Title, false);
    // The match as written ("Hey-ho" whole, though the scanner's word core may stop before a
    // hyphen), but never a possessive ending.
    c.end = if t.is(shape::POSS) {
        e.min(t.core_end as usize) as u32
    } else {
        e as u32
    };
    c.assign(kind, Strength::GAZETTEER);
    c.fixed = fixed;
    taken[first..=last].fill(true);
    out.push(c);
}

/// Whether the bytes `s..e` of `text` are whole words (no letter or digit right before or
/// after them).
pub(super) fn whole_words(text: &str, s: usize, e: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    !word(text[..s].chars().next_back()) && !word(text[e..].chars().next())
}

/// User patterns (`--patterns FILE`): lines of `kind<TAB>regex` for the catalogue numbers,
/// hashtags or title formats of a user's niche. A match that is whole words and lines up with
/// tokens becomes a candidate typed like a gazetteer entry, named as written; patterns are
/// tried in file order, the gazetteer's entries first, and a token belongs to one candidate.
#[derive(Clone, Debug, Default)]
pub struct UserPatterns {
    patterns: Vec<(MentionKind, regex::Regex)>,
}

impl UserPatterns {
    /// Reads the pattern files, in order (errors name the file and line).
    pub fn from_paths<P: AsRef<Path>>(paths: &[P]) -> Result<UserPatterns> {
        let mut out = UserPatterns::default();
        for path in paths {
            let path = path.as_ref();
            let data = crate::error::read_text(path)?;
            out.parse(&data, path)?;
        }
        Ok(out)
    }

    /// Patterns from text (errors name the source `<patterns>`).
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(data: &str) -> Result<UserPatterns> {
        let mut out = UserPatterns::default();
        out.parse(data, Path::new("<patterns>"))?;
        Ok(out)
    }

    fn parse(&mut self, data: &str, path: &Path) -> Result<()> {
        let bad = |line: usize, message: String| Error::Data {
            path: PathBuf::from(path),
            line,
            message,
        };
        for (n, line) in data.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let Some((kind, pattern)) = line.split_once('\t') else {
                return Err(bad(n + 1, "expected kind<TAB>regex".into()));
            };
            let kind = MentionKind::parse(kind.trim()).ok_or_else(|| {
                bad(
                    n + 1,
                    format!(
                        "unknown kind {kind:?} (expected show, actor, character, song or person)"
                    ),
                )
            })?;
            let regex = regex::Regex::new(pattern).map_err(|e| {
                // The regex crate's message spans lines; its last line says what is wrong.
                let why = e.to_string();
                let why = why
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim_start_matches("error: ");
                bad(n + 1, format!("bad regex {pattern:?}: {why}"))
            })?;
            if regex.is_match("") {
                return Err(bad(n + 1, format!("{pattern:?} matches the empty text")));
            }
            self.patterns.push((kind, regex));
        }
        Ok(())
    }

    /// Number of patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// True when there is no pattern.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whole-word matches in `text`, pattern by pattern: byte range and kind.
    pub fn find<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, usize, MentionKind)> + 'a {
        self.patterns.iter().flat_map(move |(kind, regex)| {
            regex
                .find_iter(text)
                .filter(move |m| !m.is_empty() && whole_words(text, m.start(), m.end()))
                .map(move |m| (m.start(), m.end(), *kind))
        })
    }

    /// Adds candidates for the matches that line up with token boundaries and marks their tokens.
    pub(crate) fn find_cands(
        &self,
        text: &str,
        toks: &[Tok],
        taken: &mut [bool],
        out: &mut Vec<Cand>,
    ) {
        for (s, e, kind) in self.find(text) {
            add_sure_cand(toks, taken, out, (s, e), kind, super::NONE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_aliases_are_read_from_tab_separated_lines() {
        let g = Gazetteer::from_str(
            "# my shows\nshow\tThe Velvet Hour\tVelvet Hour\n\nactor\tMara Quillon\n",
        )
        .unwrap();
        assert_eq!(g.entries().len(), 2);
        let found: Vec<_> = g
            .find("I loved Velvet Hour and Mara Quillon.")
            .map(|(s, e, entry)| (s, e, entry.name.to_string()))
            .collect();
        assert_eq!(
            found,
            [
                (8, 19, "The Velvet Hour".to_string()),
                (24, 36, "Mara Quillon".to_string())
            ]
        );
    }

    #[test]
    fn a_hyphened_entry_is_found_whole_and_a_possessive_left_out() {
        let text = "They closed with Hey-ho, and Hey-ho's coda soared.";
        let mut tokens = crate::tokenize::Tokens::new();
        crate::tokenize::Tokenizer::new().tokenize(text, &mut tokens);
        let extractor = super::super::EntityExtractor::with_gazetteer(
            Gazetteer::from_str("song\tHey-ho\n").unwrap(),
        );
        let mut out = Vec::new();
        extractor.extract(text, &tokens, &mut out);
        let surfaces: Vec<&str> = out.iter().map(|m| m.span.of(text)).collect();
        assert_eq!(surfaces, ["Hey-ho", "Hey-ho"]);
    }

    #[test]
    fn user_patterns_type_whole_word_matches_that_line_up_with_tokens() {
        let patterns = UserPatterns::from_str(
            "# catalogue numbers and hashtags\nsong\tTrack [0-9]+\nshow\t#[A-Z][A-Za-z]+\n",
        )
        .unwrap();
        assert_eq!(patterns.len(), 2);
        let text = "Track 7 beats Track 12b; #SlowHorses fans agree, x#Nope too.";
        let mut tokens = crate::tokenize::Tokens::new();
        crate::tokenize::Tokenizer::new().tokenize(text, &mut tokens);
        let extractor = super::super::EntityExtractor::new().with_patterns(patterns);
        let mut out = Vec::new();
        extractor.extract(text, &tokens, &mut out);
        let found: Vec<(&str, &str)> = out
            .iter()
            .map(|m| (m.kind.as_str(), m.span.of(text)))
            .collect();
        // "Track 12b" is not whole words; "x#Nope" is inside a word.
        assert_eq!(found, [("song", "Track 7"), ("show", "#SlowHorses")]);
    }

    #[test]
    fn bad_user_patterns_name_their_line() {
        let line = |text: &str| match UserPatterns::from_str(text) {
            Err(Error::Data { line, .. }) => line,
            other => panic!("{other:?}"),
        };
        assert_eq!(line("song\tok\nshow\t(unclosed\n"), 2);
        assert_eq!(line("\nalbum\tX\n"), 2);
        assert_eq!(line("show no tab\n"), 1);
        assert_eq!(line("show\ta*\n"), 1);
    }

    #[test]
    fn matches_inside_words_are_ignored() {
        let g = Gazetteer::from_str("song\tRain\n").unwrap();
        assert_eq!(g.find("Rainbow Rain").count(), 1);
    }

    #[test]
    fn malformed_lines_are_data_errors_with_line_numbers() {
        for (data, line) in [
            ("show\tOk\nmovie\tX\n", 2),
            ("song\n", 1),
            ("actor\t \n", 1),
        ] {
            match Gazetteer::from_str(data) {
                Err(Error::Data { line: l, .. }) => assert_eq!(l, line, "{data:?}"),
                other => panic!("{data:?}: {other:?}"),
            }
        }
    }
}
