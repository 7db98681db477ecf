import {
  type Clock,
  type Item,
  type ItemInput,
  itemSchema,
  parseInput,
  parseOptions,
  systemClock,
  type Trend,
  type TrendInput,
  trendSchema,
  ValidationError,
} from "@undercurrent/core";
import { z } from "zod";
import type { BriefAuthor, BriefFact, BriefLink, BriefSource, BriefStatement, ResearchBrief } from "./research-brief-schema.js";
import { asSentence, contentWords, countWords, nearDuplicate, overlap, quantities, splitSentences } from "./text-tools.js";

/** Options of {@link createResearchBrief}. */
export const researchBriefOptionsSchema = z.strictObject({
  /** Most facts (sentences with numbers) kept. */
  maxFacts: z.number().int().min(0).max(50).default(8),
  /** Most key points (sentences without numbers) kept. */
  maxKeyPoints: z.number().int().min(0).max(50).default(6),
  /** Most facts or key points taken from one item, so no single item dominates. */
  maxPerItem: z.number().int().min(1).max(20).default(3),
  /** Most links kept. */
  maxLinks: z.number().int().min(0).max(100).default(10),
  /** Most authors kept. */
  maxAuthors: z.number().int().min(0).max(100).default(10),
  /** Language of the brief (BCP 47); defaults to the items' most common language, then `en`. */
  language: z.string().min(2).optional(),
  /** Clock for `createdAt` (tests). */
  clock: z.custom<Clock>((value) => typeof value === "object" && value !== null && typeof (value as Clock).now === "function").optional(),
});
/** Options of {@link createResearchBrief}. */
export type ResearchBriefOptions = z.input<typeof researchBriefOptionsSchema>;

const context = "createResearchBrief";
const maxSentenceWords = 60;
const minSentenceWords = 4;

interface Candidate {
  text: string;
  item: Item;
  words: Set<string>;
  numbers: string[];
  score: number;
}

/**
 * Builds a {@link ResearchBrief} from a trend and its evidence items: what happened (the most relevant headline),
 * why now (the trend's momentum, sources and timing), key facts (extracted sentences that state numbers), key points,
 * who is talking (sources and authors) and links. Every fact keeps the id of its item. Deterministic and offline.
 *
 * Items the trend's evidence does not list are ignored when the evidence lists any. Throws a `ValidationError`
 * naming the field for an invalid trend or item, or when no item belongs to the trend; a `ConfigError` for bad options.
 */
export function createResearchBrief(
  trend: TrendInput | Trend,
  evidenceItems: readonly (ItemInput | Item)[],
  options: ResearchBriefOptions = {},
): ResearchBrief {
  const settings = parseOptions(researchBriefOptionsSchema, options, context);
  const parsedTrend = parseInput(trendSchema, trend, context, "trend");
  const items = parseInput(z.array(itemSchema), evidenceItems, context, "evidenceItems");
  const used = orderItems(parsedTrend, items);
  if (used.length === 0) {
    throw new ValidationError({
      context,
      issues: [
        {
          path: "evidenceItems",
          message: items.length === 0 ? "expected at least one item" : "none of the items is listed in the trend's evidence",
        },
      ],
    });
  }
  const rank = new Map(used.map((item, index) => [item.id, index]));
  const topicWords = contentWords([parsedTrend.name, ...parsedTrend.keywords].join(" "));
  const topicTerms = [parsedTrend.name, ...parsedTrend.keywords];
  const candidates = used.flatMap((item) =>
    sentencesOf(item)
      .filter((text) => !text.endsWith("?"))
      .map((text) => scoreCandidate(text, item, rank.get(item.id)!, used.length, topicWords, topicTerms)),
  );

  const facts: BriefFact[] = [];
  const keyPoints: BriefFact[] = [];
  const perItem = new Map<string, number>();
  const kept: Set<string>[] = [];
  for (const candidate of [...candidates].sort((a, b) => b.score - a.score)) {
    const list = candidate.numbers.length > 0 ? facts : keyPoints;
    const max = candidate.numbers.length > 0 ? settings.maxFacts : settings.maxKeyPoints;
    if (list.length >= max || (perItem.get(candidate.item.id) ?? 0) >= settings.maxPerItem) continue;
    if (kept.some((words) => nearDuplicate(words, candidate.words))) continue;
    kept.push(candidate.words);
    perItem.set(candidate.item.id, (perItem.get(candidate.item.id) ?? 0) + 1);
    list.push(toFact(candidate));
  }

  return {
    trendId: parsedTrend.id,
    topic: parsedTrend.name,
    keywords: parsedTrend.keywords,
    whatHappened: whatHappened(used, topicWords),
    whyNow: whyNow(parsedTrend, used),
    facts,
    keyPoints,
    sources: sourcesOf(parsedTrend, used),
    authors: authorsOf(used).slice(0, settings.maxAuthors),
    links: linksOf(used).slice(0, settings.maxLinks),
    itemIds: used.map((item) => item.id),
    language: settings.language ?? mostCommonLanguage(used) ?? "en",
    sentiment: parsedTrend.sentiment,
    createdAt: new Date((settings.clock ?? systemClock).now()),
  };
}

/** The trend's items, most relevant first: the evidence's order, interleaved across sources. */
function orderItems(trend: Trend, items: Item[]): Item[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const listed = trend.evidence.map((evidence) => evidence.itemIds.filter((id) => byId.has(id)));
  if (!listed.some((ids) => ids.length > 0)) return trend.evidence.length === 0 ? dedupe(items) : [];
  const ordered: Item[] = [];
  for (let position = 0; listed.some((ids) => position < ids.length); position++) {
    for (const ids of listed) {
      const item = ids[position] === undefined ? undefined : byId.get(ids[position]!);
      if (item && !ordered.includes(item)) ordered.push(item);
    }
  }
  return ordered;
}

function dedupe(items: Item[]): Item[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}

/** The item's title and the sentences of its text (HTML tags removed), within sensible lengths. */
function sentencesOf(item: Item): string[] {
  const body = item.text
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x?27;|&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
  const title = item.kind === "search-term" || item.kind === "tag" || item.kind === "comment" ? [] : [spokenTitle(item.title)];
  return [...title, ...splitSentences(body).slice(0, 30)]
    .map((sentence) => sentence.trim())
    .filter((sentence) => {
      const words = countWords(sentence);
      return words >= minSentenceWords && words <= maxSentenceWords && !/https?:\/\//.test(sentence);
    });
}

/** A title without the labels a source puts in front ("Show HN: ", "Tell HN: "). */
function spokenTitle(title: string): string {
  return title.replace(/^(?:Show|Ask|Tell|Launch|Discuss) HN:\s*/i, "");
}

function scoreCandidate(
  text: string,
  item: Item,
  rank: number,
  itemCount: number,
  topicWords: Set<string>,
  topicTerms: string[],
): Candidate {
  const words = contentWords(text);
  const numbers = quantities(text, topicTerms);
  const relevance = overlap(words, topicWords);
  // Earlier (more relevant) items, sentences about the topic and sentences with figures rank first.
  const score =
    relevance * 2 + (1 - rank / Math.max(1, itemCount)) + (numbers.length > 0 ? 0.3 : 0) + (text === spokenTitle(item.title) ? 0.1 : 0);
  return { text, item, words, numbers, score };
}

function toFact(candidate: Candidate): BriefFact {
  return {
    text: asSentence(candidate.text),
    itemId: candidate.item.id,
    source: candidate.item.source,
    ...(candidate.item.url !== undefined && { url: candidate.item.url }),
    numbers: candidate.numbers,
  };
}

function whatHappened(items: Item[], topicWords: Set<string>): BriefStatement {
  const titled = items.filter((item) => countWords(item.title) >= 2);
  const pool = titled.length > 0 ? titled : items;
  let best = pool[0]!;
  let bestScore = -1;
  pool.forEach((item, index) => {
    const score = overlap(contentWords(item.title), topicWords) * 2 + (1 - index / pool.length);
    if (score > bestScore) [best, bestScore] = [item, score];
  });
  const title = spokenTitle(best.title);
  const lead = splitSentences(best.text.replace(/<[^>]+>/g, " "))[0];
  const addsToTitle = lead !== undefined && countWords(lead) <= 40 && !nearDuplicate(contentWords(lead), contentWords(title));
  const text = addsToTitle ? `${asSentence(title)} ${asSentence(lead)}` : asSentence(title || lead || best.externalId);
  return { text, itemIds: [best.id] };
}

const statusWords: Record<Trend["status"], string> = {
  emerging: "emerging",
  rising: "rising",
  peaking: "at its peak",
  declining: "past its peak",
};

function whyNow(trend: Trend, items: Item[]): BriefStatement {
  const sources = [...new Set([...trend.sources, ...items.map((item) => item.source)])];
  const sentences = [
    `${trend.name} is ${statusWords[trend.status]} across ${sources.length} ${sources.length === 1 ? "source" : "sources"} (${sources.join(", ")}) since ${day(trend.firstDetectedAt)}.`,
  ];
  const leader = [...trend.evidence].sort((a, b) => b.leadHours - a.leadHours)[0];
  if (leader && leader.leadHours > 0 && trend.evidence.length > 1) {
    sentences.push(`${leader.source} picked it up ${round(leader.leadHours)} hours before the others.`);
  }
  if (trend.velocity > 0) {
    const speeding = trend.acceleration > 0 ? ", and speeding up" : trend.acceleration < 0 ? ", though slowing" : "";
    sentences.push(`Mentions are growing at about ${round(trend.velocity)} per hour${speeding}.`);
  }
  if (trend.peakPredictedAt) sentences.push(`A peak is expected around ${day(trend.peakPredictedAt)}.`);
  const leadItems = leader ? leader.itemIds.filter((id) => items.some((item) => item.id === id)).slice(0, 1) : [];
  return { text: sentences.join(" "), itemIds: leadItems.length > 0 ? leadItems : [items[0]!.id] };
}

function sourcesOf(trend: Trend, items: Item[]): BriefSource[] {
  const present = new Set(items.map((item) => item.id));
  const result = new Map<string, BriefSource>();
  for (const evidence of trend.evidence) {
    result.set(evidence.source, {
      source: evidence.source,
      mentions: evidence.mentions,
      leadHours: evidence.leadHours,
      itemIds: evidence.itemIds.filter((id) => present.has(id)),
    });
  }
  for (const item of items) {
    const entry = result.get(item.source) ?? { source: item.source, mentions: 0, itemIds: [] };
    if (!entry.itemIds.includes(item.id)) {
      entry.itemIds.push(item.id);
      entry.mentions = Math.max(entry.mentions, entry.itemIds.length);
    }
    result.set(item.source, entry);
  }
  return [...result.values()].sort((a, b) => b.mentions - a.mentions);
}

function authorsOf(items: Item[]): BriefAuthor[] {
  const authors = new Map<string, BriefAuthor>();
  for (const item of items) {
    if (!item.author) continue;
    const key = `${item.source}\u0000${item.author.id}`;
    const entry = authors.get(key) ?? {
      id: item.author.id,
      ...(item.author.name !== undefined && { name: item.author.name }),
      ...(item.author.url !== undefined && { url: item.author.url }),
      source: item.source,
      itemIds: [],
    };
    entry.itemIds.push(item.id);
    authors.set(key, entry);
  }
  return [...authors.values()].sort((a, b) => b.itemIds.length - a.itemIds.length);
}

function linksOf(items: Item[]): BriefLink[] {
  const links = new Map<string, BriefLink>();
  for (const item of items) {
    if (item.url && !links.has(item.url)) links.set(item.url, { url: item.url, title: item.title, itemId: item.id, source: item.source });
  }
  return [...links.values()];
}

function mostCommonLanguage(items: Item[]): string | undefined {
  const counts = new Map<string, number>();
  for (const item of items) if (item.language) counts.set(item.language, (counts.get(item.language) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}
