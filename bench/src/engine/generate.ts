import type { PullResult, Source, SourceItem } from "@undercurrent/core";
import { randomWord, seededRandom } from "../trends/trend-fixture.js";

const hour = 3_600_000;

/** The three synthetic sources and the item kind each produces. */
export const syntheticSources = [
  { id: "synthetic-news", kind: "story", share: 0.5 },
  { id: "synthetic-forum", kind: "post", share: 0.35 },
  { id: "synthetic-code", kind: "repository", share: 0.15 },
] as const;

/** Options of {@link createSyntheticStream}. */
export interface SyntheticStreamOptions {
  /** Items in the whole stream. */
  items: number;
  /** Seed of every random choice; the same options give the same stream. */
  seed?: number;
  /** Items per hour (spread evenly); the stream lasts as many hours as that takes. Defaults to 300. */
  ratePerHour?: number;
  /** Hours the stream spans, overriding `ratePerHour`. */
  hours?: number;
  /** First moment of the stream. Defaults to 2030-01-01T00:00Z. */
  start?: Date;
  /** Topics mentioned at a steady rate throughout (should never be flagged). Defaults to 100. */
  steadyTopics?: number;
  /** Share of the items that belong to steady topics. Defaults to 0.3. */
  steadyShare?: number;
  /**
   * Bursts to plant, evenly spread after the first two days (one topic each, mentioned about once a day before).
   * Defaults to one a day from hour 48 to the end.
   */
  bursts?: number;
  /** Items of one burst. Defaults to 24. */
  burstSize?: number;
  /** Hours a burst lasts. Defaults to 6. */
  burstHours?: number;
  /** Words of the background vocabulary. Defaults to 5,000. */
  vocabulary?: number;
}

/** A burst planted in the stream. */
export interface PlantedBurst {
  /** Index of its topic (see {@link SyntheticStream.topicOf}). */
  topic: number;
  /** The topic's signature words. */
  words: string[];
  /** Start and end of the burst (ms). */
  start: number;
  end: number;
  /** Sources the burst's items are spread over (two or three). */
  sources: string[];
  items: number;
}

/** A generated stream: one `Source` per synthetic source, the planted bursts, and the topic of each item. */
export interface SyntheticStream {
  start: number;
  end: number;
  hours: number;
  items: number;
  sources: Source[];
  bursts: PlantedBurst[];
  /** Topic of an item id: -1 for background chatter, `0 … steadyTopics - 1` steady, then one per burst. */
  topicOf(itemId: string): number;
}

interface Planned {
  source: number;
  topic: number;
}

function words(random: () => number, count: number, avoid: ReadonlySet<string>): string[] {
  const chosen: string[] = [];
  const seen = new Set(avoid);
  while (chosen.length < count) {
    const word = randomWord(random);
    if (seen.has(word)) continue;
    seen.add(word);
    chosen.push(word);
  }
  return chosen;
}

/**
 * Generates a deterministic synthetic stream: background chatter (titles of random words from a vocabulary),
 * steady topics (three of four signature words plus random words), and bursts planted at known times, each a
 * topic mentioned about once a day that suddenly gets `burstSize` items within `burstHours` across two or three
 * sources. Items are made lazily, hour by hour, as the sources are pulled.
 */
export function createSyntheticStream(options: SyntheticStreamOptions): SyntheticStream {
  const {
    items,
    seed = 1,
    ratePerHour = 300,
    hours = Math.max(1, Math.ceil(items / ratePerHour)),
    start = new Date("2030-01-01T00:00:00Z"),
    steadyTopics = 100,
    steadyShare = 0.3,
    burstSize = 24,
    burstHours = 6,
    vocabulary: vocabularySize = 5_000,
  } = options;
  // Bursts start after two days of history (or halfway through a short stream): one a day unless a count is given.
  const firstBurstHour = Math.min(48, Math.floor(hours / 2));
  const room = Math.max(0, hours - firstBurstHour - burstHours);
  const burstCount = options.bursts ?? (hours - firstBurstHour >= burstHours ? Math.floor(room / 24) + 1 : 0);
  const burstSpacing = options.bursts === undefined ? 24 : Math.max(1, Math.floor(room / Math.max(1, burstCount)));
  const startTime = start.getTime();
  const random = seededRandom(seed);
  const vocabulary = words(random, vocabularySize, new Set());
  const used = new Set(vocabulary);
  const topicWords: string[][] = [];
  for (let topic = 0; topic < steadyTopics + burstCount; topic++) {
    const signature = words(random, 4, used);
    for (const word of signature) used.add(word);
    topicWords.push(signature);
  }
  const bursts: PlantedBurst[] = Array.from({ length: burstCount }, (_, index) => {
    const burstHour = firstBurstHour + index * burstSpacing;
    const sourceIds = syntheticSources.map((source) => source.id);
    return {
      topic: steadyTopics + index,
      words: topicWords[steadyTopics + index]!,
      start: startTime + burstHour * hour,
      end: startTime + (burstHour + burstHours) * hour,
      sources: index % 2 === 0 ? [...sourceIds] : [sourceIds[index % 3]!, sourceIds[(index + 1) % 3]!],
      items: burstSize,
    };
  });

  const perHour = (hourIndex: number) => Math.floor(((hourIndex + 1) * items) / hours) - Math.floor((hourIndex * items) / hours);
  const firstSequence = (hourIndex: number) => Math.floor((hourIndex * items) / hours);
  const topics = new Int32Array(items).fill(-1);
  const sourceIndex = new Map<string, number>(syntheticSources.map((source, index) => [source.id, index]));

  /** The plan of an hour: which source and topic each of its items has. */
  function planHour(hourIndex: number): Planned[] {
    const hourRandom = seededRandom(seed * 1_000_003 + hourIndex);
    const count = perHour(hourIndex);
    const plan: Planned[] = [];
    const time = startTime + hourIndex * hour;
    for (const burst of bursts) {
      if (time >= burst.start && time < burst.end) {
        const share = Math.ceil(burst.items / burstHours);
        for (let index = 0; index < share && plan.length < count; index++) {
          plan.push({ source: sourceIndex.get(burst.sources[index % burst.sources.length]!)!, topic: burst.topic });
        }
      } else if ((hourIndex + burst.topic * 7) % 24 === 0 && time < burst.start && plan.length < count) {
        // The topic's quiet history: about one mention a day.
        plan.push({ source: Math.floor(hourRandom() * 3), topic: burst.topic });
      }
    }
    while (plan.length < count) {
      const draw = hourRandom();
      const source = draw < syntheticSources[0].share ? 0 : draw < syntheticSources[0].share + syntheticSources[1].share ? 1 : 2;
      const topic = hourRandom() < steadyShare ? Math.floor(hourRandom() * steadyTopics) : -1;
      plan.push({ source, topic });
    }
    // Shuffle, so a burst's items are spread over the hour.
    for (let index = plan.length - 1; index > 0; index--) {
      const other = Math.floor(hourRandom() * (index + 1));
      [plan[index], plan[other]] = [plan[other]!, plan[index]!];
    }
    return plan;
  }

  function makeItem(sequence: number, planned: Planned, publishedAt: Date, itemRandom: () => number): SourceItem {
    const source = syntheticSources[planned.source]!;
    const pick = () => vocabulary[Math.floor(itemRandom() * vocabulary.length)]!;
    let textWords: string[];
    if (planned.topic >= 0) {
      const signature = [...topicWords[planned.topic]!];
      signature.splice(Math.floor(itemRandom() * 4), 1);
      textWords = [...signature, pick(), pick(), pick()];
    } else {
      textWords = [pick(), pick(), pick(), pick(), pick(), pick()];
    }
    const author = `user${Math.floor(itemRandom() * 50_000)}`;
    const externalId = String(sequence);
    const base = {
      id: `${source.id}:${externalId}`,
      source: source.id,
      externalId,
      author: { id: author },
      publishedAt,
      fetchedAt: publishedAt,
    };
    if (source.kind === "repository") {
      return {
        ...base,
        kind: "repository",
        title: `${author}/${textWords[0]}-${textWords[1]}`,
        text: textWords.slice(2).join(" "),
        url: `https://code.example/${author}/${textWords[0]}-${textWords[1]}`,
      };
    }
    const title = textWords.join(" ");
    return { ...base, kind: source.kind, title: title[0]!.toUpperCase() + title.slice(1), url: `https://news.example/${externalId}` };
  }

  // An hour's items, made once and kept until every source has pulled them.
  const pending = new Map<number, { items: SourceItem[][]; pulled: number }>();
  function hourItems(hourIndex: number, source: number): SourceItem[] {
    let entry = pending.get(hourIndex);
    if (!entry) {
      const plan = planHour(hourIndex);
      const perSource: SourceItem[][] = syntheticSources.map(() => []);
      const first = firstSequence(hourIndex);
      plan.forEach((planned, index) => {
        const sequence = first + index;
        topics[sequence] = planned.topic;
        const publishedAt = new Date(startTime + hourIndex * hour + Math.floor((index / plan.length) * hour));
        perSource[planned.source]!.push(makeItem(sequence, planned, publishedAt, seededRandom(seed * 7_919 + sequence)));
      });
      entry = { items: perSource, pulled: 0 };
      pending.set(hourIndex, entry);
    }
    entry.pulled++;
    if (entry.pulled === syntheticSources.length) pending.delete(hourIndex);
    return entry.items[source]!;
  }

  const sources = syntheticSources.map(
    (definition, index): Source => ({
      specVersion: "v1",
      id: definition.id,
      displayName: `Synthetic ${definition.kind}s`,
      async pull(request): Promise<PullResult> {
        // Items of hour h are visible once the hour is over; the cursor is the next hour to hand out.
        let next = typeof request.cursor === "number" ? request.cursor : 0;
        const due = Math.min(hours, Math.floor((request.until.getTime() - startTime) / hour));
        const batch: SourceItem[] = [];
        while (next < due && batch.length < request.limit) batch.push(...hourItems(next++, index));
        return { items: batch, cursor: next, hasMore: next < due };
      },
    }),
  );

  return {
    start: startTime,
    end: startTime + hours * hour,
    hours,
    items,
    sources,
    bursts,
    topicOf(itemId) {
      const sequence = Number(itemId.slice(itemId.indexOf(":") + 1));
      return Number.isInteger(sequence) && sequence >= 0 && sequence < items ? topics[sequence]! : -1;
    },
  };
}
