//! Points to and from CSV text, so a hand-shaped data set can be saved,
//! edited elsewhere and loaded again:
//!
//! ```text
//! x,y,label,split
//! 1.5,-2,1,train
//! 0.25,3,-1,test
//! ```
//!
//! The header is optional; so is the `split` column (points train by
//! default). Blank lines and lines starting with `#` are skipped. A bad line
//! is refused by its number, and nothing is loaded.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::data::Point;
use crate::error::{Error, Result};
use crate::shortest::Shortest;

const HEADER: &str = "x,y,label,split";

/// The points as CSV, header first; every number round-trips exactly.
pub fn write(points: &[Point]) -> String {
    let mut out = String::with_capacity(16 + points.len() * 24);
    out.push_str(HEADER);
    out.push('\n');
    for p in points {
        let split = if p.test { "test" } else { "train" };
        // Writing into a String cannot fail.
        let (x, y, label) = (Shortest(p.x), Shortest(p.y), Shortest(p.label));
        let _ = writeln!(out, "{x},{y},{label},{split}");
    }
    out
}

/// Parses CSV text into points, each with its 1-based line number (for the
/// caller's own checks). Only the format is checked here.
pub fn parse(text: &str) -> Result<Vec<(usize, Point)>> {
    let mut points = Vec::new();
    let mut seen_data = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if !seen_data && is_header(&fields) {
            seen_data = true;
            continue;
        }
        seen_data = true;
        if !(3..=4).contains(&fields.len()) {
            return Err(import_error(
                line_no,
                format!("expected x,y,label[,split], got {} fields", fields.len()),
            ));
        }
        let number = |name: &str, s: &str| -> Result<f32> {
            match crate::decimal::parse_f32(s) {
                Some(v) if v.is_finite() => Ok(v),
                _ => Err(import_error(
                    line_no,
                    format!("{name} `{s}` is not a finite number"),
                )),
            }
        };
        let test = match fields.get(3).copied() {
            None | Some("train") | Some("") => false,
            Some("test") => true,
            Some(other) => {
                return Err(import_error(
                    line_no,
                    format!("split `{other}` must be `train` or `test`"),
                ))
            }
        };
        let point = Point {
            x: number("x", fields[0])?,
            y: number("y", fields[1])?,
            label: number("label", fields[2])?,
            test,
        };
        points.push((line_no, point));
    }
    Ok(points)
}

fn is_header(fields: &[&str]) -> bool {
    let names = ["x", "y", "label", "split"];
    fields.len() >= 3
        && fields.len() <= 4
        && fields
            .iter()
            .zip(names)
            .all(|(f, name)| f.eq_ignore_ascii_case(name))
}

pub(crate) fn import_error(line: usize, message: impl Into<String>) -> Error {
    Error::Import {
        line,
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_exactly() {
        let points = [
            Point {
                x: 0.1,
                y: -5.999_999,
                label: 1.0,
                test: false,
            },
            Point {
                x: 6.0,
                y: 1e-7,
                label: 2.0,
                test: true,
            },
            Point {
                x: -3.25,
                y: 0.0,
                label: -0.123_456_79,
                test: false,
            },
        ];
        let text = write(&points);
        assert!(text.starts_with("x,y,label,split\n"));
        let back: Vec<Point> = parse(&text).unwrap().into_iter().map(|(_, p)| p).collect();
        assert_eq!(back, points);
    }

    #[test]
    fn header_split_comments_and_blank_lines_are_optional() {
        let text = "# my points\n\n1,2,1\n 3 , 4 , -1 , test \n";
        let got = parse(text).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, 3, "line numbers count every line");
        assert_eq!(
            got[1].1,
            Point {
                x: 3.0,
                y: 4.0,
                label: -1.0,
                test: true
            }
        );
    }

    #[test]
    fn a_bad_line_is_named() {
        let cases = [
            ("x,y,label\n1,2\n", 2, "fields"),
            ("1,2,1\n1,oops,1\n", 2, "y `oops`"),
            ("1,2,NaN\n", 1, "label `NaN`"),
            ("1,2,1,validation\n", 1, "split `validation`"),
            ("x,y,label\n1,2,1\nx,y,label\n", 3, "x `x`"),
        ];
        for (text, line, needle) in cases {
            match parse(text) {
                Err(Error::Import { line: l, message }) => {
                    assert_eq!(l, line, "{text:?}");
                    assert!(message.contains(needle), "{message}");
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }
}
