import { z } from "zod";
import type { Embedder } from "../contracts/embedder.js";
import type { Store, TrendQuery } from "../contracts/store.js";
import type { VectorIndex } from "../contracts/vector-index.js";
import type { IngestedBatch, PipelineProcessor, ProcessorContext } from "../pipeline.js";
import type { SourceHealth } from "../schemas/health.js";
import type { Item, Metrics, TimeSeries } from "../schemas/item.js";
import type { Trend, TrendEvidence, TrendSnapshot } from "../schemas/trend.js";
import { parseOptions } from "../validate.js";
import { createExactVectorIndex } from "../vectors/exact-vector-index.js";
import { createLocalEmbedder } from "../vectors/local-embedder.js";
import { dot } from "../vectors/vector-math.js";
import { PhraseCounts } from "./phrase-counts.js";
import { createWinkTextAnalyzer, itemText, linkKey, type TextAnalyzer } from "./text-analysis.js";
import { Topic, type TopicMember } from "./topic.js";
import { burstZ, trendConfidence, trendStatus } from "./trend-scoring.js";

const hour = 3_600_000;
/** Shortest span (days) a rate per day is estimated over: shorter spans make wild rates. */
const minRateDays = 0.25;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

export const trendEngineOptionsSchema = z.strictObject({
  /** Where trends, snapshots and evidence are kept (usually the pipeline's store). */
  store: z.custom<Store>((value) => isObject(value) && typeof value.putTrend === "function", "expected a Store"),
  /** Turns item texts into vectors; the local embedder by default. */
  embedder: z.custom<Embedder>((value) => isObject(value) && typeof value.embed === "function", "expected an Embedder").optional(),
  /** Finds an item's neighbours; an exact index by default (use `@undercurrent/index-hnswlib` for large volumes). */
  index: z.custom<VectorIndex>((value) => isObject(value) && typeof value.search === "function", "expected a VectorIndex").optional(),
  /** Key phrases and sentiment; wink-nlp by default. */
  analyzer: z.custom<TextAnalyzer>((value) => isObject(value) && typeof value.analyze === "function", "expected a TextAnalyzer").optional(),
  /** Cosine similarity at which an item joins its neighbour's topic (0.3 suits the local embedder; raise it for model embeddings). */
  similarityThreshold: z.number().min(0).max(1).default(0.3),
  /**
   * Neighbour similarity from which an item joins a topic on the vectors alone; between `similarityThreshold` and
   * this, it must also share a distinctive key phrase with the topic (see `maxPhraseShare`, `minPhraseCoverage`).
   */
  strongSimilarity: z.number().min(0).max(1).default(0.6),
  /** Share of all items a key phrase may appear in and still count as distinctive (0.01: one item in a hundred). */
  maxPhraseShare: z.number().min(0).max(1).default(0.01),
  /** Share of a topic's members that must carry a phrase for an item sharing it to join on it. */
  minPhraseCoverage: z.number().min(0).max(1).default(0.2),
  /** Centroid similarity at which two topics an item links are merged. */
  mergeThreshold: z.number().min(0).max(1).default(0.7),
  /** Mean similarity of a topic's recent items to its centroid below which it is split. */
  splitThreshold: z.number().min(0).max(1).default(0.3),
  /** Centroid similarity from which two trends are listed as related. */
  relatedThreshold: z.number().min(0).max(1).default(0.3),
  /** Neighbours looked at per item. */
  neighbors: z.number().int().positive().max(100).default(8),
  /** Hours of the window a burst is measured over. */
  windowHours: z
    .number()
    .int()
    .positive()
    .max(24 * 14)
    .default(24),
  /** Days of a topic's own history its burst is compared with. */
  historyDays: z.number().int().positive().max(90).default(7),
  /**
   * Expected mentions per day of a topic or phrase with no history: at 0.25 a new subject needs four mentions within
   * the window (at `minZ` 2.5) to count as a burst.
   */
  priorPerDay: z.number().positive().default(0.25),
  /** Burst significance (standard deviations, Anscombe-transformed Poisson) from which a topic is a trend. */
  minZ: z.number().positive().default(2.5),
  /** Mentions in the window from which a topic can be a trend. */
  minMentions: z.number().int().positive().default(3),
  /** Distinct authors in the window from which a topic can be a trend. */
  minAuthors: z.number().int().positive().default(2),
  /** Items per source kept as a trend's evidence. */
  maxEvidenceItems: z.number().int().positive().max(100).default(10),
  /** Recent members whose vectors a topic keeps for drift checks. */
  maxRecentMembers: z.number().int().min(8).max(1_000).default(64),
});

/** Options of {@link createTrendEngine}. */
export type TrendEngineOptions = z.input<typeof trendEngineOptionsSchema>;

/** A trend with what backs it. */
export interface TrendDetail {
  trend: Trend;
  snapshots: TrendSnapshot[];
  /** Mentions per hour over the burst window and the history before it, overall and per source (when in memory). */
  series: TimeSeries[];
  /** The evidence items, from the store. */
  items: Item[];
}

/** The cross-source trend engine: a pipeline processor with a query API. */
export interface TrendEngine extends PipelineProcessor {
  /** Stored trends matching `query`, most confident first. */
  trends(query?: TrendQuery): Promise<Trend[]>;
  /** A trend with its snapshots, series and evidence items. */
  trend(id: string): Promise<TrendDetail | undefined>;
  /** The topic an item was grouped into (after merges and splits), its size, and its trend id once flagged. */
  topicOf(itemId: string): { topicId: string; size: number; trendId?: string } | undefined;
  /** Counts for monitoring. */
  stats(): { items: number; topics: number; trends: number };
}

/**
 * Creates the trend engine. Plug it into `createPipeline({ processors: [engine] })`: each new item is embedded,
 * its neighbours found through the `VectorIndex`, and it joins the topic of its nearest neighbours (or one
 * whose link it shares: a story linking a GitHub repository joins that repository's topic) or starts one;
 * topics that converge are merged and ones that drift are split. A topic whose mentions in the window stand
 * significantly above its own history (and the sources' volume) becomes a trend, with per-source evidence,
 * lead-lag, velocity, status, confidence, a name from its key phrases, sentiment and related trends.
 */
export function createTrendEngine(options: TrendEngineOptions): TrendEngine {
  const settings = parseOptions(trendEngineOptionsSchema, options, "createTrendEngine");
  const { store } = settings;
  const embedder = settings.embedder ?? createLocalEmbedder({ dimensions: 256 });
  const index = settings.index ?? createExactVectorIndex({ dimensions: embedder.dimensions });
  let analyzerLoading: Promise<TextAnalyzer> | undefined;
  const analyzer = () => (analyzerLoading ??= settings.analyzer ? Promise.resolve(settings.analyzer) : createWinkTextAnalyzer());

  const topics = new Map<string, Topic>();
  const itemTopic = new Map<string, string>();
  const linkTopic = new Map<string, string>();
  /** Topics flagged as trends and still worth re-evaluating. */
  const active = new Set<string>();
  /** In how many items each key phrase appears (for naming by distinctiveness). */
  const phraseItems = new Map<string, number>();
  /** All items per hour, for the volume adjustment. */
  const volume = new Map<number, number>();
  /** Last raw engagement per item and the typical increase per source (normalisation). */
  const lastEngagement = new Map<string, { value: number; at: number; topicAt: number }>();
  const sourceBaseline = new Map<string, number>();
  let analyzedItems = 0;
  /** When the first item the engine saw became visible (phrases' lifetime rates count from here). */
  let firstItemAt: number | undefined;
  /** Recent occurrences of each key phrase (the phrase burst test), and where a bursting phrase's items go. */
  const phraseCounts = new PhraseCounts();
  const phraseTopic = new Map<string, string>();
  /** Members that arrived within the scoring horizon, by item id (a bursting phrase gathers them). */
  const liveMembers = new Map<string, TopicMember>();
  let lastCompaction: number | undefined;
  /** What the engine last wrote per trend (so re-evaluations need no store read). */
  const storedTrends = new Map<string, Pick<Trend, "status" | "firstDetectedAt" | "createdAt">>();

  const resolve = (topicId: string): Topic => {
    let topic = topics.get(topicId)!;
    while (topic.mergedInto) topic = topics.get(topic.mergedInto)!;
    return topic;
  };

  async function assign(item: Item, vector: Float32Array, at: number, analysis: ReturnType<TextAnalyzer["analyze"]>): Promise<Topic> {
    const key = linkKey(item.url);
    let topic = key && linkTopic.has(key) ? resolve(linkTopic.get(key)!) : undefined;
    const phraseKeys = uniquePhrases(analysis.phrases).map((phrase) => phrase.key);
    // An item naming a phrase that burst joins the topic gathered for it (the largest, if it names several).
    if (!topic) {
      for (const phraseKey of phraseKeys) {
        const routed = phraseTopic.get(phraseKey);
        if (routed === undefined) continue;
        const candidate = resolve(routed);
        if (!topic || candidate.size > topic.size) topic = candidate;
      }
    }
    if (!topic) {
      const matches = await index.search(vector, { k: settings.neighbors, minScore: settings.similarityThreshold });
      const votes = new Map<Topic, { votes: number; best: number }>();
      for (const match of matches) {
        const neighbour = itemTopic.get(match.id);
        if (!neighbour) continue;
        const candidate = resolve(neighbour);
        const entry = votes.get(candidate) ?? { votes: 0, best: 0 };
        entry.votes += match.score;
        entry.best = Math.max(entry.best, match.score);
        votes.set(candidate, entry);
      }
      // Near neighbours by chance (shared common words) do not make a topic: below `strongSimilarity` the item
      // must also share one of the topic's distinctive key phrases.
      const ranked = [...votes]
        .filter(([candidate, { best }]) => best >= settings.strongSimilarity || sharesDistinctivePhrase(candidate, phraseKeys))
        .sort((a, b) => b[1].votes - a[1].votes);
      topic = ranked[0]?.[0];
      // The item links two topics whose centres have converged: one topic from now on.
      for (const [other] of ranked.slice(1)) {
        if (topic && dot(topic.centroid(), other.centroid()) >= settings.mergeThreshold) topic = merge(topic, other);
      }
    }
    if (!topic) {
      topic = new Topic(item.id, at, embedder.dimensions);
      topics.set(topic.id, topic);
    }
    const phrases = uniquePhrases(analysis.phrases);
    const member: TopicMember = {
      itemId: item.id,
      source: item.source,
      // A source that names no authors (an RSS feed) gives no reason to think two of its items share one: each
      // counts as its own voice.
      author: item.author?.id ?? `item:${item.id}`,
      at,
      vector,
      phrases: phrases.map((phrase) => phrase.key),
    };
    topic.add(member, 0, settings.maxRecentMembers);
    topic.addPhrases(phrases);
    topic.sentimentSum += analysis.sentiment;
    for (const phrase of phrases) phraseItems.set(phrase.key, (phraseItems.get(phrase.key) ?? 0) + 1);
    itemTopic.set(item.id, topic.id);
    liveMembers.set(item.id, member);
    for (const phrase of phrases) phraseCounts.add(phrase.key, { itemId: item.id, author: member.author, at });
    if (key) {
      linkTopic.set(key, topic.id);
      topic.linkKeys.add(key);
    }
    if (topic.size % 16 === 0) maybeSplit(topic);
    return topic;
  }

  /**
   * Whether one of the item's key phrases is rare in the stream (at most `maxPhraseShare` of the items so far)
   * and common in the topic (in at least `minPhraseCoverage` of its members).
   */
  function sharesDistinctivePhrase(topic: Topic, keys: readonly string[]): boolean {
    const rareLimit = Math.max(2, settings.maxPhraseShare * analyzedItems);
    const coverage = Math.max(1, settings.minPhraseCoverage * topic.size);
    return keys.some((key) => (phraseItems.get(key) ?? 0) <= rareLimit && (topic.phrases.get(key)?.count ?? 0) >= coverage);
  }

  /**
   * Mentions per day the stream has made, over the engine's lifetime before the window, of the phrases at least a
   * quarter of the topic's members carry, each scaled by that share (the most frequent one counts).
   */
  function backgroundRate(topic: Topic, now: number): number {
    let rate = 0;
    for (const [key, entry] of topic.phrases) {
      const share = entry.count / topic.size;
      if (share >= 0.25) rate = Math.max(rate, phraseLifetimeRate(key, now) * share);
    }
    return rate;
  }

  /**
   * Mentions per day of a phrase over what the engine has seen before the window (at least `minRateDays` of it, so
   * a first few hours make no wild rate).
   */
  function phraseLifetimeRate(key: string, now: number, inWindow?: number): number {
    if (firstItemAt === undefined) return 0;
    const window = settings.windowHours * hour;
    const seenDays = Math.max(minRateDays, (now - window - firstItemAt) / (24 * hour));
    const before = (phraseItems.get(key) ?? 0) - (inWindow ?? phraseCounts.window(key, now - window, now).mentions);
    return before / seenDays;
  }

  /**
   * Whether the engine has seen a whole window of items. Before that every phrase's mentions are all "in the window"
   * and none can stand out from its background rate, so the phrase test waits (topics still meet the prior).
   */
  function warmedUp(now: number): boolean {
    return firstItemAt !== undefined && now - firstItemAt >= settings.windowHours * hour;
  }

  /**
   * The burst test on key phrases: a distinctive phrase whose mentions in the window stand significantly above its
   * own history, carried by items spread over several topics, gathers those items (over the whole scoring horizon)
   * into one topic, and later items naming it join that topic. Returns the topics it changed.
   */
  function gatherBurstingPhrases(keys: ReadonlySet<string>, now: number, volumeAdjustment: number): Set<Topic> {
    const changed = new Set<Topic>();
    if (!warmedUp(now)) return changed;
    const window = settings.windowHours * hour;
    const history = settings.historyDays * 24 * hour;
    const rareLimit = Math.max(2, settings.maxPhraseShare * analyzedItems);
    // Distinctive before the window: a new name is rare however loudly it is discussed today.
    const bursting = [...keys]
      .filter((key) => !phraseTopic.has(key))
      .map((key) => ({ key, current: phraseCounts.window(key, now - window, now) }))
      .filter(({ key, current }) => (phraseItems.get(key) ?? 0) - current.mentions <= rareLimit)
      .filter(({ current }) => current.mentions >= settings.minMentions && current.authors >= settings.minAuthors)
      .sort((a, b) => b.current.mentions - a.current.mentions || b.key.split(" ").length - a.key.split(" ").length);
    for (const { key, current } of bursting) {
      const past = phraseCounts.window(key, now - window - history, now - window);
      // The recent rate over the history days the engine has actually seen (not a full week in its first week).
      const historySeenDays = Math.max(minRateDays, Math.min(settings.historyDays, (now - window - firstItemAt!) / (24 * hour)));
      const recentRate = past.mentions / historySeenDays;
      const lifetimeRate = phraseLifetimeRate(key, now, current.mentions);
      const expected = Math.max(recentRate, lifetimeRate, settings.priorPerDay) * (settings.windowHours / 24) * volumeAdjustment;
      if (burstZ(current.mentions, expected) < settings.minZ) continue;
      const itemIds = phraseCounts.window(key, now - window - history - 24 * hour, now).itemIds.filter((id) => liveMembers.has(id));
      const holders = new Map<Topic, number>();
      for (const id of itemIds) {
        const holder = resolve(itemTopic.get(id)!);
        holders.set(holder, (holders.get(holder) ?? 0) + 1);
      }
      const [, held] = [...holders].sort((a, b) => b[1] - a[1])[0]!;
      // Already together: the topic's own test takes it from here.
      if (held >= 0.8 * itemIds.length) continue;
      const first = liveMembers.get(itemIds[0]!)!;
      const gathered = new Topic(`${first.itemId}#${key.replace(/\s+/g, "-")}`, first.at, embedder.dimensions);
      topics.set(gathered.id, gathered);
      for (const id of itemIds) {
        const member = liveMembers.get(id)!;
        const holder = resolve(itemTopic.get(id)!);
        const phrases = member.phrases.map((phraseKey) => ({ key: phraseKey, display: displayOf(holder, phraseKey) }));
        holder.removeMembers([member]);
        for (const phraseKey of member.phrases) holder.removePhrase(phraseKey);
        gathered.add(member, 0, settings.maxRecentMembers);
        gathered.addPhrases(phrases);
        itemTopic.set(id, gathered.id);
        changed.add(holder);
      }
      for (const holder of changed) {
        if (holder.size > 0 || holder === gathered || holder.mergedInto !== undefined) continue;
        holder.mergedInto = gathered.id;
        if (active.delete(holder.id)) active.add(gathered.id);
      }
      phraseTopic.set(key, gathered.id);
      changed.add(gathered);
    }
    return new Set([...changed].filter((topic) => !topic.mergedInto));
  }

  function merge(a: Topic, b: Topic): Topic {
    const [keep, gone] = a.size >= b.size ? [a, b] : [b, a];
    keep.absorb(gone, settings.maxRecentMembers);
    gone.mergedInto = keep.id;
    if (active.delete(gone.id)) active.add(keep.id);
    return keep;
  }

  /** Splits off the part of a drifting topic that moved away: 2-means over its recent members. */
  function maybeSplit(topic: Topic): void {
    const members = topic.recent.filter((member) => member.vector);
    if (members.length < 16 || topic.coherence() >= settings.splitThreshold) return;
    const clusters = twoMeans(members);
    if (!clusters) return;
    const [a, b] = clusters;
    if (dot(centroidOf(a), centroidOf(b)) >= settings.mergeThreshold || a.length < 4 || b.length < 4) return;
    // The cluster less like the topic's whole history leaves.
    const centre = topic.centroid();
    const leaving = dot(centroidOf(a), centre) < dot(centroidOf(b), centre) ? a : b;
    topic.removeMembers(leaving);
    const split = new Topic(leaving[0]!.itemId, leaving[0]!.at, embedder.dimensions);
    topics.set(split.id, split);
    for (const member of leaving) {
      split.add(member, 0, settings.maxRecentMembers);
      itemTopic.set(member.itemId, split.id);
      for (const key of member.phrases) {
        topic.removePhrase(key);
        split.addPhrases([{ key, display: key }]);
      }
    }
  }

  function observe(observation: IngestedBatch["observations"][number]): Topic | undefined {
    const topicId = itemTopic.get(observation.itemId);
    if (!topicId) return undefined;
    const value = engagementOf(observation.metrics);
    if (value === undefined) return undefined;
    const previous = lastEngagement.get(observation.itemId);
    // An item older than the scoring horizon whose last value was forgotten starts a new baseline: its whole
    // count is not news today.
    const forgotten = previous === undefined && !liveMembers.has(observation.itemId);
    const increase = forgotten ? 0 : Math.max(0, value - (previous?.value ?? 0));
    const topicAt = previous?.topicAt ?? observation.observedAt.getTime();
    lastEngagement.set(observation.itemId, { value, at: observation.observedAt.getTime(), topicAt });
    if (increase === 0) return undefined;
    // Normalise by the source's typical increase: 40 HN points and 40 GitHub stars are not the same news.
    const baseline = sourceBaseline.get(observation.source) ?? increase;
    sourceBaseline.set(observation.source, 0.98 * baseline + 0.02 * increase);
    const topic = resolve(topicId);
    topic.addEngagement(topicAt, increase / Math.max(baseline, 1e-9), observation.source);
    return topic;
  }

  async function evaluate(topic: Topic, now: number, volumeAdjustment: number, context: ProcessorContext): Promise<void> {
    const window = settings.windowHours * hour;
    const history = settings.historyDays * 24 * hour;
    const current = topic.window(now - window, now);
    const past = topic.window(now - window - history, now - window);
    const historyFraction = Math.min(1, Math.max(0, now - window - topic.createdAt) / history);
    const perWindow = settings.windowHours / 24;
    // Expected mentions: the topic's own rate before the window (or the prior while it has none), scaled
    // by how busy the sources are in the window compared with before.
    const ownRate = historyFraction > 0 ? past.mentions / (settings.historyDays * historyFraction) : 0;
    // A subject discussed all along (its whole life, not only the last week) is not news when it comes up again.
    const lifetimeRate = (topic.size - current.mentions) / Math.max(minRateDays, (now - window - topic.createdAt) / (24 * hour));
    const expected = Math.max(ownRate, lifetimeRate, settings.priorPerDay) * perWindow * volumeAdjustment;
    const z = burstZ(current.mentions, expected);
    let qualifies = z >= settings.minZ && current.mentions >= settings.minMentions && current.authors >= settings.minAuthors;
    // A new topic gathered around a word the stream has always used (a new cluster, an old subject) is not news:
    // before a first flag, the background rate of the phrases many of its members carry must not explain the count.
    if (qualifies && topic.flaggedAt === undefined) {
      const background = backgroundRate(topic, now) * perWindow * volumeAdjustment;
      qualifies = background <= expected || burstZ(current.mentions, background) >= settings.minZ;
    }
    if (topic.flaggedAt === undefined && !qualifies) return;
    const trendId = `trend:${topic.id}`;
    // A trend stored by an earlier run (an engine warmed up from the store) keeps its history; after the first
    // look, what the engine wrote last is kept in memory.
    const previousTrend = storedTrends.get(trendId) ?? (await context.store.getTrend(trendId));
    const detected = topic.flaggedAt === undefined && !previousTrend;
    topic.flaggedAt ??= previousTrend?.firstDetectedAt.getTime() ?? now;
    active.add(topic.id);
    topic.peakMentions = Math.max(topic.peakMentions, current.mentions);
    const last6 = topic.window(now - 6 * hour, now).mentions;
    const previous6 = topic.window(now - 12 * hour, now - 6 * hour).mentions;
    const before6 = topic.window(now - 18 * hour, now - 12 * hour).mentions;
    const velocity = (last6 - previous6) / 6;
    const acceleration = velocity - (previous6 - before6) / 6;
    const status = trendStatus({
      mentions: current.mentions,
      peakMentions: topic.peakMentions,
      velocity,
      hoursSinceFlagged: (now - topic.flaggedAt!) / hour,
    });
    const health = new Map(context.health().map((entry) => [entry.sourceId, entry]));
    const impaired = [...current.bySource].reduce(
      (sum, [source, count]) => sum + ((health.get(source)?.status ?? "ok") === "ok" ? 0 : count),
      0,
    );
    // Confidence that this is a real trend holds once reached; status says how hot it is now.
    topic.peakConfidence = Math.max(
      topic.peakConfidence,
      trendConfidence({
        z,
        minZ: settings.minZ,
        sources: current.bySource.size,
        authors: current.authors,
        impairedShare: current.mentions > 0 ? impaired / current.mentions : 0,
      }),
    );
    const confidence = topic.peakConfidence;
    // Names move slowly: worked out again when the topic has grown by a tenth or after a few hours.
    // Related trends (a comparison with every active trend) only every few hours.
    const previous = topic.described;
    const stale = !previous || now - previous.at >= 6 * hour || detected;
    const grown = previous ? Math.abs(topic.size - previous.size) >= Math.max(1, 0.1 * previous.size) : true;
    const described =
      !previous || stale || grown
        ? {
            at: !previous || stale ? now : previous.at,
            size: topic.size,
            ...nameOf(topic),
            related: !previous || stale ? relatedOf(topic) : previous.related,
          }
        : previous;
    topic.described = described;
    const { name, keywords, related } = described;
    const trend: Trend = {
      id: trendId,
      name,
      keywords,
      sources: [...topic.firstSeenBySource.keys()].sort(),
      confidence,
      velocity,
      acceleration,
      status,
      firstDetectedAt: new Date(topic.flaggedAt!),
      relatedTrendIds: related,
      sentiment: Math.max(-1, Math.min(1, topic.sentimentSum / Math.max(1, topic.size))),
      evidence: evidence(topic, health),
      createdAt: previousTrend?.createdAt ?? new Date(topic.flaggedAt!),
      updatedAt: new Date(now),
      metadata: {
        mentions: current.mentions,
        expected: round(expected),
        zScore: round(z),
        authors: current.authors,
        topicSize: topic.size,
      },
    };
    const snapshot: TrendSnapshot = {
      trendId,
      at: new Date(now),
      status,
      confidence,
      velocity,
      acceleration,
      mentions: topic.size,
      engagement: Math.max(0, current.engagement),
      mentionsBySource: Object.fromEntries(current.bySource),
    };
    await context.store.transaction(async (transaction) => {
      await transaction.putTrend(trend);
      await transaction.putTrendSnapshots([snapshot]);
    });
    storedTrends.set(trendId, { status, firstDetectedAt: trend.firstDetectedAt, createdAt: trend.createdAt });
    if (detected) context.events.emit("trend-detected", { trend });
    else if (previousTrend && previousTrend.status !== status)
      context.events.emit("trend-status-changed", { trend, previous: previousTrend.status });
    else context.events.emit("trend-updated", { trend });
    // A trend back at its expected level needs no evaluation on every pass; new mentions bring it back.
    if (status === "declining" && z < settings.minZ) active.delete(topic.id);
  }

  /** How busy the sources are in the window compared with before (0.5–3): a busy day lifts every expectation. */
  function volumeFactor(now: number, window: number, history: number): number {
    let inWindow = 0;
    let before = 0;
    for (const [hourIndex, count] of volume) {
      const at = hourIndex * hour;
      if (at > now - window && at <= now) inWindow += count;
      else if (at > now - window - history && at <= now - window) before += count;
    }
    if (before === 0 || inWindow === 0) return 1;
    const ratio = inWindow / (before * (window / history));
    return Math.min(3, Math.max(0.5, ratio));
  }

  function nameOf(topic: Topic): { name: string; keywords: string[] } {
    const total = Math.max(analyzedItems, 1);
    const scored = [...topic.phrases]
      .filter(([, phrase]) => phrase.count >= Math.min(2, topic.size))
      .map(([key, phrase]) => ({
        key,
        phrase,
        score: phrase.count * Math.log(1 + total / (phraseItems.get(key) ?? 1)) * (1 + 0.3 * (key.split(" ").length - 1)),
      }))
      .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
    const keywords: string[] = [];
    for (const { key } of scored) {
      if (keywords.some((chosen) => chosen.includes(key) || key.includes(chosen))) continue;
      keywords.push(key);
      if (keywords.length === 5) break;
    }
    const best = scored.find((entry) => entry.key === keywords[0]);
    const display = best ? best.phrase.display : topic.id;
    return { name: display.slice(0, 255), keywords };
  }

  function relatedOf(topic: Topic): string[] {
    const centre = topic.centroid();
    const candidates: { id: string; similarity: number }[] = [];
    for (const id of active) {
      const other = topics.get(id);
      if (id === topic.id || !other || other.mergedInto) continue;
      candidates.push({ id, similarity: dot(centre, other.centroid()) });
    }
    return candidates
      .filter(({ similarity }) => similarity >= settings.relatedThreshold && similarity < settings.mergeThreshold)
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 5)
      .map(({ id }) => `trend:${id}`);
  }

  /** The topic's evidence, worked out again only when its members or its sources' health changed. */
  function evidence(topic: Topic, health: Map<string, SourceHealth>): TrendEvidence[] {
    const key = [...topic.firstSeenBySource.keys()]
      .map((source) => `${source}:${health.get(source)?.status ?? "ok"}:${round(topic.engagementBySource(source))}`)
      .join("|")
      .concat(`|${topic.size}`);
    if (topic.evidence?.key !== key) topic.evidence = { key, entries: evidenceOf(topic, health) };
    return topic.evidence.entries;
  }

  /**
   * Per source: the recent items closest to the topic's centre first (what the trend is about, not whatever
   * arrived last), then the newest others.
   */
  function evidenceOf(topic: Topic, health: Map<string, SourceHealth>): TrendEvidence[] {
    const firstOverall = Math.min(...topic.firstSeenBySource.values());
    const centre = topic.centroid();
    return [...topic.firstSeenBySource]
      .sort((a, b) => a[1] - b[1])
      .map(([source, firstSeen]) => {
        const ids = topic.memberIdsBySource.get(source) ?? [];
        const typical = topic.recent
          .filter((member) => member.source === source && member.vector)
          .map((member) => ({ id: member.itemId, similarity: dot(member.vector!, centre) }))
          .sort((a, b) => b.similarity - a.similarity)
          .map(({ id }) => id);
        const chosen = new Set(typical.slice(0, settings.maxEvidenceItems));
        for (let index = ids.length - 1; index >= 0 && chosen.size < settings.maxEvidenceItems; index--) chosen.add(ids[index]!);
        return {
          source,
          itemIds: [...chosen],
          firstSeenAt: new Date(firstSeen),
          mentions: ids.length,
          normalizedEngagement: round(Math.max(0, topic.engagementBySource(source))),
          leadHours: round((firstOverall - firstSeen) / hour),
          sourceStatus: health.get(source)?.status ?? "ok",
        };
      });
  }

  return {
    id: "trend-engine",
    async process(batch, context) {
      const now = batch.at.getTime();
      const textAnalyzer = await analyzer();
      const newIds = new Set(batch.newItemIds);
      const fresh = batch.items.filter((item) => newIds.has(item.id) && !itemTopic.has(item.id));
      const texts = fresh.map(itemText);
      const readable = fresh.map((item, position) => ({ item, text: texts[position]! })).filter(({ text }) => /[\p{L}\p{N}]/u.test(text));
      const unreadable = fresh.filter((item) => !readable.some((candidate) => candidate.item === item));
      for (const item of unreadable) {
        context.events.emit("item-rejected", {
          sourceId: item.source,
          externalId: item.externalId,
          reason: "trend engine: no text to read",
        });
      }
      const vectors =
        readable.length > 0
          ? await embedder.embed(
              readable.map(({ text }) => text),
              { signal: context.signal },
            )
          : [];
      const touched = new Set<Topic>();
      const passPhrases = new Set<string>();
      for (const [position, { item, text }] of readable.entries()) {
        // An item from the future (clock skew) counts at the pipeline's time.
        const at = Math.min(item.publishedAt.getTime(), now);
        firstItemAt = Math.min(firstItemAt ?? at, at);
        const analysis = textAnalyzer.analyze(text);
        for (const phrase of analysis.phrases) passPhrases.add(phrase.key);
        analyzedItems++;
        const topic = await assign(item, vectors[position]!, at, analysis);
        await index.add([{ id: item.id, vector: vectors[position]! }]);
        const hourIndex = Math.floor(at / hour);
        volume.set(hourIndex, (volume.get(hourIndex) ?? 0) + 1);
        touched.add(topic);
      }
      for (const observation of batch.observations) {
        const topic = observe(observation);
        if (topic) touched.add(topic);
      }
      const horizon = now - (settings.windowHours + settings.historyDays * 24 + 24) * hour;
      for (const hourIndex of volume.keys()) if (hourIndex * hour < horizon) volume.delete(hourIndex);
      const volumeAdjustment = volumeFactor(now, settings.windowHours * hour, settings.historyDays * 24 * hour);
      for (const topic of gatherBurstingPhrases(passPhrases, now, volumeAdjustment)) touched.add(topic);
      for (const id of active) touched.add(resolve(id));
      // Once a day: old phrase occurrences go (the phrase test reads only the horizon), idle topics give back their
      // vectors, merged-away ones everything but their forwarding id.
      if (Math.floor(now / (24 * hour)) !== lastCompaction) {
        lastCompaction = Math.floor(now / (24 * hour));
        phraseCounts.prune(horizon);
        for (const topic of topics.values()) if (topic.mergedInto !== undefined || topic.lastMemberAt < horizon) topic.compact();
        for (const [itemId, entry] of lastEngagement) if (entry.at < horizon) lastEngagement.delete(itemId);
      }
      for (const [itemId, member] of liveMembers) {
        if (member.at >= horizon) break;
        liveMembers.delete(itemId);
      }
      for (const topic of touched) {
        context.signal.throwIfAborted();
        topic.prune(horizon);
        await evaluate(topic, now, volumeAdjustment, context);
      }
    },
    trends: (query) => store.listTrends(query),
    async trend(id) {
      const trend = await store.getTrend(id);
      if (!trend) return undefined;
      const snapshots = await store.listTrendSnapshots(id);
      const topic = topics.get(id.replace(/^trend:/, ""));
      const to = trend.updatedAt.getTime();
      const from = to - (settings.windowHours + settings.historyDays * 24) * hour;
      const series: TimeSeries[] = topic
        ? [
            {
              id: `${id}:mentions`,
              source: "engine",
              metric: "mentions",
              key: id,
              interval: "hour",
              points: resolve(topic.id).hourly(from, to),
              metadata: {},
            },
          ]
        : [];
      const itemIds = trend.evidence.flatMap((evidence) => evidence.itemIds);
      const items = (await Promise.all(itemIds.map((itemId) => store.getItem(itemId)))).filter((item): item is Item => item !== undefined);
      return { trend, snapshots, series, items };
    },
    topicOf(itemId) {
      const topicId = itemTopic.get(itemId);
      if (!topicId) return undefined;
      const topic = resolve(topicId);
      return { topicId: topic.id, size: topic.size, ...(topic.flaggedAt !== undefined && { trendId: `trend:${topic.id}` }) };
    },
    stats: () => ({ items: itemTopic.size, topics: [...topics.values()].filter((topic) => !topic.mergedInto).length, trends: active.size }),
  };
}

/** The most used display form of a phrase in a topic (the key itself when the topic has none). */
function displayOf(topic: Topic, key: string): string {
  return topic.phrases.get(key)?.display ?? key;
}

function uniquePhrases(phrases: readonly { key: string; display: string }[]): { key: string; display: string }[] {
  const seen = new Set<string>();
  return phrases.filter((phrase) => !seen.has(phrase.key) && seen.add(phrase.key));
}

/** One engagement number per observation: points, stars, views… whichever the source reports. */
function engagementOf(metrics: Metrics): number | undefined {
  return metrics.score ?? metrics.stars ?? metrics.views ?? metrics.likes ?? metrics.mentions ?? metrics.searchInterest;
}

function round(value: number): number {
  return Math.round(value * 1_000) / 1_000;
}

function centroidOf(members: readonly TopicMember[]): Float32Array {
  const dimensions = members[0]!.vector!.length;
  const sum = new Float32Array(dimensions);
  for (const member of members) for (let index = 0; index < dimensions; index++) sum[index]! += member.vector![index]!;
  let norm = 0;
  for (const value of sum) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  return sum.map((value) => value / norm);
}

/** Two clusters of members by cosine k-means, seeded with the two members farthest apart from each other. */
function twoMeans(members: readonly TopicMember[]): [TopicMember[], TopicMember[]] | undefined {
  const first = members[0]!;
  const farthest = (from: Float32Array) =>
    members.reduce((best, member) => (dot(member.vector!, from) < dot(best.vector!, from) ? member : best));
  const seedA = farthest(first.vector!);
  const seedB = farthest(seedA.vector!);
  let centres = [seedA.vector!, seedB.vector!];
  let clusters: [TopicMember[], TopicMember[]] = [[], []];
  for (let round = 0; round < 6; round++) {
    clusters = [[], []];
    for (const member of members) clusters[dot(member.vector!, centres[0]!) >= dot(member.vector!, centres[1]!) ? 0 : 1].push(member);
    if (clusters[0].length === 0 || clusters[1].length === 0) return undefined;
    centres = [centroidOf(clusters[0]), centroidOf(clusters[1])];
  }
  return clusters;
}
