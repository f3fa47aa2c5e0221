// @ts-check
// docs/design.md's reference workloads, as Playground configs (without a seed:
// each user picks its own).

/** W-default: TF Playground's defaults. */
export const W_DEFAULT = Object.freeze({
  dataset: "circle",
  problem: "classification",
  features: ["x1", "x2"],
  hidden: [4, 2],
  activation: "tanh",
  loss: "squared",
  optimizer: { kind: "sgd", learningRate: 0.03 },
  batchSize: 10,
  samples: 500,
  trainRatio: 0.5,
  noise: 0,
});

/** W-max: TF Playground's largest network and feature set. */
export const W_MAX = Object.freeze({
  ...W_DEFAULT,
  features: ["x1", "x2", "x1Squared", "x2Squared", "x1x2", "sinX1", "sinX2"],
  hidden: [8, 8, 8, 8, 8, 8],
});
