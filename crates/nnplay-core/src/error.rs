//! Every way a request to the engine can be refused. Nothing in the engine
//! panics on bad input: it returns one of these, naming what is wrong.

use alloc::string::String;
use core::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// A config field is out of range or inconsistent; `field` is its
    /// camelCase path, e.g. `optimizer.learningRate`.
    Config { field: String, message: String },
    /// A point index past the end of the data.
    PointIndex { index: usize, len: usize },
    /// A point's coordinate or label is not valid for the problem.
    Point {
        field: &'static str,
        message: String,
    },
    /// A model or weight address whose shape does not match the network.
    ModelShape { message: String },
    /// A caller-provided buffer or resolution that cannot hold the result.
    Buffer { name: &'static str, message: String },
    /// A line of imported CSV that cannot be read (1-based line number).
    Import { line: usize, message: String },
    /// A saved session that cannot be restored; `field` is its path, e.g.
    /// `points[3].x` or `optimizer.first`.
    Snapshot { field: String, message: String },
    /// A limit of the engine (see [`crate::limits`]) would be exceeded.
    Limit { what: &'static str, message: String },
    /// There is no training point to learn from.
    NoTrainingData,
    /// The loss became NaN or infinite; training is stopped until a reset.
    Diverged,
}

pub type Result<T> = core::result::Result<T, Error>;

impl Error {
    pub(crate) fn config(field: &str, message: impl Into<String>) -> Self {
        Error::Config {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config { field, message } => write!(f, "config.{field}: {message}"),
            Error::PointIndex { index, len } => {
                write!(
                    f,
                    "point index {index} is out of range (there are {len} points)"
                )
            }
            Error::Point { field, message } => write!(f, "point {field}: {message}"),
            Error::ModelShape { message } => write!(f, "model shape: {message}"),
            Error::Buffer { name, message } => write!(f, "{name}: {message}"),
            Error::Import { line, message } => write!(f, "line {line}: {message}"),
            Error::Snapshot { field, message } => write!(f, "snapshot.{field}: {message}"),
            Error::Limit { what, message } => write!(f, "{what}: {message}"),
            Error::NoTrainingData => write!(f, "there are no training points to learn from"),
            Error::Diverged => write!(
                f,
                "training diverged (the loss became NaN or infinite): reset to recover, \
                 perhaps with a smaller learning rate"
            ),
        }
    }
}

impl core::error::Error for Error {}
