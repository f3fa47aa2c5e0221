//! The model's structure, read back from its bytes (onnxruntime checks the
//! numbers: tests/onnx.test.mjs).

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use nnplay_core::{Activation, Config, Feature, LossKind, Problem, Trainer};
use prost::Message;

use super::*;

fn decoded(config: &Config) -> (ModelProto, nnplay_core::Model) {
    let trainer = Trainer::new(config).unwrap();
    let model = trainer.model();
    let net = Network::new(trainer.config(), &model).unwrap();
    let bytes = super::model(&net);
    (ModelProto::decode(bytes.as_slice()).unwrap(), model)
}

fn ops(m: &ModelProto) -> Vec<String> {
    let g = m.graph.as_ref().unwrap();
    g.node.iter().map(|n| n.op_type.clone().unwrap()).collect()
}

#[test]
fn default_network_is_features_gemm_activation_and_head() {
    let (m, model) = decoded(&Config::default());
    assert_eq!(m.ir_version, Some(IR_VERSION));
    assert_eq!(m.opset_import[0].version, Some(OPSET));
    assert_eq!(
        ops(&m),
        ["Split", "Concat", "Gemm", "Tanh", "Gemm", "Tanh", "Gemm", "Tanh"]
    );
    let g = m.graph.unwrap();
    assert_eq!(g.input[0].name.as_deref(), Some(INPUT));
    assert_eq!(g.output[0].name.as_deref(), Some(OUTPUT));
    assert_eq!(g.node.last().unwrap().output, [OUTPUT]);
    // Weights out x in, row-major, exactly the engine's.
    let w0 = &g.initializer[0];
    assert_eq!(w0.dims, [4, 2]);
    let flat: Vec<f32> = model.layers[0].weights.iter().flatten().copied().collect();
    assert_eq!(w0.float_data, flat);
    assert_eq!(g.initializer[1].float_data, model.layers[0].biases);
}

#[test]
fn features_come_in_the_engines_order_and_swish_and_gelu_compose() {
    let config = Config {
        features: vec![Feature::CosX2, Feature::X1X2, Feature::X1],
        hidden: vec![3],
        activation: Activation::Swish,
        problem: Problem::Multiclass,
        classes: 3,
        ..Config::default()
    };
    let (m, _) = decoded(&config);
    let g = m.graph.as_ref().unwrap();
    let concat = g
        .node
        .iter()
        .find(|n| n.op_type.as_deref() == Some("Concat"))
        .unwrap();
    assert_eq!(concat.input, ["x1", "x1x2", "cosX2"]);
    assert_eq!(
        ops(&m),
        ["Split", "Mul", "Cos", "Concat", "Gemm", "Sigmoid", "Mul", "Gemm", "Softmax"]
    );
    let gelu = Config {
        activation: Activation::Gelu,
        hidden: vec![2],
        problem: Problem::Regression,
        loss: Some(LossKind::Huber),
        ..Config::default()
    };
    let (m, _) = decoded(&gelu);
    assert_eq!(
        ops(&m),
        ["Split", "Concat", "Gemm", "Gelu", "Gemm", "Identity"]
    );
    let node = &m.graph.unwrap().node[3];
    assert_eq!(node.attribute[0].s.as_deref(), Some(&b"tanh"[..]));
}

#[test]
fn no_hidden_layer_is_one_gemm_and_the_head() {
    let config = Config {
        hidden: vec![],
        loss: Some(LossKind::CrossEntropy),
        ..Config::default()
    };
    let (m, _) = decoded(&config);
    assert_eq!(ops(&m), ["Split", "Concat", "Gemm", "Sigmoid"]);
}

#[test]
fn a_model_of_another_shape_is_refused_by_layer() {
    let trainer = Trainer::new(&Config::default()).unwrap();
    let mut model = trainer.model();
    model.layers[1].biases.pop();
    let err = Network::new(trainer.config(), &model).unwrap_err();
    assert!(err.contains("layer 1"), "{err}");
}

#[test]
fn batch_norm_is_a_batch_normalization_with_the_running_estimates() {
    let config = Config {
        hidden: vec![3, 2],
        batch_norm: true,
        dropout: 0.5,
        ..Config::default()
    };
    let mut trainer = Trainer::new(&config).unwrap();
    trainer.train(1).unwrap();
    let model = trainer.model();
    let net = Network::new(trainer.config(), &model).unwrap();
    let m = ModelProto::decode(super::model(&net).as_slice()).unwrap();
    assert_eq!(
        ops(&m),
        [
            "Split",
            "Concat",
            "Gemm",
            "BatchNormalization",
            "Tanh",
            "Gemm",
            "BatchNormalization",
            "Tanh",
            "Gemm",
            "Tanh"
        ],
        "no op for dropout"
    );
    let g = m.graph.unwrap();
    let bn = &g.node[3];
    assert_eq!(bn.attribute[0].f, Some(1e-5));
    let find = |name: &str| {
        g.initializer
            .iter()
            .find(|t| t.name.as_deref() == Some(name))
    };
    let norm = model.layers[1].batch_norm.as_ref().unwrap();
    assert_eq!(find("layer1.bn.weight").unwrap().float_data, norm.gamma);
    assert_eq!(find("layer1.bn.bias").unwrap().float_data, norm.beta);
    assert_eq!(
        find("layer1.bn.running_mean").unwrap().float_data,
        norm.running_mean
    );
    assert_eq!(
        find("layer1.bn.running_var").unwrap().float_data,
        norm.running_var
    );
    assert_ne!(
        norm.running_var,
        vec![1.0; 2],
        "trained estimates, not the initial ones"
    );
}
