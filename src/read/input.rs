//! The bytes of a table file, decoded to UTF-8 as they stream, with a way to read some of them
//! again.
//!
//! Invariants:
//! - a UTF-8 byte-order mark is dropped; a UTF-16 one (either byte order) makes the rest of the
//!   stream UTF-16, transcoded to UTF-8 as it is read ([`Utf16Reader`]); anything else passes
//!   through untouched (a cell that is not UTF-8 is decoded later, cell by cell);
//! - [`Input`] hands out the stream in chunks; [`Input::replay`] puts bytes already read back in
//!   front of what is left, so a reader can take a second look after a mistake (the CSV reader
//!   does, after an unclosed quote);
//! - memory is bounded by the buffers: nothing here holds a whole file.

use crate::pipeline::Encoding;
use std::io::{BufRead, BufReader, Read};

/// Bytes read at a time.
const CHUNK: usize = 1 << 16;

/// Opens a table stream: drops a UTF-8 byte-order mark, transcodes UTF-16 to UTF-8. Returns the
/// stream and how its bytes were encoded.
pub fn sniff(mut reader: Box<dyn Read + Send>) -> std::io::Result<(Input, Encoding)> {
    let mut head = [0u8; 3];
    let mut len = 0;
    while len < head.len() {
        match reader.read(&mut head[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let head = &head[..len];
    if head.starts_with(b"\xEF\xBB\xBF") {
        return Ok((
            Input::new(Box::new(BufReader::with_capacity(CHUNK, reader))),
            Encoding::Utf8,
        ));
    }
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        let little = head[0] == 0xFF;
        let rest = std::io::Cursor::new(head[2..].to_vec()).chain(reader);
        let utf16 = Utf16Reader::new(Box::new(rest), little);
        return Ok((
            Input::new(Box::new(BufReader::with_capacity(CHUNK, utf16))),
            Encoding::Utf16,
        ));
    }
    let whole = std::io::Cursor::new(head.to_vec()).chain(reader);
    Ok((
        Input::new(Box::new(BufReader::with_capacity(CHUNK, whole))),
        Encoding::Utf8,
    ))
}

/// A stream of bytes with bytes to read again in front of it.
pub struct Input {
    reader: Box<dyn BufRead + Send>,
    /// Bytes to hand out before the reader's, from `replay_at` on.
    replay: Vec<u8>,
    replay_at: usize,
}

impl Input {
    /// A stream over `reader`.
    pub fn new(reader: Box<dyn BufRead + Send>) -> Input {
        Input {
            reader,
            replay: Vec::new(),
            replay_at: 0,
        }
    }

    /// The next bytes of the stream (empty at its end). Call [`Input::consume`] for those used.
    #[inline]
    pub fn chunk(&mut self) -> std::io::Result<&[u8]> {
        if self.replay_at < self.replay.len() {
            return Ok(&self.replay[self.replay_at..]);
        }
        loop {
            match self.reader.fill_buf() {
                Ok(_) => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        // Buffered now: no second read.
        self.reader.fill_buf()
    }

    /// Marks `n` bytes of the last chunk as used.
    #[inline]
    pub fn consume(&mut self, n: usize) {
        if self.replay_at < self.replay.len() {
            self.replay_at += n;
            if self.replay_at == self.replay.len() {
                self.replay.clear();
                self.replay_at = 0;
            }
        } else {
            self.reader.consume(n);
        }
    }

    /// Puts `bytes`, already read, back in front of the rest of the stream.
    pub fn replay(&mut self, bytes: &[u8]) {
        let mut replay = Vec::with_capacity(bytes.len() + self.replay.len() - self.replay_at);
        replay.extend_from_slice(bytes);
        replay.extend_from_slice(&self.replay[self.replay_at..]);
        self.replay = replay;
        self.replay_at = 0;
    }
}

/// UTF-16 bytes (without their byte-order mark) read as UTF-8.
///
/// An unpaired surrogate or an odd byte at the end is an `InvalidData` error naming its byte
/// offset in the file (counting the byte-order mark); everything before it has been read.
pub struct Utf16Reader {
    inner: Box<dyn Read + Send>,
    little: bool,
    /// Raw bytes read but not decoded yet.
    raw: Vec<u8>,
    raw_at: usize,
    /// Decoded UTF-8 not handed out yet.
    out: Vec<u8>,
    out_at: usize,
    /// Bytes of the file decoded so far (for error offsets), the byte-order mark included.
    offset: u64,
    done: bool,
}

impl Utf16Reader {
    /// A reader of `inner`'s UTF-16 (little-endian when `little`).
    pub fn new(inner: Box<dyn Read + Send>, little: bool) -> Utf16Reader {
        Utf16Reader {
            inner,
            little,
            raw: Vec::with_capacity(CHUNK),
            raw_at: 0,
            out: Vec::with_capacity(CHUNK * 3 / 2),
            out_at: 0,
            offset: 2,
            done: false,
        }
    }

    fn unit(&self, at: usize) -> u16 {
        let pair = [self.raw[at], self.raw[at + 1]];
        if self.little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    }

    fn invalid(&self, what: &str) -> std::io::Error {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{what} in UTF-16 at byte {}", self.offset),
        )
    }

    /// Decodes what it can of `raw` into `out`; refills `raw` first when it holds less than a
    /// surrogate pair.
    fn fill(&mut self) -> std::io::Result<()> {
        self.out.clear();
        self.out_at = 0;
        while self.out.is_empty() {
            if self.raw.len() - self.raw_at < 4 && !self.done {
                self.raw.drain(..self.raw_at);
                self.raw_at = 0;
                let have = self.raw.len();
                self.raw.resize(have + CHUNK, 0);
                let n = loop {
                    match self.inner.read(&mut self.raw[have..]) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => {
                            self.raw.truncate(have);
                            return Err(e);
                        }
                    }
                };
                self.raw.truncate(have + n);
                self.done = n == 0;
                continue;
            }
            let left = self.raw.len() - self.raw_at;
            if left == 0 {
                return Ok(());
            }
            if left == 1 {
                // Only at the end of the stream: the refill above came back empty.
                return Err(self.invalid("an odd byte at the end"));
            }
            let mut at = self.raw_at;
            while at + 1 < self.raw.len() {
                let unit = self.unit(at);
                let (c, len) = match unit {
                    0xD800..=0xDBFF => {
                        if at + 3 >= self.raw.len() {
                            if self.done {
                                return Err(self.invalid("an unpaired surrogate"));
                            }
                            break;
                        }
                        let low = self.unit(at + 2);
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.invalid("an unpaired surrogate"));
                        }
                        let c = 0x10000
                            + ((u32::from(unit) - 0xD800) << 10)
                            + (u32::from(low) - 0xDC00);
                        (char::from_u32(c), 4)
                    }
                    0xDC00..=0xDFFF => return Err(self.invalid("an unpaired surrogate")),
                    unit => (char::from_u32(u32::from(unit)), 2),
                };
                let Some(c) = c else {
                    return Err(self.invalid("an invalid code unit"));
                };
                let mut utf8 = [0u8; 4];
                self.out
                    .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
                at += len;
                self.offset += len as u64;
            }
            self.raw_at = at;
        }
        Ok(())
    }
}

impl Read for Utf16Reader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.out_at == self.out.len() {
            self.fill()?;
        }
        let n = buf.len().min(self.out.len() - self.out_at);
        buf[..n].copy_from_slice(&self.out[self.out_at..self.out_at + n]);
        self.out_at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> (std::io::Result<Vec<u8>>, Encoding) {
        let (mut input, encoding) = sniff(Box::new(std::io::Cursor::new(bytes.to_vec()))).unwrap();
        let mut out = Vec::new();
        loop {
            let chunk = match input.chunk() {
                Ok(c) => c.to_vec(),
                Err(e) => return (Err(e), encoding),
            };
            if chunk.is_empty() {
                return (Ok(out), encoding);
            }
            out.extend_from_slice(&chunk);
            input.consume(chunk.len());
        }
    }

    fn utf16(text: &str, little: bool) -> Vec<u8> {
        let mut bytes = if little {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        bytes
    }

    #[test]
    fn byte_order_marks_pick_the_decoding() {
        let text = "id,text\r\n1,Amélie 😀 東京\r\n";
        for little in [true, false] {
            let (out, encoding) = read_all(&utf16(text, little));
            assert_eq!(String::from_utf8(out.unwrap()).unwrap(), text);
            assert_eq!(encoding, Encoding::Utf16);
        }
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let (out, encoding) = read_all(&bom);
        assert_eq!(
            (out.unwrap(), encoding),
            (text.as_bytes().to_vec(), Encoding::Utf8)
        );
        for short in [&b""[..], b"a", b"ab", b"abc", b"\xEF\xBB"] {
            assert_eq!(read_all(short).0.unwrap(), short);
        }
    }

    #[test]
    fn long_utf16_streams_survive_every_chunk_boundary() {
        // Surrogate pairs and 3-byte characters straddle the 64 KiB reads.
        let text = "a😀é東".repeat(40_000);
        let (out, _) = read_all(&utf16(&text, true));
        assert_eq!(String::from_utf8(out.unwrap()).unwrap(), text);
    }

    #[test]
    fn broken_utf16_is_an_error_after_the_good_part() {
        let mut bytes = utf16("ok", true);
        bytes.extend_from_slice(&[0x00, 0xD8, b'x', 0]);
        let (out, _) = read_all(&bytes);
        let error = out.unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
        assert!(
            error
                .to_string()
                .contains("unpaired surrogate in UTF-16 at byte 6"),
            "{error}"
        );
        let mut odd = utf16("ok", false);
        odd.push(b'x');
        assert!(read_all(&odd)
            .0
            .unwrap_err()
            .to_string()
            .contains("odd byte"));
    }

    #[test]
    fn replayed_bytes_come_before_the_rest() {
        let (mut input, _) = sniff(Box::new(std::io::Cursor::new(b"abcdef".to_vec()))).unwrap();
        let take = |input: &mut Input, n: usize| {
            let mut got = Vec::new();
            while got.len() < n {
                let chunk = input.chunk().unwrap();
                let k = chunk.len().min(n - got.len());
                assert!(k > 0, "the stream ended early");
                got.extend_from_slice(&chunk[..k]);
                input.consume(k);
            }
            got
        };
        assert_eq!(take(&mut input, 4), b"abcd");
        input.replay(b"XY");
        assert_eq!(take(&mut input, 1), b"X");
        input.replay(b"Z");
        assert_eq!(take(&mut input, 4), b"ZYef");
        assert!(input.chunk().unwrap().is_empty());
    }
}
