//! From uploaded bytes to UTF-8: which encoding a file is in, a reader that decodes while it
//! streams, and the physical line on which each CSV record starts.

use std::collections::VecDeque;
use std::io::{self, Read};

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How much of the file the sniffer looks at before streaming the rest.
pub(super) const SNIFF_LEN: usize = 64 * 1024;

const BUFFER_LEN: usize = 8 * 1024;

/// The most a single record may take. Only a quoted field whose closing quote is missing
/// comes near it; without a limit it would swallow the rest of the file into memory.
pub(super) const MAX_RECORD_LEN: u64 = 1024 * 1024;

/// Reads up to [`SNIFF_LEN`] bytes; the flag tells whether that was the whole file.
pub(super) fn read_prefix<R: Read>(reader: &mut R) -> io::Result<(Vec<u8>, bool)> {
    let mut prefix = Vec::with_capacity(SNIFF_LEN);
    reader
        .by_ref()
        .take(SNIFF_LEN as u64)
        .read_to_end(&mut prefix)?;
    let whole = if prefix.len() < SNIFF_LEN {
        true
    } else {
        // Peek one byte to tell "exactly 64 KiB" from "more to come"; keep it.
        let mut next = [0u8; 1];
        let n = read_retrying(reader, &mut next)?;
        prefix.extend_from_slice(&next[..n]);
        n == 0
    };
    Ok((prefix, whole))
}

/// The encoding of a file: its byte-order mark if it has one; UTF-16 without a mark when every
/// other byte is zero; UTF-8 when the prefix is valid UTF-8; else Windows-1252, which is what
/// Excel on Windows writes for "CSV (Comma delimited)" in Western locales.
pub(super) fn detect(prefix: &[u8], whole: bool) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(prefix) {
        return encoding;
    }
    if let Some(encoding) = utf16_without_bom(prefix) {
        return encoding;
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => UTF_8,
        // Cut in the middle of a character at the end of the prefix: still UTF-8.
        Err(err) if err.error_len().is_none() && !whole => UTF_8,
        Err(_) => WINDOWS_1252,
    }
}

fn utf16_without_bom(prefix: &[u8]) -> Option<&'static Encoding> {
    let probe = &prefix[..prefix.len().min(4096) & !1];
    if probe.len() < 4 {
        return None;
    }
    let pairs = probe.len() / 2;
    let zero_even = probe.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = probe.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // Mostly ASCII text in UTF-16 has a zero in nearly every pair, always on the same side.
    if zero_odd * 10 >= pairs * 7 && zero_even == 0 {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 7 && zero_odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Decodes the prefix for sniffing, without its byte-order mark.
pub(super) fn decode_prefix(prefix: &[u8], encoding: &'static Encoding, whole: bool) -> String {
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let capacity = decoder
        .max_utf8_buffer_length(prefix.len())
        .unwrap_or(prefix.len() * 3 + 16);
    let mut text = String::with_capacity(capacity);
    let _ = decoder.decode_to_string(prefix, &mut text, whole);
    text
}

fn read_retrying<R: Read>(reader: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match reader.read(buf) {
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// A reader that decodes `source` into UTF-8 with fixed-size buffers and notes where the line
/// breaks of the decoded text are. Malformed input becomes U+FFFD.
pub(super) struct DecodingReader<R> {
    source: R,
    decoder: Decoder,
    input: Box<[u8]>,
    input_pos: usize,
    input_len: usize,
    source_done: bool,
    output: Box<[u8]>,
    output_pos: usize,
    output_len: usize,
    finished: bool,
    /// Bytes handed to the CSV reader so far.
    delivered: u64,
    /// Where the record being read starts, as far as the CSV reader has told us.
    pub(super) record_start: u64,
    /// Set when a record ran over [`MAX_RECORD_LEN`].
    pub(super) record_too_long: bool,
    pub(super) lines: LineIndex,
}

impl<R: Read> DecodingReader<R> {
    pub(super) fn new(source: R, encoding: &'static Encoding) -> Self {
        Self {
            source,
            decoder: encoding.new_decoder_with_bom_removal(),
            input: vec![0; BUFFER_LEN].into_boxed_slice(),
            input_pos: 0,
            input_len: 0,
            source_done: false,
            output: vec![0; BUFFER_LEN].into_boxed_slice(),
            output_pos: 0,
            output_len: 0,
            finished: false,
            delivered: 0,
            record_start: 0,
            record_too_long: false,
            lines: LineIndex::default(),
        }
    }

    fn fill_output(&mut self) -> io::Result<()> {
        if self.input_pos == self.input_len && !self.source_done {
            let n = read_retrying(&mut self.source, &mut self.input)?;
            self.input_pos = 0;
            self.input_len = n;
            self.source_done = n == 0;
        }
        let last = self.source_done;
        let (result, read, written, _replaced) = self.decoder.decode_to_utf8(
            &self.input[self.input_pos..self.input_len],
            &mut self.output,
            last,
        );
        self.input_pos += read;
        self.output_pos = 0;
        self.output_len = written;
        self.lines.scan(&self.output[..written]);
        if last && result == CoderResult::InputEmpty {
            self.finished = true;
        }
        Ok(())
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.delivered - self.record_start > MAX_RECORD_LEN {
            self.record_too_long = true;
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a record is longer than 1 MiB",
            ));
        }
        while self.output_pos == self.output_len {
            if self.finished {
                return Ok(0);
            }
            self.fill_output()?;
        }
        let n = buf.len().min(self.output_len - self.output_pos);
        buf[..n].copy_from_slice(&self.output[self.output_pos..self.output_pos + n]);
        self.output_pos += n;
        self.delivered += n as u64;
        Ok(n)
    }
}

/// Line breaks (LF, CRLF or a lone CR) of a decoded stream that the CSV reader has not yet
/// passed. The CSV reader reads ahead by at most its buffer, so this stays small.
#[derive(Debug, Default)]
pub(super) struct LineIndex {
    scanned: u64,
    /// Start and end offsets of line breaks not yet passed, in stream order.
    breaks: VecDeque<(u64, u64)>,
    /// The offset just after the last CR seen, so that a following LF joins it.
    after_cr: Option<u64>,
    passed: u64,
}

impl LineIndex {
    pub(super) fn scan(&mut self, bytes: &[u8]) {
        for (i, &byte) in bytes.iter().enumerate() {
            let at = self.scanned + i as u64;
            match byte {
                b'\n' if self.after_cr == Some(at) => {
                    if let Some(last) = self.breaks.back_mut().filter(|(_, end)| *end == at) {
                        last.1 = at + 1;
                    }
                }
                b'\n' => self.breaks.push_back((at, at + 1)),
                b'\r' => {
                    self.breaks.push_back((at, at + 1));
                    self.after_cr = Some(at + 1);
                }
                _ => {}
            }
        }
        self.scanned += bytes.len() as u64;
    }

    /// The 1-based line of a record whose parsing began at byte `offset`. Counts every break
    /// before it, and the blank lines that the CSV reader skips before a record. Offsets must
    /// be asked for in increasing order.
    pub(super) fn line_of(&mut self, offset: u64) -> u64 {
        let mut start = offset;
        while let Some(&(break_start, break_end)) = self.breaks.front() {
            if break_start > start {
                break;
            }
            self.passed += 1;
            start = start.max(break_end);
            self.breaks.pop_front();
        }
        self.passed + 1
    }

    #[cfg(test)]
    pub(super) fn pending(&self) -> usize {
        self.breaks.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> (String, &'static str) {
        let encoding = detect(bytes, true);
        let mut text = String::new();
        DecodingReader::new(bytes, encoding)
            .read_to_string(&mut text)
            .unwrap();
        (text, encoding.name())
    }

    #[test]
    fn detects_the_encoding_from_the_bom_or_the_bytes() {
        assert_eq!(decode_all(b"\xEF\xBB\xBFa;b"), ("a;b".into(), "UTF-8"));
        assert_eq!(decode_all(b"M\xC3\xBCller"), ("Müller".into(), "UTF-8"));
        assert_eq!(
            decode_all(b"M\xFCller \x80"),
            ("Müller €".into(), "windows-1252")
        );
        assert_eq!(
            decode_all(b"\xFF\xFEa\0,\0\xFC\0\n\0"),
            ("a,ü\n".into(), "UTF-16LE")
        );
        assert_eq!(decode_all(b"\xFE\xFF\0a\0,\0b"), ("a,b".into(), "UTF-16BE"));
        assert_eq!(decode_all(b"a\0,\0b\0\n\0"), ("a,b\n".into(), "UTF-16LE"));
    }

    #[test]
    fn a_character_cut_at_the_end_of_the_prefix_is_still_utf8() {
        assert_eq!(detect(b"abc\xC3", false).name(), "UTF-8");
        assert_eq!(detect(b"abc\xC3", true).name(), "windows-1252");
    }

    #[test]
    fn reads_the_prefix_and_tells_whether_it_is_the_whole_file() {
        let small = vec![b'x'; 10];
        assert_eq!(read_prefix(&mut &small[..]).unwrap(), (small.clone(), true));
        let exact = vec![b'x'; SNIFF_LEN];
        let (prefix, whole) = read_prefix(&mut &exact[..]).unwrap();
        assert!(whole);
        assert_eq!(prefix.len(), SNIFF_LEN);
        let large = vec![b'x'; SNIFF_LEN + 5];
        let mut rest = &large[..];
        let (prefix, whole) = read_prefix(&mut rest).unwrap();
        assert!(!whole);
        assert_eq!(prefix.len() + rest.len(), large.len());
    }

    #[test]
    fn counts_lf_crlf_and_lone_cr_as_one_break_each() {
        let mut index = LineIndex::default();
        // Line 1 "a" ends in a CRLF split across two scans, line 2 "b" ends in a lone CR,
        // line 3 is blank (CRLF), line 4 is "c". The reader reports "c" as starting right after
        // the CR that ended "b".
        index.scan(b"a\r");
        index.scan(b"\nb\r\r\nc");
        assert_eq!(index.line_of(0), 1);
        assert_eq!(index.line_of(3), 2);
        assert_eq!(index.line_of(5), 4);
        assert_eq!(index.pending(), 0);
    }
}
