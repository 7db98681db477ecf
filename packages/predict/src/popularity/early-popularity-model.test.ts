import { ConfigError, ValidationError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { medianApe } from "../backtest/metrics.js";
import { loadEarlyPopularityModel, trainEarlyPopularityModel, trainSzaboHubermanModel } from "./early-popularity-model.js";
import { syntheticTrajectories } from "./synthetic-items.test-helpers.js";

const train = syntheticTrajectories(400, 7);
const test = syntheticTrajectories(150, 99);
const options = { horizonHours: 2 };

function apeOf(model: ReturnType<typeof trainSzaboHubermanModel>) {
  return medianApe(
    test.map((example) => example.target),
    test.map((example) => model.predict(example).predicted),
  );
}

describe("trainSzaboHubermanModel", () => {
  it("learns the mean log-ratio of target to the value at the horizon", () => {
    const model = trainSzaboHubermanModel(train, options);
    const json = model.toJSON();
    const ratios = train.map((example) => {
      const atHorizon = example.observations.filter(
        (observation) => observation.at.getTime() - example.observations[0]!.at.getTime() <= 2 * 3_600_000,
      );
      return Math.log1p(example.target) - Math.log1p(atHorizon.at(-1)!.value);
    });
    expect(json.logRatios.synthetic).toBeCloseTo(ratios.reduce((sum, value) => sum + value, 0) / ratios.length, 6);
    const estimate = model.predict(test[0]!);
    expect(estimate.predicted).toBeCloseTo(Math.expm1(Math.log1p(estimate.observed) + json.logRatios.synthetic!), 6);
  });
});

describe("trainEarlyPopularityModel", () => {
  it("beats Szabo–Huberman when the curve's shape carries the information", () => {
    const baseline = apeOf(trainSzaboHubermanModel(train, options));
    const curve = apeOf(trainEarlyPopularityModel(train, options));
    const ridge = apeOf(trainEarlyPopularityModel(train, { ...options, learner: "ridge" }));
    expect(curve).toBeLessThan(baseline * 0.6);
    expect(ridge).toBeLessThan(baseline);
  });

  it("returns ordered intervals around the prediction and never predicts below what was observed", () => {
    const model = trainEarlyPopularityModel(train, options);
    for (const example of test.slice(0, 20)) {
      const estimate = model.predict(example);
      expect(estimate.predicted).toBeGreaterThanOrEqual(estimate.observed);
      const [eighty, ninetyFive] = estimate.intervals;
      expect(eighty!.level).toBe(0.8);
      expect(eighty!.lower).toBeLessThanOrEqual(eighty!.upper);
      expect(ninetyFive!.lower).toBeLessThanOrEqual(eighty!.lower);
      expect(ninetyFive!.upper).toBeGreaterThanOrEqual(eighty!.upper);
      expect(estimate.confidence).toBeGreaterThan(0);
      expect(estimate.confidence).toBeLessThanOrEqual(1);
    }
  });

  it("round-trips through JSON with identical predictions", () => {
    for (const learner of ["boosted-trees", "ridge"] as const) {
      const model = trainEarlyPopularityModel(train, { ...options, learner, trees: 50 });
      const copy = loadEarlyPopularityModel(JSON.parse(JSON.stringify(model.toJSON())));
      expect(copy.kind).toBe("early-curve");
      for (const example of test.slice(0, 10)) expect(copy.predict(example)).toEqual(model.predict(example));
    }
    const baseline = trainSzaboHubermanModel(train, options);
    expect(loadEarlyPopularityModel(JSON.parse(JSON.stringify(baseline))).predict(test[0]!)).toEqual(baseline.predict(test[0]!));
  });

  it("flags a window shorter than the horizon and an unseen source as low confidence", () => {
    const model = trainEarlyPopularityModel(train, { ...options, trees: 50 });
    const full = model.predict(test[0]!);
    const single = model.predict({ ...test[0]!, observations: test[0]!.observations.slice(0, 1) });
    expect(single.confidence).toBeLessThan(full.confidence);
    expect(single.warnings.join(" ")).toMatch(/0\.0 h of the 2 h horizon/);
    const other = model.predict({ ...test[0]!, source: "elsewhere" });
    expect(other.warnings.join(" ")).toMatch(/"elsewhere" was not in the training data/);
    expect(Number.isFinite(other.predicted)).toBe(true);
  });

  it("accepts ISO timestamps and observations in any order", () => {
    const model = trainEarlyPopularityModel(train, { ...options, trees: 50 });
    const example = test[3]!;
    const shuffled = {
      source: example.source,
      observations: [...example.observations].reverse().map((observation) => ({ ...observation, at: observation.at.toISOString() })),
    };
    expect(model.predict(shuffled)).toEqual(model.predict(example));
  });
});

describe("bad input", () => {
  it("rejects too few examples, naming the field", () => {
    expect(() => trainEarlyPopularityModel(train.slice(0, 3), options)).toThrowError(ValidationError);
    expect(() => trainEarlyPopularityModel([], options)).toThrowError(/examples: expected at least 10 examples, received 0/);
  });

  it("rejects NaN, negative and missing values with the path of the field", () => {
    const broken = structuredClone(train.slice(0, 20));
    broken[4]!.observations[1]!.value = Number.NaN;
    expect(() => trainSzaboHubermanModel(broken, options)).toThrowError(/examples\.4\.observations\.1\.value/);
    const model = trainSzaboHubermanModel(train, options);
    expect(() => model.predict({ source: "synthetic", observations: [] })).toThrowError(
      /input\.observations: expected at least one observation/,
    );
    expect(() => model.predict({ source: "synthetic", observations: [{ at: new Date(), value: -3 }] })).toThrowError(ValidationError);
    expect(() => model.predict(undefined as never)).toThrowError(ValidationError);
  });

  it("rejects bad options with a ConfigError naming the option", () => {
    expect(() => trainEarlyPopularityModel(train, { horizonHours: -1 })).toThrowError(ConfigError);
    expect(() => trainEarlyPopularityModel(train, { horizonHours: 2, trees: 0 })).toThrowError(/options\.trees/);
    expect(() => trainEarlyPopularityModel(train, { horizonHours: 2, colour: "red" } as never)).toThrowError(/colour/);
  });

  it("rejects a malformed model document", () => {
    expect(() => loadEarlyPopularityModel({ format: "something-else" })).toThrowError(/json\.format/);
  });

  it("keeps prototype keys harmless as source ids", () => {
    const examples = syntheticTrajectories(30, 3, "constructor");
    const model = trainSzaboHubermanModel(examples, options);
    expect(Number.isFinite(model.predict({ ...examples[0]!, source: "__proto__" }).predicted)).toBe(true);
    expect(Number.isFinite(model.predict(examples[0]!).predicted)).toBe(true);
  });
});
