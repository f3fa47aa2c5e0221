//! `exportPytorch`'s options: `{weights, epochs}`, every field optional,
//! unknown fields refused by name.

use nnplay_export::pytorch;
use serde_json::Value;

/// Whether to start from the initial weights, and the script's options.
pub fn read(value: &Value) -> Result<(bool, pytorch::Options), String> {
    let mut options = pytorch::Options::default();
    let mut initial = false;
    let Value::Object(fields) = value else {
        return Err("options must be an object like {weights: \"initial\", epochs: 100}".into());
    };
    for (key, v) in fields {
        match key.as_str() {
            "weights" => match v.as_str() {
                Some("current") => initial = false,
                Some("initial") => initial = true,
                _ => {
                    return Err(format!(
                        "options.weights: must be \"current\" or \"initial\", got {}",
                        nnplay_json::describe(v)
                    ))
                }
            },
            "epochs" => match v.as_f64() {
                Some(n) if n.fract() == 0.0 && (0.0..=1_000_000.0).contains(&n) => {
                    options.epochs = n as u32
                }
                _ => {
                    return Err(format!(
                        "options.epochs: must be an integer in 0..=1000000, got {}",
                        nnplay_json::describe(v)
                    ))
                }
            },
            other => {
                return Err(format!(
                    "options.{other}: unknown option (known: weights, epochs)"
                ))
            }
        }
    }
    Ok((initial, options))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_each_option_and_names_a_bad_one() {
        assert_eq!(
            read(&json!({})).unwrap(),
            (false, pytorch::Options::default())
        );
        let (initial, o) = read(&json!({"weights": "initial", "epochs": 7})).unwrap();
        assert!(initial);
        assert_eq!(o.epochs, 7);
        assert!(read(&json!({"weights": "best"}))
            .unwrap_err()
            .starts_with("options.weights:"));
        assert!(read(&json!({"epochs": 1.5}))
            .unwrap_err()
            .starts_with("options.epochs:"));
        assert!(read(&json!({"epoch": 3}))
            .unwrap_err()
            .starts_with("options.epoch: unknown"));
        assert!(read(&json!(5))
            .unwrap_err()
            .starts_with("options must be an object"));
    }
}
