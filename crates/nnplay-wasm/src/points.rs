//! The data's methods of `Playground`: read, replace, add, move, relabel
//! and remove points, and CSV in and out.

use nnplay_core::Point;
use wasm_bindgen::prelude::*;

use crate::boundary as arg;
use crate::{config, err, to_js, JsResult, Playground};

#[wasm_bindgen]
impl Playground {
    /// `[{x, y, label, test}]`.
    pub fn points(&self) -> JsResult<JsValue> {
        self.with("points", |e| to_js(e.trainer.points()))
    }

    /// Replaces every point (`test` optional, default false); at most
    /// `catalog().ranges.points.max` of them.
    #[wasm_bindgen(js_name = setPoints)]
    pub fn set_points(&self, points: JsValue) -> JsResult<()> {
        self.call(
            "setPoints",
            || config::parse::<Vec<Point>>("points", arg::json("points", &points)?),
            |e, points| e.trainer.set_points(&points).map_err(err),
        )
    }

    /// Adds a point; returns its index. `test` (optional): `true` puts it in
    /// the test set, `false` in the training set; left out, the seed draws
    /// its split with the data's `trainRatio`.
    #[wasm_bindgen(js_name = addPoint)]
    pub fn add_point(
        &self,
        x: JsValue,
        y: JsValue,
        label: JsValue,
        test: JsValue,
    ) -> JsResult<u32> {
        self.call(
            "addPoint",
            || {
                let test = if test.is_undefined() || test.is_null() {
                    None
                } else {
                    Some(arg::boolean("test", &test)?)
                };
                Ok((
                    arg::number("x", &x)?,
                    arg::number("y", &y)?,
                    arg::number("label", &label)?,
                    test,
                ))
            },
            |e, (x, y, label, test)| {
                let i = e
                    .trainer
                    .add_point_to(x as f32, y as f32, label as f32, test);
                i.map(|i| i as u32).map_err(err)
            },
        )
    }

    /// Moves point `index` to (x, y); its label and split stay.
    #[wasm_bindgen(js_name = movePoint)]
    pub fn move_point(&self, index: JsValue, x: JsValue, y: JsValue) -> JsResult<()> {
        self.call(
            "movePoint",
            || {
                Ok((
                    arg::integer("index", &index)?,
                    arg::number("x", &x)?,
                    arg::number("y", &y)?,
                ))
            },
            |e, (i, x, y)| e.trainer.move_point(i, x as f32, y as f32).map_err(err),
        )
    }

    /// Removes point `index`; the later points' indices go down by one.
    #[wasm_bindgen(js_name = removePoint)]
    pub fn remove_point(&self, index: JsValue) -> JsResult<()> {
        self.call(
            "removePoint",
            || arg::integer("index", &index),
            |e, i| e.trainer.remove_point(i).map_err(err),
        )
    }

    /// Gives point `index` a new label (a class, or a value for regression).
    #[wasm_bindgen(js_name = setPointLabel)]
    pub fn set_point_label(&self, index: JsValue, label: JsValue) -> JsResult<()> {
        self.call(
            "setPointLabel",
            || {
                Ok((
                    arg::integer("index", &index)?,
                    arg::number("label", &label)?,
                ))
            },
            |e, (i, label)| e.trainer.set_label(i, label as f32).map_err(err),
        )
    }

    /// Removes every point.
    #[wasm_bindgen(js_name = clearPoints)]
    pub fn clear_points(&self) -> JsResult<()> {
        self.with("clearPoints", |e| {
            e.trainer.clear_points();
            Ok(())
        })
    }

    /// Every point as CSV text: `x,y,label,split` (split `train` or `test`).
    #[wasm_bindgen(js_name = exportPoints)]
    pub fn export_points(&self) -> JsResult<String> {
        self.with("exportPoints", |e| Ok(e.trainer.export_csv()))
    }

    /// Replaces every point with the CSV text's (at most
    /// `catalog().ranges.csvBytes.max` bytes) and returns their count. A bad
    /// line throws naming it (`importPoints: line 3: ...`) and nothing changes.
    #[wasm_bindgen(js_name = importPoints)]
    pub fn import_points(&self, text: JsValue) -> JsResult<u32> {
        self.call(
            "importPoints",
            || arg::csv("text", &text),
            |e, text| e.trainer.import_csv(&text).map(|n| n as u32).map_err(err),
        )
    }
}
