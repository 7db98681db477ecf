import { ConfigError, UndercurrentError, ValidationError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { auc, spearman } from "../backtest/metrics.js";
import { draftFeatures } from "./content-draft.js";
import { createContentPerformanceModel, loadContentPerformanceModel } from "./content-performance-model.js";
import { lexiconSentiment } from "./sentiment-lexicon.js";
import { syntheticDrafts } from "./synthetic-items.test-helpers.js";

const examples = syntheticDrafts(600);
const train = examples.slice(0, 450);
const test = examples.slice(450);
const options = { successThreshold: 10, trees: 80 };

function draftOf(example: (typeof examples)[number]) {
  const { engagement: _engagement, ...draft } = example;
  return draft;
}

describe("createContentPerformanceModel", () => {
  it("ranks later drafts by their chance of success (format flag and author record)", () => {
    const model = createContentPerformanceModel(options);
    const summary = model.train(train);
    expect(summary).toMatchObject({ examples: 450, successThreshold: 10 });
    expect(summary.successRate).toBeGreaterThan(0);
    const scores = test.map((example) => model.predict(draftOf(example)).successProbability);
    expect(
      auc(
        scores,
        test.map((example) => example.engagement >= 10),
      ),
    ).toBeGreaterThan(0.85);
  });

  it("gives ascending engagement quantiles whose median ranks the outcomes", () => {
    const model = createContentPerformanceModel(options);
    model.train(train);
    let inside = 0;
    const medians: number[] = [];
    for (const example of test) {
      const estimate = model.predict(draftOf(example));
      const values = estimate.quantiles.map((quantile) => quantile.value);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(estimate.quantiles.map((quantile) => quantile.probability)).toEqual([0.1, 0.5, 0.9]);
      if (example.engagement >= values[0]! && example.engagement <= values[2]!) inside += 1;
      medians.push(estimate.expectedEngagement);
    }
    expect(
      spearman(
        medians,
        test.map((example) => example.engagement),
      ),
    ).toBeGreaterThan(0.7);
    expect(inside / test.length).toBeGreaterThan(0.4);
  });

  it("uses an explicit author baseline over the learned one", () => {
    const model = createContentPerformanceModel(options);
    model.train(train);
    const plain = test.find((example) => !example.title.startsWith("Show") && example.author !== "star")!;
    const draft = { ...draftOf(plain), author: "nobody-new" };
    const weak = model.predict({ ...draft, authorBaseline: { posts: 200, successRate: 0, medianEngagement: 1 } });
    const strong = model.predict({ ...draft, authorBaseline: { posts: 200, successRate: 1, medianEngagement: 200 } });
    expect(strong.successProbability).toBeGreaterThan(weak.successProbability);
  });

  it("round-trips through JSON with identical predictions", () => {
    const model = createContentPerformanceModel(options);
    model.train(train);
    const copy = loadContentPerformanceModel(JSON.parse(JSON.stringify(model.toJSON())));
    expect(copy.trained).toBe(true);
    for (const example of test.slice(0, 10)) expect(copy.predict(draftOf(example))).toEqual(model.predict(draftOf(example)));
  });

  it("uses a text analyzer's sentiment when given, and warns when a loaded model lacks it", () => {
    const analyzer = { analyze: (text: string) => ({ phrases: [], sentiment: text.includes("Show") ? 1 : -1 }) };
    const model = createContentPerformanceModel({ ...options, textAnalyzer: analyzer });
    model.train(train);
    expect(model.toJSON().sentiment).toBe("analyzer");
    const loaded = loadContentPerformanceModel(model.toJSON());
    expect(loaded.predict(draftOf(test[0]!)).warnings.join(" ")).toMatch(/text analyzer/);
    expect(loadContentPerformanceModel(model.toJSON(), { textAnalyzer: analyzer }).predict(draftOf(test[0]!)).warnings).toEqual([]);
  });

  it("defaults the success threshold to the training 75th percentile", () => {
    const model = createContentPerformanceModel({ trees: 20 });
    const { successThreshold, successRate } = model.train(train);
    expect(successThreshold).toBeGreaterThan(0);
    expect(successRate).toBeGreaterThanOrEqual(0.2);
    expect(successRate).toBeLessThanOrEqual(0.35);
  });
});

describe("draft features", () => {
  it("reads format flags, numbers, questions and sentiment from the title", () => {
    const features = draftFeatures(
      { title: "Show HN: 10 reasons my great parser is fast?", platform: "hackernews", plannedAt: new Date("2024-01-06T15:00:00Z") },
      lexiconSentiment("great fast"),
    );
    const named = Object.fromEntries(
      ["hasNumber", "isQuestion", "showHn", "askHn", "sentiment", "weekend"].map((name, index) => [
        name,
        features[[4, 6, 10, 11, 15, 20][index]!],
      ]),
    );
    expect(named).toEqual({ hasNumber: 1, isQuestion: 1, showHn: 1, askHn: 0, sentiment: 1, weekend: 1 });
    expect(features.every(Number.isFinite)).toBe(true);
  });

  it("scores negation in the lexicon", () => {
    expect(lexiconSentiment("this is not good")).toBe(-1);
    expect(lexiconSentiment("a plain title")).toBe(0);
  });
});

describe("bad input", () => {
  it("refuses to predict before training", () => {
    const model = createContentPerformanceModel();
    expect(model.trained).toBe(false);
    expect(() => model.predict(draftOf(test[0]!))).toThrowError(/not been trained/);
    try {
      model.toJSON();
    } catch (error) {
      expect(UndercurrentError.isInstance(error) && error.code).toBe("PREDICT_MODEL_NOT_TRAINED");
    }
  });

  it("names the field of a malformed example or draft", () => {
    const model = createContentPerformanceModel(options);
    const broken = structuredClone(train);
    broken[7]!.title = "   ";
    expect(() => model.train(broken)).toThrowError(/examples\.7\.title/);
    model.train(train);
    expect(() => model.predict({ ...draftOf(test[0]!), plannedAt: "yesterday" } as never)).toThrowError(/draft\.plannedAt/);
    expect(() => model.predict({ ...draftOf(test[0]!), trendVelocity: Number.NaN })).toThrowError(ValidationError);
  });

  it("needs enough examples with both outcomes", () => {
    const model = createContentPerformanceModel({ successThreshold: 1e9 });
    expect(() => model.train(train.slice(0, 5))).toThrowError(/at least 20 examples/);
    expect(() => model.train(train)).toThrowError(/every example is a failure/);
  });

  it("rejects bad options with a ConfigError naming the option", () => {
    expect(() => createContentPerformanceModel({ folds: 1 })).toThrowError(ConfigError);
    expect(() => createContentPerformanceModel({ textAnalyzer: {} as never })).toThrowError(/textAnalyzer/);
  });
});
