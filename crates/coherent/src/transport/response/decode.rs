//! `Content-Encoding` decoding of response bodies: gzip (and `x-gzip`), deflate (zlib-wrapped or
//! raw, as servers send both) and br, whether or not the request asked for them (a server with
//! precompressed files may send gzip to anyone). Decoding is streamed into a sink that refuses
//! to grow past the size limit, so a zip bomb stops at the cap instead of being inflated.

use std::io::{self, Write};

use flate2::write::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

/// Why a body could not be decoded.
#[derive(Debug, PartialEq, Eq)]
pub(in crate::transport) enum DecodeError {
    /// The decoded body would exceed the limit; `coding` is what it was encoded with.
    TooLarge { coding: &'static str },
    /// The bytes are not a valid stream of the announced coding.
    Corrupt {
        coding: &'static str,
        reason: String,
    },
    /// A coding this client does not decode (e.g. `zstd`, `compress`, or several codings).
    Unsupported { coding: String },
}

/// Accumulates decoded bytes up to `limit`. The decoders write into it in pieces no larger than
/// their own buffers (32 KB at most), so memory stays at the limit plus one buffer.
struct Capped {
    bytes: Vec<u8>,
    limit: usize,
    over: bool,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            self.over = true;
            return Err(io::Error::other("decoded body over the size limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Size of brotli's output pieces.
const BROTLI_BUFFER: usize = 16 * 1024;

enum Stage {
    Identity(Capped),
    Gzip(MultiGzDecoder<Capped>),
    /// `deflate` before its first two bytes arrived: they tell zlib-wrapped from raw.
    DeflateUndecided(Capped, Vec<u8>),
    Zlib(ZlibDecoder<Capped>),
    RawDeflate(DeflateDecoder<Capped>),
    Brotli(Box<brotli_decompressor::DecompressorWriter<Capped>>),
}

/// A response body being decoded chunk by chunk.
pub(in crate::transport) struct Decoder {
    coding: &'static str,
    stage: Stage,
    /// Encoded bytes pushed so far.
    received: usize,
}

impl Decoder {
    /// A decoder for the `Content-Encoding` header `value` (`None` when absent), refusing bodies
    /// that decode to more than `limit` bytes.
    pub(in crate::transport) fn new(
        value: Option<&str>,
        limit: usize,
    ) -> Result<Self, DecodeError> {
        let sink = Capped {
            bytes: Vec::new(),
            limit,
            over: false,
        };
        let name = value.unwrap_or("").trim().to_ascii_lowercase();
        let (coding, stage) = match name.as_str() {
            "" | "identity" => ("identity", Stage::Identity(sink)),
            "gzip" | "x-gzip" => ("gzip", Stage::Gzip(MultiGzDecoder::new(sink))),
            "deflate" => ("deflate", Stage::DeflateUndecided(sink, Vec::new())),
            "br" => (
                "br",
                Stage::Brotli(Box::new(brotli_decompressor::DecompressorWriter::new(
                    sink,
                    BROTLI_BUFFER,
                ))),
            ),
            _ => {
                return Err(DecodeError::Unsupported {
                    coding: value.unwrap_or("").trim().chars().take(64).collect(),
                })
            }
        };
        Ok(Decoder {
            coding,
            stage,
            received: 0,
        })
    }

    /// Decodes one chunk of the body as it arrived on the wire.
    pub(in crate::transport) fn push(&mut self, chunk: &[u8]) -> Result<(), DecodeError> {
        self.received += chunk.len();
        let written = match &mut self.stage {
            Stage::Identity(sink) => sink.write_all(chunk),
            Stage::Gzip(d) => d.write_all(chunk),
            Stage::Zlib(d) => d.write_all(chunk),
            Stage::RawDeflate(d) => d.write_all(chunk),
            Stage::Brotli(d) => d.write_all(chunk),
            Stage::DeflateUndecided(_, head) => {
                head.extend_from_slice(chunk);
                if head.len() < 2 {
                    return Ok(());
                }
                let Stage::DeflateUndecided(sink, head) =
                    std::mem::replace(&mut self.stage, Stage::Identity(empty()))
                else {
                    unreachable!("matched above")
                };
                // A zlib header: compression method 8 and a checksum making it a multiple of 31.
                let zlib = head[0] & 0x0f == 8 && u16::from_be_bytes([head[0], head[1]]) % 31 == 0;
                self.stage = if zlib {
                    Stage::Zlib(ZlibDecoder::new(sink))
                } else {
                    Stage::RawDeflate(DeflateDecoder::new(sink))
                };
                self.received -= head.len();
                return self.push(&head);
            }
        };
        written.map_err(|e| self.failure(e))
    }

    /// The decoded body, once the whole encoded body was pushed.
    pub(in crate::transport) fn finish(mut self) -> Result<Vec<u8>, DecodeError> {
        let coding = self.coding;
        let corrupt = |e: io::Error| DecodeError::Corrupt {
            coding,
            reason: e.to_string(),
        };
        // An empty body is empty whatever its label (e.g. a 204 sent with `Content-Encoding`).
        if self.received == 0 {
            return Ok(Vec::new());
        }
        let sink = match std::mem::replace(&mut self.stage, Stage::Identity(empty())) {
            Stage::Identity(sink) => sink,
            Stage::DeflateUndecided(..) => {
                return Err(corrupt(io::ErrorKind::UnexpectedEof.into()));
            }
            Stage::Gzip(mut d) => {
                d.try_finish()
                    .map_err(|e| self.failure_with(e, d.get_ref()))?;
                d.finish().map_err(corrupt)?
            }
            Stage::Zlib(mut d) => {
                d.try_finish()
                    .map_err(|e| self.failure_with(e, d.get_ref()))?;
                d.finish().map_err(corrupt)?
            }
            Stage::RawDeflate(mut d) => {
                d.try_finish()
                    .map_err(|e| self.failure_with(e, d.get_ref()))?;
                d.finish().map_err(corrupt)?
            }
            Stage::Brotli(mut d) => {
                d.close().map_err(|e| self.failure_with(e, d.get_ref()))?;
                d.into_inner()
                    .map_err(|_| corrupt(io::ErrorKind::InvalidData.into()))?
            }
        };
        Ok(sink.bytes)
    }

    fn failure(&self, e: io::Error) -> DecodeError {
        let over = match &self.stage {
            Stage::Identity(sink) | Stage::DeflateUndecided(sink, _) => sink.over,
            Stage::Gzip(d) => d.get_ref().over,
            Stage::Zlib(d) => d.get_ref().over,
            Stage::RawDeflate(d) => d.get_ref().over,
            Stage::Brotli(d) => d.get_ref().over,
        };
        self.classify(e, over)
    }

    fn failure_with(&self, e: io::Error, sink: &Capped) -> DecodeError {
        self.classify(e, sink.over)
    }

    fn classify(&self, e: io::Error, over: bool) -> DecodeError {
        if over {
            DecodeError::TooLarge {
                coding: self.coding,
            }
        } else {
            DecodeError::Corrupt {
                coding: self.coding,
                reason: e.to_string(),
            }
        }
    }
}

fn empty() -> Capped {
    Capped {
        bytes: Vec::new(),
        limit: 0,
        over: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};
    use flate2::Compression;

    const JSON: &[u8] = br#"{"ok":true,"n":[1,2,3]}"#;
    /// `JSON` compressed by Node's `zlib.brotliCompressSync`.
    const JSON_BR: &str = "0b0b807b226f6b223a747275652c226e223a5b312c322c335d7d03";

    fn encode<W: Write>(mut encoder: W, data: &[u8], finish: impl FnOnce(W) -> Vec<u8>) -> Vec<u8> {
        encoder.write_all(data).unwrap();
        finish(encoder)
    }
    fn gzip(data: &[u8]) -> Vec<u8> {
        encode(
            GzEncoder::new(Vec::new(), Compression::default()),
            data,
            |e| e.finish().unwrap(),
        )
    }
    fn zlib(data: &[u8]) -> Vec<u8> {
        encode(
            ZlibEncoder::new(Vec::new(), Compression::default()),
            data,
            |e| e.finish().unwrap(),
        )
    }
    fn raw_deflate(data: &[u8]) -> Vec<u8> {
        encode(
            DeflateEncoder::new(Vec::new(), Compression::default()),
            data,
            |e| e.finish().unwrap(),
        )
    }
    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// Decodes `body` pushed in chunks of `chunk` bytes.
    fn decode(
        coding: Option<&str>,
        body: &[u8],
        chunk: usize,
        limit: usize,
    ) -> Result<Vec<u8>, DecodeError> {
        let mut decoder = Decoder::new(coding, limit)?;
        for piece in body.chunks(chunk) {
            decoder.push(piece)?;
        }
        decoder.finish()
    }

    #[test]
    fn every_coding_decodes_in_any_chunking() {
        let cases = [
            (None, JSON.to_vec()),
            (Some("identity"), JSON.to_vec()),
            (Some("gzip"), gzip(JSON)),
            (Some("X-Gzip"), gzip(JSON)),
            (Some("deflate"), zlib(JSON)),
            (Some("deflate"), raw_deflate(JSON)),
            (Some(" br "), hex(JSON_BR)),
        ];
        for (coding, body) in cases {
            for chunk in [1, 2, 7, 4096] {
                assert_eq!(
                    decode(coding, &body, chunk, 1 << 20).unwrap(),
                    JSON,
                    "{coding:?} / {chunk}"
                );
            }
        }
    }

    #[test]
    fn two_gzip_members_decode_as_one_body() {
        let mut body = gzip(&JSON[..5]);
        body.extend(gzip(&JSON[5..]));
        assert_eq!(decode(Some("gzip"), &body, 3, 1 << 20).unwrap(), JSON);
    }

    #[test]
    fn an_empty_body_is_empty_whatever_its_label() {
        for coding in ["gzip", "deflate", "br"] {
            assert_eq!(decode(Some(coding), b"", 1, 10).unwrap(), b"");
        }
    }

    #[test]
    fn a_zip_bomb_stops_at_the_limit() {
        // 64 MB of zeros is ~64 KB of gzip; the limit is 1 MB.
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        for _ in 0..64 {
            encoder.write_all(&[0u8; 1 << 20]).unwrap();
        }
        let bomb = encoder.finish().unwrap();
        let mut decoder = Decoder::new(Some("gzip"), 1 << 20).unwrap();
        let mut error = None;
        for piece in bomb.chunks(16 * 1024) {
            if let Err(e) = decoder.push(piece) {
                error = Some(e);
                break;
            }
        }
        assert_eq!(error, Some(DecodeError::TooLarge { coding: "gzip" }));
        // Exactly at the limit is still fine.
        let body = vec![b'a'; 1 << 20];
        assert_eq!(
            decode(Some("gzip"), &gzip(&body), 9000, 1 << 20)
                .unwrap()
                .len(),
            1 << 20
        );
        assert_eq!(
            decode(None, &body, 9000, (1 << 20) - 1),
            Err(DecodeError::TooLarge { coding: "identity" })
        );
    }

    #[test]
    fn corrupt_and_truncated_streams_are_refused() {
        let good = gzip(JSON);
        let truncated = &good[..good.len() - 4];
        for (coding, body) in [
            ("gzip", JSON.to_vec()),
            ("gzip", truncated.to_vec()),
            ("deflate", vec![0xff]),
            ("br", b"not brotli at all".to_vec()),
            ("br", hex(JSON_BR)[..10].to_vec()),
        ] {
            match decode(Some(coding), &body, 4, 1 << 20) {
                Err(DecodeError::Corrupt { coding: c, .. }) => assert_eq!(c, coding),
                other => panic!("{coding} {body:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn unknown_codings_are_refused_by_name() {
        for coding in ["zstd", "compress", "gzip, br"] {
            assert_eq!(
                Decoder::new(Some(coding), 10).err(),
                Some(DecodeError::Unsupported {
                    coding: coding.into()
                })
            );
        }
    }
}
