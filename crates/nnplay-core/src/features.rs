//! The nine input features a point (x1, x2) can be shown to the network as.

use crate::real::Real;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Feature {
    #[cfg_attr(feature = "serde", serde(rename = "x1"))]
    X1,
    #[cfg_attr(feature = "serde", serde(rename = "x2"))]
    X2,
    #[cfg_attr(feature = "serde", serde(rename = "x1Squared"))]
    X1Squared,
    #[cfg_attr(feature = "serde", serde(rename = "x2Squared"))]
    X2Squared,
    #[cfg_attr(feature = "serde", serde(rename = "x1x2"))]
    X1X2,
    #[cfg_attr(feature = "serde", serde(rename = "sinX1"))]
    SinX1,
    #[cfg_attr(feature = "serde", serde(rename = "sinX2"))]
    SinX2,
    #[cfg_attr(feature = "serde", serde(rename = "cosX1"))]
    CosX1,
    #[cfg_attr(feature = "serde", serde(rename = "cosX2"))]
    CosX2,
}

impl Feature {
    /// Every feature, in the canonical order inputs are fed in.
    pub const ALL: [Feature; 9] = [
        Feature::X1,
        Feature::X2,
        Feature::X1Squared,
        Feature::X2Squared,
        Feature::X1X2,
        Feature::SinX1,
        Feature::SinX2,
        Feature::CosX1,
        Feature::CosX2,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Feature::X1 => "x1",
            Feature::X2 => "x2",
            Feature::X1Squared => "x1Squared",
            Feature::X2Squared => "x2Squared",
            Feature::X1X2 => "x1x2",
            Feature::SinX1 => "sinX1",
            Feature::SinX2 => "sinX2",
            Feature::CosX1 => "cosX1",
            Feature::CosX2 => "cosX2",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The feature's value at the point (x1, x2).
    #[inline(always)]
    pub fn value<T: Real>(self, x1: T, x2: T) -> T {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Squared => x1 * x1,
            Feature::X2Squared => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => sin(x1),
            Feature::SinX2 => sin(x2),
            Feature::CosX1 => cos(x1),
            Feature::CosX2 => cos(x2),
        }
    }
}

/// Everything a feature needs of one coordinate. A grid's features are
/// separable (x1x2 aside), so a grid computes these once per row and per
/// column instead of once per cell: sin and cos cost more than a neuron.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AxisValues {
    pub v: f32,
    pub squared: f32,
    pub sin: f32,
    pub cos: f32,
}

impl AxisValues {
    pub fn new(v: f32) -> Self {
        AxisValues {
            v,
            squared: v * v,
            sin: sin(v),
            cos: cos(v),
        }
    }
}

impl Feature {
    /// The same value as [`Feature::value`], read off precomputed axes.
    #[inline(always)]
    pub fn value_from_axes(self, x1: &AxisValues, x2: &AxisValues) -> f32 {
        match self {
            Feature::X1 => x1.v,
            Feature::X2 => x2.v,
            Feature::X1Squared => x1.squared,
            Feature::X2Squared => x2.squared,
            Feature::X1X2 => x1.v * x2.v,
            Feature::SinX1 => x1.sin,
            Feature::SinX2 => x2.sin,
            Feature::CosX1 => x1.cos,
            Feature::CosX2 => x2.cos,
        }
    }
}

#[inline(always)]
fn sin<T: Real>(v: T) -> T {
    T::from_f64(libm::sin(v.to_f64()))
}

#[inline(always)]
fn cos<T: Real>(v: T) -> T {
    T::from_f64(libm::cos(v.to_f64()))
}
