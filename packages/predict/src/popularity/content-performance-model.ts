import { parseInput, parseOptions, type TextAnalyzer, UndercurrentError, ValidationError } from "@undercurrent/core";
import { z } from "zod";
import {
  type ContentDraft,
  type ContentExample,
  contentDraftSchema,
  contentExampleSchema,
  defaultSentiment,
  domainOf,
  draftFeatures,
  urlTokens,
} from "./content-draft.js";
import {
  type ContentPerformanceModel,
  type ContentPerformanceModelJson,
  type ContentPerformanceOptions,
  type ContentPerformanceSettings,
  contentPerformanceErrorCodes,
  contentPerformanceModelJsonSchema,
  contentPerformanceOptionsSchema,
  minimumContentExamples,
} from "./content-performance-types.js";
import { fitBoostedTrees, predictBoostedTrees } from "./gradient-boosting.js";
import { buildGroupTable, type GroupPrior, type GroupTable, groupFeatures } from "./group-baselines.js";
import { clamp, meanOf, sigmoid, sortedQuantile } from "./numeric.js";
import { residualAt, summariseResiduals } from "./residual-quantiles.js";
import { fitTokenModel, type TokenModel, tokenLogOdds, tokensOf } from "./token-model.js";

interface Tables {
  authors: GroupTable;
  domains: GroupTable;
  tokens: TokenModel;
}

function sentimentOf(draft: ContentDraft, analyzer: TextAnalyzer | undefined): number {
  if (!analyzer) return defaultSentiment(draft);
  const value = analyzer.analyze(`${draft.title} ${draft.text ?? ""}`).sentiment;
  return Number.isFinite(value) ? clamp(value, -1, 1) : 0;
}

function draftTokens(draft: ContentDraft): string[] {
  const domain = domainOf(draft.url);
  return tokensOf(draft.title, [`platform:${draft.platform}`, domain === "" ? "domain:none" : `domain:${domain}`, ...urlTokens(draft.url)]);
}

function featureRow(
  draft: ContentDraft,
  sentiment: number,
  tables: Tables,
  prior: GroupPrior,
  platforms: readonly string[],
  scale = 1,
): number[] {
  return [
    ...draftFeatures(draft, sentiment),
    ...platforms.map((platform) => (platform === draft.platform ? 1 : 0)),
    ...groupFeatures(tables.authors, draft.author ?? "", prior, draft.authorBaseline, scale),
    ...groupFeatures(tables.domains, domainOf(draft.url), prior, undefined, scale),
    tokenLogOdds(tables.tokens, draftTokens(draft)),
  ];
}

function fitTables(examples: readonly ContentExample[], labels: readonly number[], settings: ContentPerformanceSettings): Tables {
  const rows = examples.map((example, index) => ({ example, success: labels[index]!, logEngagement: Math.log1p(example.engagement) }));
  return {
    authors: buildGroupTable(rows.map((row) => ({ ...row, key: row.example.author ?? "" }))),
    domains: buildGroupTable(rows.map((row) => ({ ...row, key: domainOf(row.example.url) }))),
    tokens: fitTokenModel(
      examples.map((example) => draftTokens(example)),
      labels,
      { minCount: 2, epochs: 5, learningRate: 0.05, l2: 1e-3, seed: settings.seed },
    ),
  };
}

function boosting(settings: ContentPerformanceSettings, loss: "logistic" | "squared", rows: number) {
  return {
    loss,
    trees: settings.trees,
    depth: settings.depth,
    learningRate: settings.learningRate,
    minLeaf: Math.min(settings.minLeaf, Math.max(1, Math.floor(rows / 10))),
    bins: 32,
    lambda: 1,
  };
}

function train(examples: ContentExample[], settings: ContentPerformanceSettings): ContentPerformanceModelJson {
  const context = "ContentPerformanceModel.train";
  const sorted = [...examples].sort((a, b) => a.plannedAt.getTime() - b.plannedAt.getTime());
  const engagement = sorted.map((example) => example.engagement).sort((a, b) => a - b);
  const threshold = settings.successThreshold ?? sortedQuantile(engagement, 0.75);
  const labels = sorted.map((example) => (example.engagement >= threshold ? 1 : 0));
  const successes = labels.reduce<number>((sum, label) => sum + label, 0);
  if (successes === 0 || successes === labels.length) {
    throw new ValidationError({
      context,
      issues: [
        {
          path: "examples",
          message: `every example is a ${successes === 0 ? "failure" : "success"} at threshold ${threshold}: need both`,
        },
      ],
    });
  }
  const prior: GroupPrior = {
    successRate: successes / labels.length,
    meanLogEngagement: meanOf(sorted.map((example) => Math.log1p(example.engagement))),
    strength: settings.priorStrength,
  };
  const platforms = [...new Set(sorted.map((example) => example.platform))].sort();
  const sentiments = sorted.map((example) => sentimentOf(example, settings.textAnalyzer));

  // Out-of-fold author/domain baselines and text score, so stage two sees them as it will at prediction time.
  const rows: number[][] = new Array(sorted.length);
  for (let fold = 0; fold < settings.folds; fold += 1) {
    const inFold = (index: number) => index % settings.folds === fold;
    const others = sorted.filter((_, index) => !inFold(index));
    const tables = fitTables(
      others,
      labels.filter((_, index) => !inFold(index)),
      settings,
    );
    sorted.forEach((example, index) => {
      if (inFold(index))
        rows[index] = featureRow(example, sentiments[index]!, tables, prior, platforms, settings.folds / (settings.folds - 1));
    });
  }
  const logEngagement = sorted.map((example) => Math.log1p(example.engagement));
  const cut = Math.max(1, Math.min(sorted.length - 1, Math.round(sorted.length * (1 - settings.calibrationShare))));
  const probe = fitBoostedTrees(rows.slice(0, cut), logEngagement.slice(0, cut), boosting(settings, "squared", cut));
  const residuals = rows.slice(cut).map((row, index) => logEngagement[cut + index]! - predictBoostedTrees(probe, row));
  const tables = fitTables(sorted, labels, settings);
  return {
    format: "undercurrent-content-performance",
    version: 1,
    successThreshold: threshold,
    quantiles: [...settings.quantiles].sort((a, b) => a - b),
    sentiment: settings.textAnalyzer ? "analyzer" : "lexicon",
    platforms,
    prior,
    authors: tables.authors,
    domains: tables.domains,
    tokens: tables.tokens,
    classifier: fitBoostedTrees(rows, labels, boosting(settings, "logistic", rows.length)),
    regressor: fitBoostedTrees(rows, logEngagement, boosting(settings, "squared", rows.length)),
    residualQuantiles: summariseResiduals(residuals),
    trainedExamples: sorted.length,
  };
}

function estimate(json: ContentPerformanceModelJson, draft: ContentDraft, analyzer: TextAnalyzer | undefined) {
  const warnings: string[] = [];
  if (json.sentiment === "analyzer" && !analyzer) warnings.push("trained with a text analyzer but none was given: lexicon sentiment used");
  const row = featureRow(draft, sentimentOf(draft, analyzer), json, json.prior, json.platforms);
  const centre = predictBoostedTrees(json.regressor, row);
  let confidence = 0.3 + 0.7 * Math.min(1, json.trainedExamples / 500);
  if (!json.platforms.includes(draft.platform)) {
    warnings.push(`platform "${draft.platform}" was not in the training data`);
    confidence *= 0.5;
  }
  const quantiles = json.quantiles.map((probability) => ({
    probability,
    value: Math.max(0, Math.expm1(centre + residualAt(json.residualQuantiles, probability))),
  }));
  for (let index = 1; index < quantiles.length; index += 1) {
    quantiles[index]!.value = Math.max(quantiles[index]!.value, quantiles[index - 1]!.value);
  }
  return {
    successProbability: clamp(sigmoid(predictBoostedTrees(json.classifier, row)), 0, 1, json.prior.successRate),
    successThreshold: json.successThreshold,
    expectedEngagement: Math.max(0, Math.expm1(centre + residualAt(json.residualQuantiles, 0.5))),
    quantiles,
    confidence: clamp(confidence, 0, 1, 0),
    warnings,
  };
}

function notTrained(method: string): UndercurrentError {
  return new UndercurrentError({
    code: contentPerformanceErrorCodes.notTrained,
    message: `ContentPerformanceModel.${method}: the model has not been trained; call train(examples) or loadContentPerformanceModel(json)`,
  });
}

function modelAround(initial: ContentPerformanceModelJson | undefined, settings: ContentPerformanceSettings): ContentPerformanceModel {
  let json = initial;
  return {
    get trained() {
      return json !== undefined;
    },
    train(examples) {
      const parsed = parseInput(z.array(contentExampleSchema), examples, "ContentPerformanceModel.train", "examples");
      if (parsed.length < minimumContentExamples) {
        throw new ValidationError({
          context: "ContentPerformanceModel.train",
          issues: [{ path: "examples", message: `expected at least ${minimumContentExamples} examples, received ${parsed.length}` }],
        });
      }
      json = train(parsed, settings);
      return { examples: parsed.length, successThreshold: json.successThreshold, successRate: json.prior.successRate };
    },
    predict(value) {
      if (!json) throw notTrained("predict");
      return estimate(json, parseInput(contentDraftSchema, value, "ContentPerformanceModel.predict", "draft"), settings.textAnalyzer);
    },
    toJSON() {
      if (!json) throw notTrained("toJSON");
      return structuredClone(json);
    },
  };
}

/**
 * A content-performance model: predicts, before publishing, a draft's probability of success and its
 * engagement quantiles. Stage one learns, out of fold, a title-token logistic regression (words, bigrams,
 * link domain, platform) and smoothed author and domain track records; stage two is gradient-boosted trees
 * over those plus the draft's own features (length, word statistics, number/question/format flags,
 * sentiment, planned hour and weekday, trend velocity): log-loss for success, squared loss on
 * ln(1 + engagement), with quantiles (and the median) from held-out residuals of the latest examples.
 */
export function createContentPerformanceModel(options: ContentPerformanceOptions = {}): ContentPerformanceModel {
  return modelAround(undefined, parseOptions(contentPerformanceOptionsSchema, options, "createContentPerformanceModel"));
}

/** Reads a trained model back from its JSON; a malformed document is a `ValidationError` naming the field. */
export function loadContentPerformanceModel(
  json: unknown,
  options: Pick<ContentPerformanceOptions, "textAnalyzer"> = {},
): ContentPerformanceModel {
  const parsed = parseInput(contentPerformanceModelJsonSchema, json, "loadContentPerformanceModel", "json");
  const settings = parseOptions(contentPerformanceOptionsSchema, options, "loadContentPerformanceModel");
  return modelAround(parsed, settings);
}
