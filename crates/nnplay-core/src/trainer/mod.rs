//! A training session: data, network, optimizer and the minibatch schedule.

mod snapshot;

pub use snapshot::{OptimizerState, Schedule, Snapshot, SNAPSHOT_VERSION};

use alloc::format;
use alloc::string::ToString;
use alloc::vec;
use alloc::vec::Vec;

use crate::config::{Config, Problem};
use crate::data::{self, Point, DOMAIN};
use crate::error::{Error, Result};
use crate::features::{AxisValues, Feature};
use crate::head::Head;
use crate::kernel::{Workspace, LANES};
use crate::limits::MAX_RESOLUTION;
use crate::network::{Layout, Mlp, Model};
use crate::optimizer::Optimizer;
use crate::rng::{Pcg32, Stream};

/// What a `step` or `train` call did.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct StepReport {
    pub epoch: u64,
    pub step: u64,
    /// The objective (mean loss + penalty) of the last minibatch.
    pub batch_loss: f64,
    /// True when this call found a NaN or infinite loss and stopped.
    pub diverged: bool,
}

/// Mean per-sample loss (no penalty) and accuracy on each split.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct LossReport {
    pub train: f64,
    pub test: f64,
    /// `None` for regression, and for a split with no points.
    pub train_accuracy: Option<f64>,
    pub test_accuracy: Option<f64>,
}

#[derive(Clone, Debug)]
pub struct Trainer {
    config: Config,
    points: Vec<Point>,
    mlp: Mlp<f32>,
    optimizer: Optimizer<f32>,
    ws: Workspace<f32>,
    grad: Vec<f32>,
    /// The training points' indices in this epoch's order.
    order: Vec<u32>,
    /// Where the next minibatch starts in `order`.
    cursor: usize,
    epoch: u64,
    steps: u64,
    diverged: bool,
    shuffle_rng: Pcg32,
    /// Bumped whenever the network's function may have changed.
    revision: u64,
    /// The grid's columns then rows (scratch: grows, never shrinks).
    axes: Vec<AxisValues>,
    /// The indices of one split's points (scratch, as above).
    split: Vec<u32>,
}

impl Trainer {
    /// Builds the data and the network the config describes.
    pub fn new(config: &Config) -> Result<Trainer> {
        let mut trainer = Trainer::empty(config.normalized()?);
        trainer.regenerate();
        Ok(trainer)
    }

    /// A session of a normalized config with no points and zero weights.
    fn empty(config: Config) -> Trainer {
        let mlp = new_network(&config);
        Trainer {
            optimizer: Optimizer::new(config.optimizer, mlp.layout.param_count),
            ws: Workspace::new(&mlp),
            grad: vec![0.0; mlp.layout.param_count],
            mlp,
            points: Vec::new(),
            order: Vec::new(),
            cursor: 0,
            epoch: 0,
            steps: 0,
            diverged: false,
            shuffle_rng: Pcg32::for_stream(config.seed as u64, Stream::Shuffle),
            revision: 0,
            axes: Vec::new(),
            split: Vec::new(),
            config,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Applies a new config. Data is regenerated when a data field changed;
    /// the network is rebuilt when its shape, seed or init changed; otherwise
    /// the weights are kept and training goes on (on the new data, if any).
    pub fn set_config(&mut self, config: &Config) -> Result<()> {
        let new = config.normalized()?;
        self.revision += 1;
        let old = core::mem::replace(&mut self.config, new);
        let c = &self.config;
        let data_changed = c.seed != old.seed
            || c.problem != old.problem
            || c.classes != old.classes
            || c.dataset != old.dataset
            || c.samples != old.samples
            || c.noise != old.noise;
        let network_changed = c.seed != old.seed
            || c.problem != old.problem
            || c.classes != old.classes
            || c.features != old.features
            || c.hidden != old.hidden
            || c.init != old.init;
        let resplit = c.train_ratio != old.train_ratio;
        let reorder = data_changed || resplit || c.shuffle != old.shuffle;
        if data_changed {
            self.generate_points();
        } else if resplit {
            data::split(&mut self.points, self.config.train_ratio);
        }
        if network_changed {
            self.reset();
            return Ok(());
        }
        let c = &self.config;
        self.mlp.activation = c.activation;
        self.mlp.head = Head::new(c.problem, c.loss_kind());
        if c.optimizer.kind != old.optimizer.kind {
            self.optimizer = Optimizer::new(c.optimizer, self.mlp.layout.param_count);
        } else {
            self.optimizer.config = c.optimizer;
        }
        if reorder {
            self.restart_epoch();
        }
        Ok(())
    }

    /// New data from the config (hand-placed points are replaced), then reset.
    pub fn regenerate(&mut self) {
        self.generate_points();
        self.reset();
    }

    /// The config's data set, drawn from the seed's data stream.
    fn generate_points(&mut self) {
        self.points = data::draw(&self.config);
    }

    /// Fresh weights from the seed, a fresh optimizer, counters at zero.
    /// The data is kept. Recovers from divergence.
    pub fn reset(&mut self) {
        let c = &self.config;
        let mlp = new_network(c);
        if mlp.layout != self.mlp.layout {
            self.ws = Workspace::new(&mlp);
            self.grad = vec![0.0; mlp.layout.param_count];
        }
        self.mlp = mlp;
        let mut rng = Pcg32::for_stream(c.seed as u64, Stream::Init);
        self.mlp.initialize(c.init, &mut rng);
        self.optimizer = Optimizer::new(c.optimizer, self.mlp.layout.param_count);
        self.shuffle_rng = Pcg32::for_stream(c.seed as u64, Stream::Shuffle);
        self.epoch = 0;
        self.steps = 0;
        self.diverged = false;
        self.revision += 1;
        self.restart_epoch();
    }

    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    pub fn step_count(&self) -> u64 {
        self.steps
    }

    pub fn diverged(&self) -> bool {
        self.diverged
    }

    /// A counter that changes whenever the network's function may have
    /// changed (a step, new weights, a new config): a cached grid computed at
    /// the same revision is still the grid.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn layout(&self) -> &Layout {
        &self.mlp.layout
    }

    pub fn network(&self) -> &Mlp<f32> {
        &self.mlp
    }

    /// Every weight then every bias (see `network`).
    pub fn params(&self) -> &[f32] {
        &self.mlp.params
    }

    // ----- training -----

    /// One minibatch update.
    pub fn step(&mut self) -> Result<StepReport> {
        if self.diverged {
            return Err(Error::Diverged);
        }
        if self.order.is_empty() {
            return Err(Error::NoTrainingData);
        }
        let end = (self.cursor + self.config.batch_size).min(self.order.len());
        let objective = self.gradient_of_batch(self.cursor, end);
        if !objective.is_finite() || self.grad.iter().any(|g| !g.is_finite()) {
            self.diverged = true;
            return Ok(self.report(objective));
        }
        self.optimizer.update(&mut self.mlp.params, &self.grad);
        self.steps += 1;
        self.revision += 1;
        self.cursor = end;
        if self.cursor >= self.order.len() {
            self.epoch += 1;
            self.restart_epoch();
        }
        Ok(self.report(objective))
    }

    /// Trains until `epochs` more epochs have been completed (the first one
    /// finishes the epoch in progress).
    pub fn train(&mut self, epochs: u32) -> Result<StepReport> {
        let target = self.epoch + epochs as u64;
        let mut report = self.report(f64::NAN);
        while self.epoch < target {
            report = self.step()?;
            if report.diverged {
                break;
            }
        }
        Ok(report)
    }

    fn report(&self, batch_loss: f64) -> StepReport {
        StepReport {
            epoch: self.epoch,
            step: self.steps,
            batch_loss,
            diverged: self.diverged,
        }
    }

    /// A new epoch order: the training points, shuffled if asked.
    fn restart_epoch(&mut self) {
        self.order.clear();
        self.order.extend(
            self.points
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.test)
                .map(|(i, _)| i as u32),
        );
        if self.config.shuffle {
            self.shuffle_rng.shuffle(&mut self.order);
        }
        self.cursor = 0;
    }

    /// Fills `self.grad` for order[start..end]; returns the objective.
    fn gradient_of_batch(&mut self, start: usize, end: usize) -> f64 {
        let batch = &self.order[start..end];
        minibatch_gradient(
            &self.mlp,
            &mut self.ws,
            &self.points,
            &self.config,
            batch,
            &mut self.grad,
            None,
        )
    }

    /// The indices of the points in the next minibatch.
    pub fn next_batch(&self) -> &[u32] {
        let end = (self.cursor + self.config.batch_size).min(self.order.len());
        &self.order[self.cursor..end]
    }

    /// dObjective/dparam of the next minibatch into `grad` (parameter order),
    /// without changing anything; returns the objective.
    pub fn next_gradients(&mut self, grad: &mut [f32]) -> Result<f64> {
        self.next_minibatch(grad, None)
    }

    /// Everything the next minibatch's backward pass knows, for teaching:
    /// the gradient into `grad`, and per sample its dLoss/dz of every
    /// non-input neuron (`deltas`, `[sample][neuron]`, unscaled by the batch
    /// size), its output (`outputs`, `[sample][output]`) and its loss
    /// (`losses`). Nothing changes; the objective is returned.
    pub fn next_backprop(
        &mut self,
        grad: &mut [f32],
        deltas: &mut [f32],
        outputs: &mut [f32],
        losses: &mut [f32],
    ) -> Result<f64> {
        let lay = &self.mlp.layout;
        let n = self.next_batch().len();
        let per_sample = lay.neuron_count - lay.inputs();
        expect_len("deltas", deltas.len(), n * per_sample)?;
        expect_len("outputs", outputs.len(), n * lay.outputs())?;
        expect_len("losses", losses.len(), n)?;
        let record = Record {
            deltas,
            outputs,
            losses,
        };
        self.next_minibatch(grad, Some(record))
    }

    fn next_minibatch(&mut self, grad: &mut [f32], record: Option<Record>) -> Result<f64> {
        expect_len("gradients", grad.len(), self.mlp.layout.param_count)?;
        let n = self.next_batch().len();
        let batch = &self.order[self.cursor..self.cursor + n];
        Ok(minibatch_gradient(
            &self.mlp,
            &mut self.ws,
            &self.points,
            &self.config,
            batch,
            grad,
            record,
        ))
    }

    // ----- evaluation -----

    /// Mean loss and accuracy on the training and the test points.
    pub fn loss(&mut self) -> LossReport {
        let (train, train_accuracy) = self.evaluate_split(false);
        let (test, test_accuracy) = self.evaluate_split(true);
        LossReport {
            train,
            test,
            train_accuracy,
            test_accuracy,
        }
    }

    fn evaluate_split(&mut self, test: bool) -> (f64, Option<f64>) {
        let Trainer {
            mlp,
            ws,
            points,
            config,
            split,
            ..
        } = self;
        split.clear();
        split.extend((0..points.len() as u32).filter(|&i| points[i as usize].test == test));
        let k = mlp.layout.outputs();
        let mut correct = 0usize;
        let total = mlp.for_each_block(
            ws,
            split.len(),
            |s, lane, ws| load_labelled(ws, &config.features, &points[split[s] as usize], lane),
            |ws, _, active| {
                for lane in 0..active {
                    let mut out = [0.0f32; crate::config::MAX_CLASSES];
                    for (o, lanes) in out.iter_mut().zip(&ws.out) {
                        *o = lanes[lane];
                    }
                    if mlp.head.is_correct(&out[..k], ws.labels[lane]) == Some(true) {
                        correct += 1;
                    }
                }
            },
        );
        let n = split.len();
        if n == 0 {
            // No points, no accuracy to speak of; the mean loss of nothing is 0.
            return (0.0, None);
        }
        let classify = !matches!(mlp.head, Head::LinearSquared | Head::LinearHuber);
        let accuracy = classify.then(|| correct as f64 / n as f64);
        (total / n as f64, accuracy)
    }

    /// The output at one point into `out` (the output layer's width).
    pub fn predict_into(&mut self, x: f32, y: f32, out: &mut [f32]) -> Result<()> {
        self.predict_batch_into(&[[x, y]], out)
    }

    /// The outputs at many points into `out`, `[point][output]`.
    pub fn predict_batch_into(&mut self, xy: &[[f32; 2]], out: &mut [f32]) -> Result<()> {
        let k = self.mlp.layout.outputs();
        expect_len("predictions", out.len(), xy.len() * k)?;
        let features = &self.config.features;
        for (b, chunk) in xy.chunks(LANES).enumerate() {
            for lane in 0..LANES {
                let [x, y] = chunk.get(lane).copied().unwrap_or([0.0, 0.0]);
                load_point(&mut self.ws, features, x, y, lane);
            }
            self.mlp.forward_block(&mut self.ws);
            self.mlp.output_block(&mut self.ws);
            for lane in 0..chunk.len() {
                for j in 0..k {
                    out[(b * LANES + lane) * k + j] = self.ws.out[j][lane];
                }
            }
        }
        Ok(())
    }

    /// The output over a `resolution` x `resolution` grid of the domain,
    /// row-major from the top-left corner (x1 = -6, x2 = +6), `[cell][output]`
    /// and, in the same pass, every hidden neuron's activation into
    /// `neurons`, `[neuron][cell]` in layer order.
    pub fn grid_into(
        &mut self,
        resolution: usize,
        out: &mut [f32],
        neurons: Option<&mut [f32]>,
    ) -> Result<()> {
        self.grid_rect_into(resolution, resolution, out, neurons)
    }

    /// The same over a `width` x `height` grid: cell (row, col) sits at
    /// x1 = grid_coord(col, width), x2 = -grid_coord(row, height).
    pub fn grid_rect_into(
        &mut self,
        width: usize,
        height: usize,
        out: &mut [f32],
        mut neurons: Option<&mut [f32]>,
    ) -> Result<()> {
        for (name, side) in [("width", width), ("height", height)] {
            if !(2..=MAX_RESOLUTION).contains(&side) {
                return Err(Error::Buffer {
                    name,
                    message: format!("must be 2..={MAX_RESOLUTION}, got {side}"),
                });
            }
        }
        let lay = &self.mlp.layout;
        let cells = width * height;
        let k = lay.outputs();
        let hidden = lay.hidden_count();
        let first_hidden = lay.inputs();
        expect_len("grid", out.len(), cells * k)?;
        if let Some(n) = neurons.as_deref() {
            expect_len("neurons", n.len(), cells * hidden)?;
        }
        self.axes.clear();
        let columns = (0..width).map(|c| grid_coord(c, width));
        let rows = (0..height).map(|r| -grid_coord(r, height));
        self.axes.extend(columns.chain(rows).map(AxisValues::new));
        let (columns, rows) = self.axes.split_at(width);
        let features = &self.config.features;
        let mut cell = 0;
        while cell < cells {
            let active = (cells - cell).min(LANES);
            for lane in 0..LANES {
                let c = (cell + lane).min(cells - 1);
                let (x1, x2) = (&columns[c % width], &rows[c / width]);
                for (row, f) in self.ws.a.iter_mut().zip(features) {
                    row[lane] = f.value_from_axes(x1, x2);
                }
            }
            self.mlp.forward_block(&mut self.ws);
            self.mlp.output_block(&mut self.ws);
            for lane in 0..active {
                for j in 0..k {
                    out[(cell + lane) * k + j] = self.ws.out[j][lane];
                }
            }
            if let Some(n) = neurons.as_deref_mut() {
                for (h, lanes) in self.ws.a[first_hidden..first_hidden + hidden]
                    .iter()
                    .enumerate()
                {
                    n[h * cells + cell..][..active].copy_from_slice(&lanes[..active]);
                }
            }
            cell += active;
        }
        Ok(())
    }

    /// Every neuron's z and a for one input, `[neuron]` over all layers,
    /// inputs first (an input's z and a are both its feature value).
    pub fn trace_into(&mut self, x: f32, y: f32, z: &mut [f32], a: &mut [f32]) -> Result<()> {
        let count = self.mlp.layout.neuron_count;
        expect_len("z", z.len(), count)?;
        expect_len("a", a.len(), count)?;
        let features = &self.config.features;
        for lane in 0..LANES {
            load_point(&mut self.ws, features, x, y, lane);
        }
        self.mlp.forward_block(&mut self.ws);
        let inputs = self.mlp.layout.inputs();
        for n in 0..count {
            a[n] = self.ws.a[n][0];
            z[n] = if n < inputs { a[n] } else { self.ws.z[n][0] };
        }
        Ok(())
    }

    // ----- the model -----

    pub fn model(&self) -> Model {
        self.mlp.model()
    }

    /// New weights; the optimizer forgets its moments.
    pub fn set_model(&mut self, model: &Model) -> Result<()> {
        self.mlp.set_model(model)?;
        self.revision += 1;
        self.optimizer.reset();
        self.diverged = false;
        Ok(())
    }

    /// Sets `W[row][col]` of layer `layer` (0 = the first layer after the inputs).
    pub fn set_weight(&mut self, layer: usize, row: usize, col: usize, value: f32) -> Result<()> {
        if !value.is_finite() {
            return Err(Error::ModelShape {
                message: format!("weight value must be finite, got {value}"),
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
        for p in points {
            self.check_point(p.x, p.y, p.label)?;
        }
        self.points.clear();
        self.points.extend_from_slice(points);
        self.restart_epoch();
        Ok(())
    }

    /// Replaces every point with the CSV text's (see [`crate::csv`]); a line
    /// that cannot be read, or whose point does not fit the problem, is
    /// refused by its number and nothing changes. Returns the point count.
    pub fn import_csv(&mut self, text: &str) -> Result<usize> {
        let parsed = crate::csv::parse(text)?;
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

    /// Adds a training point; returns its index.
    pub fn add_point(&mut self, x: f32, y: f32, label: f32) -> Result<usize> {
        self.check_point(x, y, label)?;
        self.points.push(Point {
            x,
            y,
            label,
            test: false,
        });
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
        Ok(())
    }

    pub fn remove_point(&mut self, index: usize) -> Result<()> {
        self.check_index(index)?;
        self.points.remove(index);
        self.restart_epoch();
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
        self.restart_epoch();
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

    fn check_point(&self, x: f32, y: f32, label: f32) -> Result<()> {
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
            message: format!("must be {expected}, got {label}"),
        })
    }
}

fn new_network(config: &Config) -> Mlp<f32> {
    let head = Head::new(config.problem, config.loss_kind());
    Mlp::zeros(&config.layer_sizes(), config.activation, head)
}

/// Cell i of `resolution` along an axis: -6 at 0, +6 at resolution - 1.
pub fn grid_coord(i: usize, resolution: usize) -> f32 {
    (-(DOMAIN as f64) + 2.0 * DOMAIN as f64 * i as f64 / (resolution - 1) as f64) as f32
}

/// Per-sample records of a minibatch's backward pass.
struct Record<'a> {
    /// `[sample][non-input neuron]`.
    deltas: &'a mut [f32],
    /// `[sample][output]`.
    outputs: &'a mut [f32],
    /// `[sample]`.
    losses: &'a mut [f32],
}

/// dObjective/dparam over the given training points into `grad`; the
/// objective is returned. `record`, when given, receives per-sample deltas,
/// outputs and losses.
fn minibatch_gradient(
    mlp: &Mlp<f32>,
    ws: &mut Workspace<f32>,
    points: &[Point],
    config: &Config,
    batch: &[u32],
    grad: &mut [f32],
    mut record: Option<Record>,
) -> f64 {
    let inputs = mlp.layout.inputs();
    let neurons = mlp.layout.neuron_count - inputs;
    let k = mlp.layout.outputs();
    mlp.batch_gradient(
        ws,
        batch.len(),
        &config.regularization,
        grad,
        |s, lane, ws| load_labelled(ws, &config.features, &points[batch[s] as usize], lane),
        |ws, first, active| {
            let Some(r) = record.as_mut() else { return };
            for lane in 0..active {
                let s = first + lane;
                let row = &mut r.deltas[s * neurons..][..neurons];
                for (v, lanes) in row.iter_mut().zip(&ws.delta[inputs..]) {
                    *v = lanes[lane];
                }
                for (v, lanes) in r.outputs[s * k..][..k].iter_mut().zip(&ws.out) {
                    *v = lanes[lane];
                }
                r.losses[s] = ws.losses[lane];
            }
        },
    )
    .objective
}

/// Writes a point's features and label into lane `lane`.
#[inline]
fn load_labelled(ws: &mut Workspace<f32>, features: &[Feature], p: &Point, lane: usize) {
    load_point(ws, features, p.x, p.y, lane);
    ws.labels[lane] = p.label;
}

/// Writes the features of (x, y) into lane `lane` of the input rows.
#[inline]
fn load_point(ws: &mut Workspace<f32>, features: &[Feature], x: f32, y: f32, lane: usize) {
    for (row, f) in ws.a.iter_mut().zip(features) {
        row[lane] = f.value(x, y);
    }
}

fn check_coordinate(field: &'static str, v: f32) -> Result<()> {
    if v.is_finite() && (-DOMAIN..=DOMAIN).contains(&v) {
        Ok(())
    } else {
        Err(Error::Point {
            field,
            message: format!("must be within [-{DOMAIN}, {DOMAIN}], got {v}"),
        })
    }
}

fn expect_len(name: &'static str, got: usize, expected: usize) -> Result<()> {
    if got == expected {
        Ok(())
    } else {
        Err(Error::Buffer {
            name,
            message: format!("needs {expected} values, got {got}"),
        })
    }
}
