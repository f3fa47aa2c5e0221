//! The training points' feature values, computed once per point instead of
//! once per sample per epoch (sin and cos cost about as much as a neuron).

use alloc::vec::Vec;

use crate::data::Point;
use crate::features::Feature;
use crate::kernel::Workspace;

/// Point i's feature values, `features.len()` of them at
/// `values[i * features.len()..]`: exactly the f32s `Feature::value` gives.
/// Whoever changes the points or the features keeps this in step.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct PointFeatures {
    features: Vec<Feature>,
    values: Vec<f32>,
}

impl PointFeatures {
    /// No points yet, `features` to come.
    pub(super) fn new(features: &[Feature]) -> PointFeatures {
        PointFeatures {
            features: features.to_vec(),
            values: Vec::new(),
        }
    }

    /// Recomputes every point's values for `features`.
    pub(super) fn rebuild(&mut self, features: &[Feature], points: &[Point]) {
        self.features.clear();
        self.features.extend_from_slice(features);
        self.values.clear();
        for p in points {
            self.push(p);
        }
    }

    /// Appends a new last point's values.
    pub(super) fn push(&mut self, p: &Point) {
        self.values
            .extend(self.features.iter().map(|f| f.value(p.x, p.y)));
    }

    /// Point `i` moved to `p`.
    pub(super) fn set(&mut self, i: usize, p: &Point) {
        let n = self.features.len();
        for (v, f) in self.values[i * n..][..n].iter_mut().zip(&self.features) {
            *v = f.value(p.x, p.y);
        }
    }

    /// Point `i` was removed.
    pub(super) fn remove(&mut self, i: usize) {
        let n = self.features.len();
        self.values.drain(i * n..(i + 1) * n);
    }

    /// Gives memory back (with the points').
    pub(super) fn shrink_to_fit(&mut self) {
        self.values.shrink_to_fit();
    }

    /// Writes point `i`'s features and label into lane `lane`.
    #[inline]
    pub(super) fn load(&self, ws: &mut Workspace<f32>, points: &[Point], i: usize, lane: usize) {
        let n = self.features.len();
        let p = &points[i];
        let row = &self.values[i * n..][..n];
        debug_assert_eq!(self.values.len(), points.len() * n, "stale point features");
        debug_assert!(
            row.iter()
                .zip(&self.features)
                .all(|(v, f)| v.to_bits() == f.value(p.x, p.y).to_bits()),
            "stale point features at {i}"
        );
        for (lanes, v) in ws.a.iter_mut().zip(row) {
            lanes[lane] = *v;
        }
        ws.labels[lane] = p.label;
    }
}
