//! Records out of a WARC file, one at a time, in bounded memory whatever
//! the file's size: a record's content block is kept up to a cap and the
//! rest skipped unread into memory, and a header block may not exceed
//! [`MAX_HEADER_BLOCK`].
//!
//! A `.warc.gz` is read a gzip member at a time, so each record knows the
//! offset of its member (what a CDX index points at). Damage costs only
//! what it touches: after a member that does not inflate, reading goes on
//! at the next gzip member header found after its start; after a record
//! that does not parse inside a sound member, at the next member; in a
//! plain `.warc`, at the next line starting `WARC/1.`. Each damaged place
//! is one [`WarcError`] in the sequence, with its offset.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};

use ::warc::{RecordType, WarcHeader};
use flate2::bufread::GzDecoder;

use super::WarcError;

/// The longest header block accepted: real ones are a few hundred bytes.
pub const MAX_HEADER_BLOCK: usize = 256 * 1024;

/// Read buffer for the file and for inflated members.
const BUF: usize = 128 * 1024;

/// One WARC record: its header fields and its content block.
#[derive(Debug, Clone)]
pub struct Record {
    /// Where the record starts in the file; in a `.warc.gz`, where its
    /// gzip member starts.
    pub offset: u64,
    /// The header fields, by name.
    headers: HashMap<WarcHeader, Vec<u8>>,
    /// The content block, or its first bytes when it is longer than the
    /// reader's cap (see [`Record::is_whole`]).
    pub block: Vec<u8>,
    /// The block's length as `Content-Length` declares it.
    pub content_length: u64,
}

impl Record {
    /// A header field's value (names are matched in any case).
    pub fn header(&self, name: WarcHeader) -> Option<Cow<'_, str>> {
        self.headers
            .get(&name)
            .map(|v| match String::from_utf8_lossy(v) {
                Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
                Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
            })
    }

    /// `WARC-Type`.
    pub fn record_type(&self) -> RecordType {
        RecordType::from(self.header(WarcHeader::WarcType).unwrap_or_default())
    }

    /// `WARC-Record-ID` (`<urn:uuid:...>`), or empty when missing.
    pub fn id(&self) -> String {
        self.header(WarcHeader::RecordID)
            .map(Cow::into_owned)
            .unwrap_or_default()
    }

    /// `WARC-Target-URI`, without the angle brackets some writers of WARC
    /// 1.0 put around it.
    pub fn target_uri(&self) -> Option<String> {
        let uri = self.header(WarcHeader::TargetURI)?;
        let uri = uri.trim_start_matches('<').trim_end_matches('>').trim();
        (!uri.is_empty()).then(|| uri.to_string())
    }

    /// Whether the whole content block was kept (it was not over the cap).
    pub fn is_whole(&self) -> bool {
        self.block.len() as u64 == self.content_length
    }
}

/// A position-counting buffered reader over the file, so offsets are known
/// without asking the OS, and recovery can go back and scan.
struct Counted<R> {
    inner: BufReader<R>,
    pos: u64,
}

impl<R: Read + Seek> Counted<R> {
    fn seek_to(&mut self, pos: u64) -> io::Result<()> {
        self.inner.seek(SeekFrom::Start(pos))?;
        self.pos = pos;
        Ok(())
    }

    /// Moves to the first `needle` at or after the current position;
    /// false (at the end of the file) when there is none.
    fn scan(&mut self, needle: &[u8]) -> io::Result<bool> {
        let mut buf = vec![0u8; BUF];
        let mut at = self.pos;
        loop {
            self.seek_to(at)?;
            let mut n = 0;
            while n < buf.len() {
                match self.inner.read(&mut buf[n..])? {
                    0 => break,
                    k => n += k,
                }
            }
            if let Some(i) = memchr::memmem::find(&buf[..n], needle) {
                self.seek_to(at + i as u64)?;
                return Ok(true);
            }
            if n < buf.len() {
                self.seek_to(at + n as u64)?;
                return Ok(false);
            }
            at += (n + 1 - needle.len()) as u64;
        }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: Read> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        self.inner.consume(amt);
    }
}

/// Where the reader is.
enum State<R> {
    /// A plain `.warc`.
    Plain(Counted<R>),
    /// A `.warc.gz`, between gzip members.
    Between(Counted<R>),
    /// A `.warc.gz`, inside the member that starts at `start`.
    Member {
        start: u64,
        inflated: Box<BufReader<GzDecoder<Counted<R>>>>,
    },
    /// The end, or a read failure that ends the file.
    Done,
}

/// Reads the records of one WARC file, plain or gzip (told by its first
/// bytes, not its name). An iterator of records and, where the file is
/// damaged, errors; after an error it goes on with the next record it can
/// find, except after a failure to read the file itself.
pub struct Reader<R> {
    state: State<R>,
    max_block: usize,
}

impl<R: Read + Seek> Reader<R> {
    /// A reader over `source` that keeps at most `max_block` bytes of a
    /// record's content block.
    pub fn new(source: R, max_block: usize) -> io::Result<Self> {
        let mut src = Counted {
            inner: BufReader::with_capacity(BUF, source),
            pos: 0,
        };
        let gzip = crate::decode::is_gzip(src.fill_buf()?);
        Ok(Reader {
            state: if gzip {
                State::Between(src)
            } else {
                State::Plain(src)
            },
            max_block,
        })
    }

    fn next_plain(&mut self, mut src: Counted<R>) -> Option<Result<Record, WarcError>> {
        let start = src.pos;
        match read_record(&mut src, start, self.max_block) {
            Ok(Some(record)) => {
                self.state = State::Plain(src);
                Some(Ok(record))
            }
            Ok(None) => None,
            Err(WarcError::Io(e)) => Some(Err(WarcError::Io(e))),
            Err(e) => {
                // The next record starts a line with `WARC/1.`; the damaged
                // one's own first line is skipped by starting one byte on.
                let resumed = src.seek_to(start + 1).and_then(|()| src.scan(b"\nWARC/1."));
                match resumed {
                    Ok(true) => {
                        src.consume(1);
                        self.state = State::Plain(src);
                    }
                    Ok(false) => {}
                    Err(io) => tracing::debug!("stopped looking for the next record: {io}"),
                }
                Some(Err(e))
            }
        }
    }

    fn next_gzip(
        &mut self,
        start: u64,
        mut inflated: Box<BufReader<GzDecoder<Counted<R>>>>,
    ) -> Option<Result<Record, WarcError>> {
        match read_record(&mut inflated, start, self.max_block) {
            Ok(Some(record)) => {
                self.state = State::Member { start, inflated };
                Some(Ok(record))
            }
            Ok(None) => {
                self.state = State::Between(inflated.into_inner().into_inner());
                self.next()
            }
            Err(WarcError::Io(source)) => self.skip_member(start, *inflated, source),
            Err(e) => {
                // A sound member holding a bad record: the rest of the
                // member goes with it.
                match io::copy(&mut inflated, &mut io::sink()) {
                    Ok(_) => {
                        self.state = State::Between(inflated.into_inner().into_inner());
                        Some(Err(e))
                    }
                    Err(source) => self.skip_member(start, *inflated, source),
                }
            }
        }
    }

    /// After a member that does not inflate: on to the next gzip member
    /// header after its start.
    fn skip_member(
        &mut self,
        start: u64,
        inflated: BufReader<GzDecoder<Counted<R>>>,
        source: io::Error,
    ) -> Option<Result<Record, WarcError>> {
        let mut src = inflated.into_inner().into_inner();
        let resumed = src
            .seek_to(start + 1)
            .and_then(|()| src.scan(&[0x1f, 0x8b, 0x08]));
        match resumed {
            Ok(true) => self.state = State::Between(src),
            Ok(false) => {}
            Err(io) => tracing::debug!("stopped looking for the next member: {io}"),
        }
        Some(Err(WarcError::Gzip {
            offset: start,
            source,
        }))
    }
}

impl<R: Read + Seek> Iterator for Reader<R> {
    type Item = Result<Record, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        match std::mem::replace(&mut self.state, State::Done) {
            State::Done => None,
            State::Plain(src) => self.next_plain(src),
            State::Between(mut src) => match src.fill_buf() {
                Ok([]) => None,
                Ok(_) => {
                    let start = src.pos;
                    let inflated = Box::new(BufReader::with_capacity(BUF, GzDecoder::new(src)));
                    self.next_gzip(start, inflated)
                }
                Err(e) => Some(Err(WarcError::Io(e))),
            },
            State::Member { start, inflated } => self.next_gzip(start, inflated),
        }
    }
}

/// Reads one record from `r`, which is at a record's start (blank lines
/// before it are skipped); `None` at the end of the input. `offset` is
/// only for the record and its errors.
fn read_record(
    r: &mut impl BufRead,
    offset: u64,
    max_block: usize,
) -> Result<Option<Record>, WarcError> {
    let bad = |reason: &str| WarcError::Header {
        offset,
        reason: reason.to_string(),
    };
    let mut head: Vec<u8> = Vec::with_capacity(1024);
    loop {
        let line_start = head.len();
        let room = (MAX_HEADER_BLOCK - head.len()) as u64 + 1;
        let n = r.by_ref().take(room).read_until(b'\n', &mut head)?;
        if n == 0 {
            if head.is_empty() {
                return Ok(None);
            }
            return Err(bad("the input ends inside the header block"));
        }
        if head.len() > MAX_HEADER_BLOCK {
            return Err(bad("longer than 256 KiB"));
        }
        let line = &head[line_start..];
        let blank = line == b"\r\n" || line == b"\n";
        if line_start == 0 {
            if blank {
                head.clear();
                continue;
            }
            if !line.starts_with(b"WARC/") {
                return Err(bad("does not start with WARC/"));
            }
        }
        if !line.ends_with(b"\n") {
            return Err(bad("the input ends inside the header block"));
        }
        if blank {
            break;
        }
    }
    let (headers, content_length) = parse_head(&head).map_err(|reason| bad(&reason))?;
    let id = headers
        .get(&WarcHeader::RecordID)
        .map(|v| String::from_utf8_lossy(v).trim().to_string())
        .unwrap_or_default();
    let keep = content_length.min(max_block as u64);
    let mut block = Vec::with_capacity(keep.min(1 << 20) as usize);
    let got = r.by_ref().take(keep).read_to_end(&mut block)? as u64;
    let skipped = if content_length > keep && got == keep {
        io::copy(&mut r.by_ref().take(content_length - keep), &mut io::sink())?
    } else {
        0
    };
    if got + skipped < content_length {
        return Err(WarcError::Truncated {
            offset,
            id,
            expected: content_length,
            got: got + skipped,
        });
    }
    // Every record ends with a blank line. A file cut right after the
    // last block has lost nothing, so the end of the input passes too.
    let mut end = Vec::with_capacity(4);
    r.by_ref().take(4).read_to_end(&mut end)?;
    if !b"\r\n\r\n".starts_with(&end) || (end.len() < 4 && !r.fill_buf()?.is_empty()) {
        return Err(WarcError::Framing { offset, id });
    }
    Ok(Some(Record {
        offset,
        headers,
        block,
        content_length,
    }))
}

type Fields = HashMap<WarcHeader, Vec<u8>>;

/// The fields of a header block and its `Content-Length`, by the `warc`
/// crate's parser.
fn parse_head(head: &[u8]) -> Result<(Fields, u64), String> {
    let (_, (_version, fields, _)) = ::warc::parser::headers(head)
        .map_err(|_| "not a WARC header block (WARC/1.x, then Name: value lines)".to_string())?;
    let mut headers = HashMap::with_capacity(fields.len());
    for (name, value) in fields {
        headers
            .entry(WarcHeader::from(name))
            .or_insert_with(|| value.to_vec());
    }
    let length = headers
        .get(&WarcHeader::ContentLength)
        .ok_or("no Content-Length")?;
    let length = std::str::from_utf8(length)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .ok_or("Content-Length is not a number")?;
    Ok((headers, length))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn record(id: &str, kind: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:test:{id}>\r\n\
             WARC-Date: 2026-01-01T00:00:00Z\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    fn read_all(bytes: Vec<u8>, cap: usize) -> Vec<Result<Record, WarcError>> {
        Reader::new(Cursor::new(bytes), cap).unwrap().collect()
    }

    fn ids(items: &[Result<Record, WarcError>]) -> Vec<String> {
        items
            .iter()
            .map(|r| match r {
                Ok(rec) => rec.id(),
                Err(e) => format!("error: {e}"),
            })
            .collect()
    }

    #[test]
    fn plain_records_in_order_with_offsets() {
        let a = record("a", "warcinfo", b"x");
        let b = record("b", "response", b"hello");
        let file = [a.clone(), b].concat();
        let items = read_all(file, 100);
        assert_eq!(ids(&items), ["<urn:test:a>", "<urn:test:b>"]);
        let b = items[1].as_ref().unwrap();
        assert_eq!(b.offset, a.len() as u64);
        assert_eq!(b.block, b"hello");
        assert_eq!(b.record_type(), RecordType::Response);
    }

    #[test]
    fn gzip_members_give_member_offsets() {
        let a = gz(&record("a", "response", b"one"));
        let b = gz(&record("b", "response", b"two"));
        let items = read_all([a.clone(), b].concat(), 100);
        assert_eq!(ids(&items), ["<urn:test:a>", "<urn:test:b>"]);
        assert_eq!(items[1].as_ref().unwrap().offset, a.len() as u64);
        // One member holding every record (a whole file gzipped) reads too.
        let whole = gz(&[record("a", "response", b"1"), record("b", "request", b"2")].concat());
        assert_eq!(ids(&read_all(whole, 100)), ["<urn:test:a>", "<urn:test:b>"]);
    }

    #[test]
    fn a_block_over_the_cap_is_cut_and_the_next_record_still_reads() {
        let file = [
            record("big", "response", &[b'x'; 1000]),
            record("c", "response", b"c"),
        ]
        .concat();
        let items = read_all(file, 10);
        let big = items[0].as_ref().unwrap();
        assert_eq!(big.block.len(), 10);
        assert_eq!(big.content_length, 1000);
        assert!(!big.is_whole());
        assert_eq!(items[1].as_ref().unwrap().id(), "<urn:test:c>");
    }

    #[test]
    fn damage_is_reported_and_reading_goes_on() {
        // Plain: a Content-Length that lies, then a sound record.
        let mut bad = record("bad", "response", b"abc");
        let at = bad
            .windows(17)
            .position(|w| w == b"Content-Length: 3")
            .unwrap();
        bad[at + 16] = b'9';
        let file = [
            record("a", "response", b"a"),
            bad,
            record("c", "response", b"c"),
        ]
        .concat();
        let got = ids(&read_all(file, 100));
        assert_eq!(got[0], "<urn:test:a>");
        assert!(got[1].starts_with("error: offset "), "{got:?}");
        assert_eq!(got.last().unwrap(), "<urn:test:c>");

        // Gzip: a member with garbage inside, then a sound one.
        let a = gz(&record("a", "response", b"a"));
        let mut broken = gz(&record("b", "response", &[b'y'; 500]));
        let mid = broken.len() / 2;
        broken[mid..mid + 8].copy_from_slice(b"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8");
        let c = gz(&record("c", "response", b"c"));
        let file = [a.clone(), broken, c].concat();
        let items = read_all(file, 100);
        let got = ids(&items);
        assert_eq!(got.first().unwrap(), "<urn:test:a>");
        assert_eq!(got.last().unwrap(), "<urn:test:c>");
        assert!(
            items.iter().any(
                |r| matches!(r, Err(WarcError::Gzip { offset, .. }) if *offset == a.len() as u64)
            ),
            "{got:?}"
        );

        // A file cut inside its last member.
        let a = gz(&record("a", "response", b"a"));
        let b = gz(&record("b", "response", b"bbbbbbbb"));
        let file = [a, b[..b.len() / 2].to_vec()].concat();
        let got = ids(&read_all(file, 100));
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[1].contains("truncated gzip member"), "{got:?}");
    }

    #[test]
    fn not_warc_is_an_error_not_a_hang() {
        let items = read_all(b"<html>hello</html>".to_vec(), 100);
        assert_eq!(items.len(), 1);
        assert!(matches!(items[0], Err(WarcError::Header { offset: 0, .. })));
    }
}
