//! Points and the data sets they are drawn from. The domain is [-6, 6]^2.

use alloc::vec::Vec;
use core::f64::consts::{PI, TAU};

use crate::config::{Config, Dataset, Problem};
use crate::error::Result;
use crate::rng::{Pcg32, Stream};

/// Half the side of the square domain.
pub const DOMAIN: f32 = 6.0;

/// One data point: label +1/-1 (classification), a class index
/// (multiclass) or a value (regression); `test` points are never trained on.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Point {
    pub x: f32,
    pub y: f32,
    pub label: f32,
    #[cfg_attr(feature = "serde", serde(default))]
    pub test: bool,
}

/// The points a config's data set holds (the config is checked first),
/// without building a network: what a session with this config starts with.
pub fn for_config(config: &Config) -> Result<Vec<Point>> {
    Ok(draw(&config.normalized()?))
}

/// The data set of a normalized config, drawn from its seed's data stream.
pub fn draw(config: &Config) -> Vec<Point> {
    let mut rng = Pcg32::for_stream(config.seed as u64, Stream::Data);
    generate(config, &mut rng)
}

/// Generates the config's data set, shuffled, the first `trainRatio` of it
/// marked for training and the rest for testing.
pub fn generate(config: &Config, rng: &mut Pcg32) -> Vec<Point> {
    let n = config.samples;
    let noise = config.noise as f64;
    let k = config.classes;
    let mut points = Vec::with_capacity(n);
    let mut push = |x: f64, y: f64, label: f64| {
        points.push(Point {
            x: clamp_domain(x),
            y: clamp_domain(y),
            label: label as f32,
            test: false,
        })
    };
    match config.dataset_kind() {
        Dataset::Circle => {
            let radius = 5.0;
            for i in 0..n {
                let r = if i < n / 2 {
                    rng.uniform(0.0, radius * 0.5)
                } else {
                    rng.uniform(radius * 0.7, radius)
                };
                let angle = rng.uniform(0.0, TAU);
                let (x, y) = (r * libm::cos(angle), r * libm::sin(angle));
                // Noise moves the point the label is read at, not the point.
                let nx = rng.uniform(-radius, radius) * noise;
                let ny = rng.uniform(-radius, radius) * noise;
                let inside = libm::hypot(x + nx, y + ny) < radius * 0.5;
                push(x, y, sign(inside));
            }
        }
        Dataset::Xor => {
            for _ in 0..n {
                let mut x = rng.uniform(-5.0, 5.0);
                let mut y = rng.uniform(-5.0, 5.0);
                x += if x > 0.0 { 0.3 } else { -0.3 };
                y += if y > 0.0 { 0.3 } else { -0.3 };
                let nx = rng.uniform(-5.0, 5.0) * noise;
                let ny = rng.uniform(-5.0, 5.0) * noise;
                push(x, y, sign((x + nx) * (y + ny) >= 0.0));
            }
        }
        Dataset::Gauss => {
            let sd = 0.5 + 7.0 * noise;
            for i in 0..n {
                let (c, label) = if i < n / 2 { (2.0, 1.0) } else { (-2.0, -1.0) };
                push(c + sd * rng.normal(), c + sd * rng.normal(), label);
            }
        }
        Dataset::Spiral => {
            let arms = if config.problem == Problem::Multiclass {
                k
            } else {
                2
            };
            for i in 0..n {
                let arm = i % arms;
                let t = rng.next_f64();
                let r = 5.0 * t;
                let angle = 1.75 * TAU * t + TAU * arm as f64 / arms as f64;
                let x = r * libm::sin(angle) + rng.uniform(-1.0, 1.0) * noise * 2.0;
                let y = r * libm::cos(angle) + rng.uniform(-1.0, 1.0) * noise * 2.0;
                let label = if config.problem == Problem::Multiclass {
                    arm as f64
                } else {
                    sign(arm == 0)
                };
                push(x, y, label);
            }
        }
        Dataset::Moons => {
            for i in 0..n {
                let upper = i < n / 2;
                let t = rng.uniform(0.0, PI);
                let (mx, my) = if upper {
                    (libm::cos(t), libm::sin(t))
                } else {
                    (1.0 - libm::cos(t), 0.5 - libm::sin(t))
                };
                let x = 3.2 * (mx - 0.5) + rng.normal() * noise * 1.5;
                let y = 3.2 * (my - 0.25) + rng.normal() * noise * 1.5;
                push(x, y, sign(upper));
            }
        }
        Dataset::Checkerboard => {
            for _ in 0..n {
                let x = rng.uniform(-DOMAIN as f64, DOMAIN as f64);
                let y = rng.uniform(-DOMAIN as f64, DOMAIN as f64);
                let nx = rng.uniform(-3.0, 3.0) * noise;
                let ny = rng.uniform(-3.0, 3.0) * noise;
                let cell = libm::floor((x + nx) / 3.0) + libm::floor((y + ny) / 3.0);
                push(x, y, sign(libm::fmod(libm::fabs(cell), 2.0) == 0.0));
            }
        }
        Dataset::Rings => {
            // Three rings of alternating class around a central disc.
            for _ in 0..n {
                let ring = rng.below(4) as f64;
                let r = rng.uniform(ring * 1.45, ring * 1.45 + 0.9);
                let angle = rng.uniform(0.0, TAU);
                let nr = rng.uniform(-1.45, 1.45) * noise;
                let band = libm::floor((r + nr).max(0.0) / 1.45);
                let label = sign(libm::fmod(band, 2.0) == 0.0);
                push(r * libm::cos(angle), r * libm::sin(angle), label);
            }
        }
        Dataset::Blobs => {
            let sd = 0.6 + 3.0 * noise;
            for i in 0..n {
                let class = i % k;
                let angle = TAU * class as f64 / k as f64 + PI / 4.0;
                let (cx, cy) = (3.5 * libm::cos(angle), 3.5 * libm::sin(angle));
                push(cx + sd * rng.normal(), cy + sd * rng.normal(), class as f64);
            }
        }
        Dataset::Plane => {
            for _ in 0..n {
                let x = rng.uniform(-6.0, 6.0);
                let y = rng.uniform(-6.0, 6.0);
                let nx = rng.uniform(-6.0, 6.0) * noise;
                let ny = rng.uniform(-6.0, 6.0) * noise;
                let label = ((x + nx) + (y + ny)) / 10.0;
                push(x, y, label.clamp(-1.0, 1.0));
            }
        }
        Dataset::Gaussians => {
            const BUMPS: [(f64, f64, f64); 6] = [
                (-4.0, 2.5, 1.0),
                (0.0, 2.5, -1.0),
                (4.0, 2.5, 1.0),
                (-4.0, -2.5, -1.0),
                (0.0, -2.5, 1.0),
                (4.0, -2.5, -1.0),
            ];
            for _ in 0..n {
                let x = rng.uniform(-6.0, 6.0);
                let y = rng.uniform(-6.0, 6.0);
                let nx = rng.uniform(-6.0, 6.0) * noise;
                let ny = rng.uniform(-6.0, 6.0) * noise;
                // The strongest bump wins; each fades from +-1 to 0 over distance 2.
                let mut label: f64 = 0.0;
                for (cx, cy, s) in BUMPS {
                    let d = libm::hypot(x + nx - cx, y + ny - cy);
                    let v = s * (1.0 - d / 2.0).max(0.0);
                    if libm::fabs(v) > libm::fabs(label) {
                        label = v;
                    }
                }
                push(x, y, label);
            }
        }
    }
    rng.shuffle(&mut points);
    split(&mut points, config.train_ratio);
    points
}

/// Marks the first `ratio` of the points for training, the rest for testing.
pub fn split(points: &mut [Point], ratio: f32) {
    let train = libm::round(points.len() as f64 * ratio as f64) as usize;
    for (i, p) in points.iter_mut().enumerate() {
        p.test = i >= train;
    }
}

fn sign(positive: bool) -> f64 {
    if positive {
        1.0
    } else {
        -1.0
    }
}

fn clamp_domain(v: f64) -> f32 {
    (v as f32).clamp(-DOMAIN, DOMAIN)
}
