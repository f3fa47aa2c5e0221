//! Editing the session's data and weights: points one by one or all at
//! once, CSV in and out, the model and single weights; every edit checked
//! before anything changes.

use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;

use super::Trainer;
use crate::config::Problem;
use crate::data::{Point, DOMAIN};
use crate::error::{Error, Result};
use crate::limits::{MAX_CSV_BYTES, MAX_POINTS};
use crate::network::Model;
use crate::rng::{Pcg32, Stream};
use crate::shortest::Shortest;

impl Trainer {
    // ----- the model -----

    pub fn model(&self) -> Model {
        self.mlp.model()
    }

    /// New weights; the optimizer forgets its moments.
    pub fn set_model(&mut self, model: &Model) -> Result<()> {
        self.mlp.set_model(model)?;
        self.revision += 1;
        self.optimizer.reset();
        self.norm_optimizer.reset();
        self.diverged = false;
        Ok(())
    }

    /// Sets `W[row][col]` of layer `layer` (0 = the first layer after the inputs).
    pub fn set_weight(&mut self, layer: usize, row: usize, col: usize, value: f32) -> Result<()> {
        if !value.is_finite() {
            return Err(Error::ModelShape {
                message: format!("weight value must be finite, got {}", Shortest(value)),
            });
        }
        let i = self.mlp.layout.weight_index(layer, row, col)?;
        self.mlp.params[i] = value;
        self.revision += 1;
        Ok(())
    }

    // ----- the data -----

    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// Replaces every point (each one checked).
    pub fn set_points(&mut self, points: &[Point]) -> Result<()> {
        check_count(points.len())?;
        for p in points {
            self.check_point(p.x, p.y, p.label)?;
        }
        self.points.clear();
        self.points.extend_from_slice(points);
        self.refresh_point_features();
        self.restart_epoch();
        self.release_spare();
        Ok(())
    }

    /// Gives memory back when the data shrank well below what it held.
    fn release_spare(&mut self) {
        if self.points.capacity() > 2 * self.points.len() + 64 {
            self.points.shrink_to_fit();
            self.point_features.shrink_to_fit();
            self.order.shrink_to_fit();
            self.split = Vec::new();
        }
    }

    /// Replaces every point with the CSV text's (see [`crate::csv`]); a line
    /// that cannot be read, or whose point does not fit the problem, is
    /// refused by its number and nothing changes. Returns the point count.
    pub fn import_csv(&mut self, text: &str) -> Result<usize> {
        if text.len() > MAX_CSV_BYTES {
            return Err(Error::Limit {
                what: "text",
                message: format!(
                    "{} bytes of CSV, more than the limit of {MAX_CSV_BYTES}",
                    text.len()
                ),
            });
        }
        let parsed = crate::csv::parse(text)?;
        check_count(parsed.len())?;
        for (line, p) in &parsed {
            self.check_point(p.x, p.y, p.label)
                .map_err(|e| crate::csv::import_error(*line, e.to_string()))?;
        }
        let points: Vec<Point> = parsed.into_iter().map(|(_, p)| p).collect();
        self.set_points(&points)?;
        Ok(points.len())
    }

    /// Every point as CSV text (see [`crate::csv`]).
    pub fn export_csv(&self) -> alloc::string::String {
        crate::csv::write(&self.points)
    }

    /// Adds a point whose split is drawn as the data's: it tests with
    /// probability `1 − trainRatio` (see [`Trainer::add_point_to`]); returns
    /// its index.
    pub fn add_point(&mut self, x: f32, y: f32, label: f32) -> Result<usize> {
        self.add_point_to(x, y, label, None)
    }

    /// Adds a point to the test set (`Some(true)`), the training set
    /// (`Some(false)`) or, with `None`, to the split drawn from the seed's
    /// split stream: the draw depends only on the seed, the point count and
    /// the point's coordinates, so the same edits always give the same split
    /// (an undone and redone add lands where it did). Returns its index.
    pub fn add_point_to(
        &mut self,
        x: f32,
        y: f32,
        label: f32,
        test: Option<bool>,
    ) -> Result<usize> {
        check_count(self.points.len() + 1)?;
        self.check_point(x, y, label)?;
        let test = test.unwrap_or_else(|| self.draw_test(x, y));
        let p = Point { x, y, label, test };
        self.points.push(p);
        self.point_features.push(&p);
        self.restart_epoch();
        Ok(self.points.len() - 1)
    }

    /// Moves a point. The epoch order is kept: only its place changes.
    pub fn move_point(&mut self, index: usize, x: f32, y: f32) -> Result<()> {
        self.check_index(index)?;
        check_coordinate("x", x)?;
        check_coordinate("y", y)?;
        let p = &mut self.points[index];
        p.x = x;
        p.y = y;
        self.point_features.set(index, p);
        Ok(())
    }

    pub fn remove_point(&mut self, index: usize) -> Result<()> {
        self.check_index(index)?;
        self.points.remove(index);
        self.point_features.remove(index);
        self.restart_epoch();
        self.release_spare();
        Ok(())
    }

    pub fn set_label(&mut self, index: usize, label: f32) -> Result<()> {
        self.check_index(index)?;
        self.check_label(label)?;
        self.points[index].label = label;
        Ok(())
    }

    pub fn clear_points(&mut self) {
        self.points.clear();
        self.refresh_point_features();
        self.restart_epoch();
        self.release_spare();
    }

    /// Whether a new point at (x, y) tests, with probability `1 − trainRatio`.
    fn draw_test(&self, x: f32, y: f32) -> bool {
        let place = ((x.to_bits() as u64) << 32) | y.to_bits() as u64;
        let key = (self.points.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ place;
        let mut rng = Pcg32::new(self.config.seed as u64 ^ key, Stream::Split as u64);
        rng.next_f64() >= self.config.train_ratio as f64
    }

    fn check_index(&self, index: usize) -> Result<()> {
        if index < self.points.len() {
            Ok(())
        } else {
            Err(Error::PointIndex {
                index,
                len: self.points.len(),
            })
        }
    }

    pub(super) fn check_point(&self, x: f32, y: f32, label: f32) -> Result<()> {
        check_coordinate("x", x)?;
        check_coordinate("y", y)?;
        self.check_label(label)
    }

    fn check_label(&self, label: f32) -> Result<()> {
        let ok = match self.config.problem {
            Problem::Classification => label == 1.0 || label == -1.0,
            Problem::Multiclass => {
                label >= 0.0 && label < self.config.classes as f32 && label == (label as u32) as f32
            }
            Problem::Regression => label.is_finite() && label.abs() <= 1e6,
        };
        if ok {
            return Ok(());
        }
        let expected: alloc::string::String = match self.config.problem {
            Problem::Classification => "+1 or -1".into(),
            Problem::Multiclass => format!("a class index 0..{}", self.config.classes),
            Problem::Regression => "a finite value".into(),
        };
        Err(Error::Point {
            field: "label",
            message: format!("must be {expected}, got {}", Shortest(label)),
        })
    }
}

/// Refuses more points than [`MAX_POINTS`].
fn check_count(n: usize) -> Result<()> {
    if n <= MAX_POINTS {
        Ok(())
    } else {
        Err(Error::Limit {
            what: "points",
            message: format!("at most {MAX_POINTS} points (the engine's limit), got {n}"),
        })
    }
}

fn check_coordinate(field: &'static str, v: f32) -> Result<()> {
    if v.is_finite() && (-DOMAIN..=DOMAIN).contains(&v) {
        Ok(())
    } else {
        Err(Error::Point {
            field,
            message: format!(
                "must be within [-{d}, {d}], got {}",
                Shortest(v),
                d = Shortest(DOMAIN)
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    /// The cached feature values are those of the points and features now.
    fn assert_features_fresh(t: &Trainer) {
        let mut fresh = super::super::PointFeatures::new(&[]);
        fresh.rebuild(&t.config.features, &t.points);
        assert_eq!(t.point_features, fresh);
    }

    #[test]
    fn point_features_follow_every_edit() {
        use crate::features::Feature;
        let mut t = Trainer::new(&Config::default()).unwrap();
        assert_features_fresh(&t);
        let mut c = t.config().clone();
        c.features = alloc::vec![Feature::X1, Feature::SinX2, Feature::X1X2];
        t.set_config(&c).unwrap();
        assert_features_fresh(&t);
        t.add_point_to(1.5, -2.0, 1.0, Some(false)).unwrap();
        assert_features_fresh(&t);
        t.move_point(3, -4.0, 0.25).unwrap();
        assert_features_fresh(&t);
        t.remove_point(0).unwrap();
        assert_features_fresh(&t);
        c.seed += 1;
        t.set_config(&c).unwrap();
        assert_features_fresh(&t);
        let snapshot = t.snapshot();
        let restored = Trainer::restore(&snapshot).unwrap();
        assert_features_fresh(&restored);
        let five = t.points()[..5].to_vec();
        t.set_points(&five).unwrap();
        assert_features_fresh(&t);
        t.loss();
        t.clear_points();
        assert_features_fresh(&t);
    }

    #[test]
    fn memory_is_given_back_when_the_data_shrinks() {
        let mut t = Trainer::new(&Config::default()).unwrap();
        let many: Vec<Point> = (0..MAX_POINTS)
            .map(|i| Point {
                x: (i % 10) as f32 * 0.5,
                y: 1.0,
                label: 1.0,
                test: false,
            })
            .collect();
        t.set_points(&many).unwrap();
        assert!(t.points.capacity() >= MAX_POINTS);
        t.set_points(&many[..10]).unwrap();
        assert!(t.points.capacity() < 100, "{}", t.points.capacity());
        assert!(t.order.capacity() < 100, "{}", t.order.capacity());
        t.set_points(&many).unwrap();
        t.clear_points();
        assert!(t.points.capacity() < 100);
    }
}
