//! Hostile inputs (issue 8): no file can take the CLI (and so the app)
//! down. Every input is generated here at test time; none is committed.
//!
//! Each case is imported with `scrutineer import` into a copy of a library
//! that already holds one paper, and must: end within `BOUND` without the
//! CLI itself dying of a signal; fail with a plain message (or import, when
//! the input is valid but odd, and then print no raw control characters);
//! leave the library as it was when it fails (document count and
//! `PRAGMA integrity_check`); keep the peak memory (the CLI, or its worker,
//! from `wait4`'s rusage) under `MEMORY_MB`.
//!
//! Short sizes by default; `SCRUTINEER_HOSTILE_FULL=1` selects full sizes
//! (scripts/hostile.sh). One line per case is printed: case, outcome,
//! seconds, peak MB.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{pdf, sample, scrutineer, stderr, stdout};

/// Longest any case may take: the worker's own limit is 90 s.
const BOUND: Duration = Duration::from_secs(120);
/// Peak resident memory of the CLI or of its worker (1 GiB address space).
const MEMORY_MB: u64 = 1200;

fn full() -> bool {
    std::env::var_os("SCRUTINEER_HOSTILE_FULL").is_some_and(|v| v == "1")
}

/// `short` normally, `full` under SCRUTINEER_HOSTILE_FULL=1.
fn size(short: usize, full_size: usize) -> usize {
    if full() {
        full_size
    } else {
        short
    }
}

enum Input {
    Bytes(Vec<u8>),
    Pipe,
    Folder,
    /// A sparse file of this many bytes.
    Sparse(u64),
}

#[derive(Clone, Copy)]
enum Expect {
    /// Refused, with a message holding one of these.
    Refused(&'static [&'static str]),
    /// Stored, as a valid if odd paper.
    Imports,
    /// Either stored, or refused with one of these.
    Either(&'static [&'static str]),
}

struct Case {
    name: &'static str,
    ext: &'static str,
    /// Read PDFs with the pure-Rust reader (SCRUTINEER_PDF_READER=builtin).
    builtin: bool,
    expect: Expect,
    make: fn() -> Input,
}

const SAFELY: &str = "could not be read safely";
const BINARY: &[&str] = &["binary file"];
const EMPTY: &[&str] = &["empty"];
const PDF_REFUSED: &[&str] = &["PDF", SAFELY];

/// Plain messages: every failure must carry one of these.
const PLAIN: &[&str] = &[
    "the file is empty",
    "binary file",
    "larger than",
    "PDF",
    "Word",
    "zip",
    "Zip",
    "XML",
    "web page",
    "ModernGov",
    SAFELY,
    "not a file",
];

// ---------- generators ----------

fn text(s: impl Into<String>) -> Input {
    Input::Bytes(s.into().into_bytes())
}

/// A meeting header so that a text reads as a paper.
const HEAD: &str = "MINUTES of a meeting of the Cabinet held on Thursday, 1 December 2022\n\n";

fn noise(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn html(body: &str) -> Input {
    text(format!(
        "<!DOCTYPE html><html><head><title>Cabinet</title></head><body>{body}</body></html>"
    ))
}

fn moderngov(inner: &str, prolog: &str) -> Input {
    text(format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{prolog}<meeting><meetingdate>10/02/2026</meetingdate>\
         <committeetitle>Cabinet</committeetitle><agendaitems>{inner}</agendaitems></meeting>"
    ))
}

fn docx_with(document_xml: &[u8], extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>").unwrap();
    for (name, bytes) in extra {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(document_xml).unwrap();
    zip.finish().unwrap().into_inner()
}

const W: &str =
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>";
const W_END: &str = "</w:body></w:document>";

fn para(t: &str) -> String {
    format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>")
}

fn docx(body: &str) -> Input {
    Input::Bytes(docx_with(
        format!(
            "{W}{}{body}{W_END}",
            para("Cabinet - Thursday, 1 December 2022")
        )
        .as_bytes(),
        &[],
    ))
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    o.extend_from_slice(data);
    o.extend_from_slice(b"\nendstream");
    o
}

const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/// One page that prints `content`, with extra entries in the page dict.
fn one_page_pdf(content: &[u8], page_extra: &str, resources_extra: &str) -> Vec<u8> {
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R >> {resources_extra} >> {page_extra} >>"
        )
        .into_bytes(),
        stream("", content),
        FONT.as_bytes().to_vec(),
    ])
}

const PRINTED: &[u8] =
    b"BT /F1 12 Tf 72 760 Td (MINUTES of a meeting of the Cabinet held on 1 December 2022) Tj ET";

fn deflate(data: impl Iterator<Item = u8>) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let mut chunk = Vec::with_capacity(1 << 16);
    for b in data {
        chunk.push(b);
        if chunk.len() == 1 << 16 {
            e.write_all(&chunk).unwrap();
            chunk.clear();
        }
    }
    e.write_all(&chunk).unwrap();
    e.finish().unwrap()
}

fn deflated(data: &[u8], times: usize) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..times {
        e.write_all(data).unwrap();
    }
    e.finish().unwrap()
}

fn pdf_truncated() -> Input {
    let mut page = PRINTED.to_vec();
    page.extend(b" BT /F1 10 Tf 72 700 Td (1. Apologies) Tj ET".iter());
    let whole = one_page_pdf(&page, "", "");
    Input::Bytes(whole[..whole.len() / 2].to_vec())
}

fn pdf_garbage() -> Input {
    let mut b = b"%PDF-1.7\n".to_vec();
    b.extend(noise(size(200_000, 5_000_000)));
    Input::Bytes(b)
}

fn pdf_nested_arrays() -> Input {
    let n = size(100_000, 1_000_000);
    let deep = format!("/Deep {}1{}", "[".repeat(n), "]".repeat(n));
    Input::Bytes(one_page_pdf(PRINTED, &deep, ""))
}

fn pdf_nested_arrays_in_content() -> Input {
    let n = size(100_000, 1_000_000);
    let mut content = PRINTED.to_vec();
    content.extend(format!(" BT {}1{} TJ ET", "[".repeat(n), "]".repeat(n)).bytes());
    Input::Bytes(one_page_pdf(&content, "", ""))
}

fn pdf_nested_dicts() -> Input {
    let n = size(100_000, 1_000_000);
    let deep = format!("/Deep {}1{}", "<< /A ".repeat(n), " >>".repeat(n));
    Input::Bytes(one_page_pdf(PRINTED, &deep, ""))
}

fn pdf_self_drawing_form() -> Input {
    Input::Bytes(pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> >>".to_vec(),
        stream("", b"BT /F1 12 Tf 72 760 Td (Cabinet) Tj ET /X1 Do"),
        FONT.as_bytes().to_vec(),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>",
            b"BT /F1 12 Tf 72 700 Td (again) Tj ET /X1 Do",
        ),
    ]))
}

fn pdf_kids_loop() -> Input {
    Input::Bytes(pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>".to_vec(),
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>".to_vec(),
    ]))
}

fn pdf_many_pages() -> Input {
    let n = size(2_000, 10_000);
    // Pages 3.. share one empty content stream (object 2 + n + 1).
    let content = n + 3;
    let kids: String = (0..n).map(|i| format!("{} 0 R ", i + 3)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{kids}] /Count {n} >>").into_bytes(),
    ];
    for _ in 0..n {
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R /Resources << >> >>").into_bytes());
    }
    objects.push(stream("", b""));
    Input::Bytes(pdf(&objects))
}

fn pdf_flate_bomb() -> Input {
    // Spaces, which every reader must still scan: 1 GB unpacked in full.
    let n = size(200 << 20, 1 << 30);
    let data = deflate(std::iter::repeat_n(b' ', n));
    let mut page = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 6 0 R] /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        stream("/Filter /FlateDecode", &data),
        FONT.as_bytes().to_vec(),
        stream("", PRINTED),
    ]);
    page.shrink_to_fit();
    Input::Bytes(page)
}

fn pdf_text_bomb() -> Input {
    // Text that multiplies: each show of a word a separate glyph run.
    let times = size(500_000, 5_000_000);
    let data = deflated(b"(Budget overspend 1,234.5) Tj T* ", times);
    Input::Bytes(pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [6 0 R 4 0 R 7 0 R] /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        stream("/Filter /FlateDecode", &data),
        FONT.as_bytes().to_vec(),
        stream("", b"BT /F1 12 Tf 14 TL 72 760 Td (Cabinet 1 December 2022) Tj T* "),
        stream("", b"ET"),
    ]))
}

// ---------- the cases ----------

macro_rules! case {
    ($name:literal, $ext:literal, $expect:expr, $make:expr) => {
        Case {
            name: $name,
            ext: $ext,
            builtin: false,
            expect: $expect,
            make: $make,
        }
    };
}

/// Each PDF case twice: through pdftotext, and through the built-in reader.
macro_rules! pdf_case {
    ($v:ident, $name:literal, $expect:expr, $make:expr) => {
        $v.push(Case {
            name: concat!("pdf ", $name),
            ext: "pdf",
            builtin: false,
            expect: $expect,
            make: $make,
        });
        $v.push(Case {
            name: concat!("pdf-builtin ", $name),
            ext: "pdf",
            builtin: true,
            expect: $expect,
            make: $make,
        });
    };
}

fn cases() -> Vec<Case> {
    use Expect::*;
    let mut v = vec![
        // Text.
        case!("text empty", "txt", Refused(EMPTY), || text("")),
        case!("text whitespace", "txt", Refused(EMPTY), || text(
            " \n\t\r\n".repeat(10_000)
        )),
        case!(
            "text binary noise",
            "txt",
            Refused(BINARY),
            || Input::Bytes(noise(size(1 << 20, 50 << 20)))
        ),
        case!("text NUL-heavy", "txt", Refused(BINARY), || {
            let mut b = HEAD.as_bytes().to_vec();
            b.extend(std::iter::repeat_n(0u8, size(1 << 20, 20 << 20)));
            Input::Bytes(b)
        }),
        case!(
            "text invalid UTF-8",
            "txt",
            Either(&["binary file", SAFELY]),
            || {
                let mut b = HEAD.as_bytes().to_vec();
                for _ in 0..size(1_000, 500_000) {
                    b.extend_from_slice(
                        b"Overspend \xA3 4.2m \xC3\x28 \xF0\x28\x8C\x28 \xFF\xFE\n",
                    );
                }
                Input::Bytes(b)
            }
        ),
        case!("text UTF-16 lone surrogates", "txt", Either(BINARY), || {
            let mut b = vec![0xFF, 0xFE];
            for _ in 0..size(10_000, 200_000) {
                b.extend("Cabinet £1m ".encode_utf16().flat_map(u16::to_le_bytes));
                b.extend_from_slice(&0xD800u16.to_le_bytes());
                b.extend_from_slice(&0xDFFFu16.to_le_bytes()[..]);
                b.extend_from_slice(&0xDC00u16.to_le_bytes());
                b.extend_from_slice(&0x000Au16.to_le_bytes());
            }
            Input::Bytes(b)
        }),
        case!("text single long line", "txt", Either(&[SAFELY]), || {
            text(format!(
                "{HEAD}{}",
                "the council resolved to note the report ".repeat(size(100_000, 2_500_000))
            ))
        }),
        case!(
            "text long lines of numbers",
            "txt",
            Either(&[SAFELY]),
            || {
                let line: String = (0..size(20_000, 50_000))
                    .map(|i| format!("{}.{} ", i * 37 % 1000, i % 10))
                    .collect();
                text(format!(
                    "{HEAD}{}",
                    format!("Adults £000 {line}\n").repeat(size(20, 100))
                ))
            }
        ),
        case!(
            "text 10,000-column tab table",
            "txt",
            Either(&[SAFELY]),
            || {
                let header: String = (0..10_000).map(|i| format!("Col{i}\t")).collect();
                let row: String = (0..10_000)
                    .map(|i| format!("{}.{}\t", i % 97, i % 10))
                    .collect();
                text(format!(
                    "{HEAD}£000\n{header}\n{}",
                    format!("Service\t{row}\n").repeat(size(3, 200))
                ))
            }
        ),
        case!(
            "text 10,000-column pipe table",
            "txt",
            Either(&[SAFELY]),
            || {
                let header: String = (0..10_000).map(|i| format!("| Col{i} ")).collect();
                let row: String = (0..10_000)
                    .map(|i| format!("| ({}.{}) ", i % 97, i % 10))
                    .collect();
                text(format!(
                    "{HEAD}£m\n{header}|\n{}",
                    format!("| Service {row}|\n").repeat(size(3, 200))
                ))
            }
        ),
        case!("text numbered lines", "txt", Either(&[SAFELY]), || {
            text(format!(
                "{HEAD}{}",
                (1..=size(20_000, 100_000))
                    .map(|i| format!("{i}. Item {i} £{i},000\n"))
                    .collect::<String>()
            ))
        }),
        case!("text form-feed bomb", "txt", Either(&[SAFELY]), || text(
            format!("{HEAD}{}", "\u{c}".repeat(size(200_000, 1_000_000)))
        )),
        case!("text control characters", "txt", Imports, || {
            text(format!(
                "MINUTES of a meeting of the \u{1b}[31mCabinet\u{1b}[0m\u{7}\u{8} held on 1 December 2022\n\n1. Apologies \u{1b}]0;pwned\u{7}\n{}",
                "Text of the report. ".repeat(400)
            ))
        }),
        case!("text RTL overrides", "txt", Imports, || {
            text(format!("MINUTES of a meeting of the \u{202e}tenibaC\u{202c} held on 1 December 2022\n\n1. \u{2067}Apologies\u{2069}\n{}", "\u{202e}£1.2m overspend\u{202d}\n".repeat(size(8_000, 100_000))))
        }),
        case!("text pound signs", "txt", Imports, || text(format!(
            "{HEAD}{}",
            "£".repeat(size(1_000_000, 20_000_000))
        ))),
        case!("text RESOLVED repeated", "txt", Imports, || text(format!(
            "{HEAD}1. Budget\n{}",
            "RESOLVED that\n".repeat(size(100_000, 2_000_000))
        ))),
        case!("text Present: many names", "txt", Imports, || {
            let names: String = (0..size(20_000, 100_000))
                .map(|i| format!("Councillor Name{i}, "))
                .collect();
            text(format!("{HEAD}Present: {names}\n\n1. Apologies\n"))
        }),
        // Web pages.
        case!(
            "html 100k nested divs",
            "html",
            Refused(&["web page"]),
            || html(&format!(
                "{}x{}",
                "<div>".repeat(100_000),
                "</div>".repeat(100_000)
            ))
        ),
        case!(
            "html nested tables (1,900)",
            "html",
            Either(&[SAFELY]),
            || {
                html(&format!(
                    "{}inner{}",
                    "<table><tr><td>a</td><td>b</td><td>".repeat(1_900),
                    "</td></tr></table>".repeat(1_900)
                ))
            }
        ),
        case!(
            "html nested tables (50k)",
            "html",
            Refused(&["web page"]),
            || {
                html(&format!(
                    "{}inner{}",
                    "<table><tr><td>a</td><td>b</td><td>".repeat(50_000),
                    "</td></tr></table>".repeat(50_000)
                ))
            }
        ),
        case!(
            "html a million attributes",
            "html",
            Refused(&["web page"]),
            || {
                let attrs: String = (0..size(100_000, 1_000_000))
                    .map(|i| format!(" a{i}=\"{i}\""))
                    .collect();
                html(&format!("<p{attrs}>Cabinet 1 December 2022</p>"))
            }
        ),
        case!(
            "html unterminated comment",
            "html",
            Either(&[SAFELY]),
            || {
                html(&format!(
                    "<p>Cabinet</p><!-- {}",
                    "never closed -- > ".repeat(size(100_000, 2_000_000))
                ))
            }
        ),
        case!("html entity bomb", "html", Either(&[SAFELY]), || {
            html(&format!(
                "<p>{}</p>",
                "&amp;&#163;&pound;&#x10FFFF;&#0;&notanentity;&#99999999999;"
                    .repeat(size(100_000, 1_000_000))
            ))
        }),
        case!("html 100k-row table", "html", Imports, || {
            html(&format!(
                "<h1>Cabinet - 1 December 2022</h1><table>{}</table>",
                (0..size(100_000, 500_000))
                    .map(|i| format!("<tr><td>Line {i}</td><td>{i}.5</td><td>({i}.1)</td></tr>"))
                    .collect::<String>()
            ))
        }),
        case!("html 10k-column table", "html", Either(&[SAFELY]), || {
            let row: String = (0..10_000).map(|i| format!("<td>{i}.5</td>")).collect();
            html(&format!(
                "<h1>Cabinet - 1 December 2022</h1><table>{}</table>",
                format!("<tr><td>Adults</td>{row}</tr>").repeat(size(20, 200))
            ))
        }),
        case!(
            "html 100k unclosed <b>",
            "html",
            Refused(&["web page"]),
            || html(&format!("{}Cabinet", "<b>".repeat(100_000)))
        ),
        // ModernGov answers.
        case!(
            "moderngov billion laughs",
            "xml",
            Either(&["XML", "damaged"]),
            || {
                let mut dtd = String::from("<!DOCTYPE meeting [<!ENTITY lol \"lol\">");
                dtd.push_str(
                    "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">",
                );
                for i in 2..=9 {
                    dtd.push_str(&format!(
                        "<!ENTITY lol{i} \"{}\">",
                        format!("&lol{};", i - 1).repeat(10)
                    ));
                }
                dtd.push_str("]>");
                moderngov("<agendaitem><agendaitemtitle>&lol9;</agendaitemtitle><agendatext>&lol9;</agendatext></agendaitem>", &dtd)
            }
        ),
        case!(
            "moderngov XXE /etc/passwd",
            "xml",
            Either(&["XML", "damaged"]),
            || {
                moderngov(
                "<agendaitem><fulldisplaynumberformat>1.</fulldisplaynumberformat><agendaitemtitle>&xxe;</agendaitemtitle><agendatext>&lt;p&gt;&amp;xxe;&lt;/p&gt;</agendatext></agendaitem>",
                "<!DOCTYPE meeting [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
            )
            }
        ),
        case!(
            "moderngov deep nesting",
            "xml",
            Either(&["XML", SAFELY]),
            || {
                let n = size(100_000, 1_000_000);
                moderngov(
                    &format!(
                        "<agendaitem><agendaitemtitle>Budget</agendaitemtitle>{}x{}</agendaitem>",
                        "<a>".repeat(n),
                        "</a>".repeat(n)
                    ),
                    "",
                )
            }
        ),
        case!(
            "moderngov deep HTML inside",
            "xml",
            Refused(&["web page"]),
            || {
                moderngov(&format!("<agendaitem><agendaitemtitle>Budget</agendaitemtitle><agendatext>{}x</agendatext></agendaitem>", "&lt;div&gt;".repeat(100_000)), "")
            }
        ),
        // Word.
        case!(
            "docx zip bomb",
            "docx",
            Refused(&["more text than"]),
            || {
                let n = size(100 << 20, 1 << 30);
                let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
                let opts = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated)
                    .large_file(n > (1 << 31));
                zip.start_file("word/document.xml", opts).unwrap();
                zip.write_all(W.as_bytes()).unwrap();
                let chunk = vec![b' '; 1 << 20];
                for _ in 0..n >> 20 {
                    zip.write_all(&chunk).unwrap();
                }
                zip.write_all(W_END.as_bytes()).unwrap();
                Input::Bytes(zip.finish().unwrap().into_inner())
            }
        ),
        case!("docx XXE", "docx", Either(&["Word"]), || {
            let xml = format!("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>{W}{}{}{W_END}", para("Cabinet - Thursday, 1 December 2022"), para("&xxe;"));
            Input::Bytes(docx_with(xml.as_bytes(), &[]))
        }),
        case!("docx page breaks", "docx", Either(&[SAFELY]), || {
            docx(&format!(
                "<w:p><w:r>{}</w:r></w:p>",
                "<w:br w:type=\"page\"/>".repeat(size(100_000, 1_000_000))
            ))
        }),
        case!(
            "docx megabytes of paragraphs",
            "docx",
            Either(&[SAFELY, "more text than"]),
            || {
                let p = para("The council resolved to note the report on the revenue budget, an overspend of £1.2m.");
                docx(&p.repeat(size(256 << 10, 60 << 20) / p.len()))
            }
        ),
        case!(
            "docx zip that is not Word",
            "docx",
            Refused(&["Zip archives", "not a Word"]),
            || { Input::Bytes(docx_with_name("notes/readme.xml")) }
        ),
        case!(
            "docx truncated",
            "docx",
            Refused(&["Word", "Zip", "zip", "binary"]),
            || {
                let whole = docx_with(
                    format!("{W}{}{W_END}", para("Cabinet").repeat(2_000)).as_bytes(),
                    &[],
                );
                Input::Bytes(whole[..whole.len() / 2].to_vec())
            }
        ),
        case!(
            "docx deep nesting",
            "docx",
            Either(&["Word", SAFELY]),
            || {
                let n = size(100_000, 1_000_000);
                docx(&format!(
                    "{}<w:r><w:t>deep</w:t></w:r>{}",
                    "<w:p>".repeat(n),
                    "</w:p>".repeat(n)
                ))
            }
        ),
        // Files that are not papers.
        case!("file named pipe", "txt", Refused(&["named pipe"]), || {
            Input::Pipe
        }),
        case!("file folder", "txt", Refused(&["a folder"]), || {
            Input::Folder
        }),
        case!(
            "file 1 GiB sparse",
            "txt",
            Refused(&["larger than"]),
            || Input::Sparse(1 << 30)
        ),
    ];
    pdf_case!(v, "truncated", Either(PDF_REFUSED), pdf_truncated);
    pdf_case!(v, "header then garbage", Refused(PDF_REFUSED), pdf_garbage);
    pdf_case!(
        v,
        "deeply nested arrays",
        Either(PDF_REFUSED),
        pdf_nested_arrays
    );
    pdf_case!(
        v,
        "nested arrays in content",
        Either(PDF_REFUSED),
        pdf_nested_arrays_in_content
    );
    pdf_case!(
        v,
        "nested dictionaries",
        Either(PDF_REFUSED),
        pdf_nested_dicts
    );
    pdf_case!(
        v,
        "form XObject draws itself",
        Either(PDF_REFUSED),
        pdf_self_drawing_form
    );
    pdf_case!(v, "Kids loop", Refused(PDF_REFUSED), pdf_kids_loop);
    pdf_case!(
        v,
        "thousands of empty pages",
        Refused(PDF_REFUSED),
        pdf_many_pages
    );
    pdf_case!(v, "FlateDecode bomb", Either(PDF_REFUSED), pdf_flate_bomb);
    pdf_case!(
        v,
        "text-amplifying stream",
        Either(PDF_REFUSED),
        pdf_text_bomb
    );
    v
}

fn docx_with_name(name: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(name, zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"<x>not word</x>").unwrap();
    zip.finish().unwrap().into_inner()
}

// ---------- running ----------

struct Run {
    code: Option<i32>,
    signal: Option<i32>,
    seconds: f64,
    peak_mb: u64,
    stdout: String,
    stderr: String,
}

/// Runs `scrutineer --db DB import FILE`, timing it and taking its peak
/// memory (with its waited-for children: the worker) from GNU time, which
/// forks it from a small process: wait4's figure for a child forked from
/// this test would count this process's own pages at the fork.
fn import(db: &Path, file: &Path, builtin: bool) -> Run {
    let time = Path::new("/usr/bin/time");
    let memory_file = db.with_extension("memory");
    let mut command = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-o")
            .arg(&memory_file)
            .arg("-f")
            .arg("%M")
            .arg(env!("CARGO_BIN_EXE_scrutineer"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_scrutineer"))
    };
    command
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(file)
        .env_remove("SCRUTINEER_DB");
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if builtin {
        command.env("SCRUTINEER_PDF_READER", "builtin");
    } else {
        command.env_remove("SCRUTINEER_PDF_READER");
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("start scrutineer");
    let pid = child.id() as libc::pid_t;
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = r.read_to_end(&mut b);
            String::from_utf8_lossy(&b).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let mut status = 0;
    // SAFETY: zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: waits for our own child, with pointers to locals.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert!(r == 0, "wait4: {}", std::io::Error::last_os_error());
        if started.elapsed() > BOUND + Duration::from_secs(30) {
            let _ = child.kill();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let seconds = started.elapsed().as_secs_f64();
    let (mut code, mut signal) = if libc::WIFSIGNALED(status) {
        (None, Some(libc::WTERMSIG(status)))
    } else {
        (Some(libc::WEXITSTATUS(status)), None)
    };
    let mut peak_kb = usage.ru_maxrss as u64;
    if let Ok(said) = std::fs::read_to_string(&memory_file) {
        // "Command terminated by signal N" when the CLI itself was killed.
        if let Some(n) = said
            .lines()
            .find_map(|l| l.strip_prefix("Command terminated by signal "))
        {
            signal = n.trim().parse().ok();
            code = None;
        }
        peak_kb = said
            .lines()
            .rev()
            .find_map(|l| l.trim().parse().ok())
            .unwrap_or(peak_kb);
    }
    Run {
        code,
        signal,
        seconds,
        peak_mb: peak_kb / 1024,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// A library holding one paper, made once and copied for each case.
fn template() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("library.sqlite3");
        let out = scrutineer(
            &db,
            &[
                "import",
                sample("Kent Cabinet 2022-12-01").to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        dir
    })
    .path()
}

fn documents_and_integrity(db: &Path) -> (i64, String) {
    let c = rusqlite::Connection::open(db).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    (n, ok)
}

fn raw_controls(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        .collect()
}

/// Runs one case; the outcome word, or what went wrong.
fn run_case(case: &Case) -> (String, f64, u64, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(template()).unwrap().flatten() {
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    let db = dir.path().join("library.sqlite3");
    let file = dir.path().join(format!("paper.{}", case.ext));
    match (case.make)() {
        Input::Bytes(b) => std::fs::write(&file, b).unwrap(),
        Input::Pipe => assert!(Command::new("mkfifo")
            .arg(&file)
            .status()
            .unwrap()
            .success()),
        Input::Folder => std::fs::create_dir(&file).unwrap(),
        Input::Sparse(n) => std::fs::File::create(&file).unwrap().set_len(n).unwrap(),
    }
    let run = import(&db, &file, case.builtin);
    let _ = std::fs::remove_file(&file);
    let mut problems = Vec::new();
    if let Some(sig) = run.signal {
        problems.push(format!("the CLI itself died of signal {sig}"));
    }
    if run.seconds > BOUND.as_secs_f64() {
        problems.push(format!("took {:.0} s", run.seconds));
    }
    if run.peak_mb > MEMORY_MB {
        problems.push(format!("peak memory {} MB", run.peak_mb));
    }
    if run.stderr.contains("panicked") || run.stderr.contains("RUST_BACKTRACE") {
        problems.push(format!("a panic: {}", run.stderr));
    }
    let imported = run.code == Some(0);
    let message = run
        .stderr
        .lines()
        .find(|l| l.starts_with("could not import"))
        .unwrap_or("")
        .to_owned();
    let (docs, integrity) = documents_and_integrity(&db);
    if integrity != "ok" {
        problems.push(format!("integrity_check: {integrity}"));
    }
    let outcome = if imported {
        if docs != 2 {
            problems.push(format!("imported, but the library holds {docs} documents"));
        }
        if matches!(case.expect, Expect::Refused(_)) {
            problems.push(format!(
                "expected a refusal, but it imported: {}",
                run.stdout.trim()
            ));
        }
        let meetings = stdout(&scrutineer(&db, &["meetings"]));
        let controls = raw_controls(&meetings);
        if !controls.is_empty() {
            problems.push(format!(
                "`scrutineer meetings` prints raw control characters {controls:?}"
            ));
        }
        let json: serde_json::Value =
            serde_json::from_slice(&scrutineer(&db, &["meetings", "--json"]).stdout)
                .unwrap_or_default();
        if let Some(id) = json["meetings"]
            .as_array()
            .and_then(|m| {
                m.iter().find(|m| {
                    m["file_name"]
                        .as_str()
                        .is_some_and(|f| f.starts_with("paper."))
                })
            })
            .and_then(|m| m["id"].as_i64())
        {
            let items = scrutineer(&db, &["items", &id.to_string()]);
            let controls = raw_controls(&stdout(&items));
            if !controls.is_empty() {
                problems.push(format!(
                    "`scrutineer items` prints raw control characters {controls:?}"
                ));
            }
        }
        let first = run
            .stdout
            .lines()
            .next()
            .unwrap_or("imported")
            .replace(&file.display().to_string(), "");
        first.trim().to_owned()
    } else {
        if run.code != Some(1) {
            problems.push(format!("exit code {:?}: {}", run.code, run.stderr));
        }
        if docs != 1 {
            problems.push(format!(
                "failed, but the library now holds {docs} documents"
            ));
        }
        let said = message
            .split_once(": ")
            .map_or(message.as_str(), |(_, m)| m)
            .to_owned();
        if !PLAIN.iter().any(|p| said.contains(p)) {
            problems.push(format!("not a plain message: {:?}", run.stderr));
        }
        let wanted = match case.expect {
            Expect::Refused(w) | Expect::Either(w) => w,
            Expect::Imports => &[][..],
        };
        if !wanted.iter().any(|w| said.contains(w)) {
            problems.push(format!(
                "expected a message with one of {wanted:?}, got {said:?}"
            ));
        }
        format!("refused: {said}")
    };
    (outcome, run.seconds, run.peak_mb, problems)
}

#[test]
fn hostile_inputs_end_plainly_within_their_bounds() {
    let cases = cases();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let only = std::env::var("SCRUTINEER_HOSTILE_ONLY").ok();
    let mut failures = Vec::new();
    let mut lines = Vec::new();
    let form = if full() { "full" } else { "short" };
    let total = Instant::now();
    for case in cases
        .iter()
        .filter(|c| only.as_deref().is_none_or(|o| c.name.contains(o)))
    {
        let (outcome, seconds, peak, problems) = run_case(case);
        let outcome: String = outcome.chars().take(110).collect();
        let line = format!(
            "{:<40} {:>7.2} s {:>6} MB  {}{}",
            case.name,
            seconds,
            peak,
            if problems.is_empty() { "" } else { "FAIL " },
            outcome
        );
        // Straight to the stream, so the table shows as it goes.
        let _ = writeln!(std::io::stderr(), "hostile {form}: {line}");
        lines.push(line);
        for p in problems {
            failures.push(format!("{}: {p}", case.name));
        }
    }
    println!(
        "\nHostile inputs ({form} form), {} cases in {:.0} s",
        lines.len(),
        total.elapsed().as_secs_f64()
    );
    println!("{:<40} {:>9} {:>9}  outcome", "case", "time", "peak");
    for l in &lines {
        println!("{l}");
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
