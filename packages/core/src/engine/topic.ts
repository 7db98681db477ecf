import type { TrendEvidence } from "../schemas/trend.js";
import { dot } from "../vectors/vector-math.js";

const hour = 3_600_000;

/** One item as a topic remembers it (recent members only keep their vector). */
export interface TopicMember {
  itemId: string;
  source: string;
  author: string | undefined;
  /** When the item became visible (publication, clamped to the pipeline's time). */
  at: number;
  vector: Float32Array | undefined;
  /** Keys of the item's key phrases (moved along when a split moves the member). */
  phrases: string[];
}

/** A key phrase of a topic's members: how many carry it and its most used spelling (and, once there are several, their tally). */
export interface TopicPhrase {
  count: number;
  display: string;
  spellings?: Map<string, number>;
}

/** A phrase's spellings with their counts. */
function spellings(phrase: TopicPhrase): Iterable<[string, number]> {
  return phrase.spellings ?? [[phrase.display, phrase.count]];
}

/** Mentions in one hour. */
interface HourBucket {
  count: number;
  bySource: Map<string, number>;
  authors: Set<string>;
  engagement: number;
}

/** Counts of a topic over a window. */
export interface WindowCounts {
  mentions: number;
  bySource: Map<string, number>;
  authors: number;
  engagement: number;
}

/**
 * A group of items about the same thing, built incrementally. Keeps a running centroid, hourly counts
 * (bounded to the history the scoring needs), the first time each source saw it, its key phrases, and the
 * vectors of its most recent members (for drift checks and splits).
 */
export class Topic {
  readonly id: string;
  readonly createdAt: number;
  private readonly sum: Float32Array;
  size = 0;
  readonly hours = new Map<number, HourBucket>();
  readonly firstSeenBySource = new Map<string, number>();
  readonly recent: TopicMember[] = [];
  /** Every member's id per source, oldest first (evidence). */
  readonly memberIdsBySource = new Map<string, string[]>();
  /** Key phrases of the members: how many carry each, and its most used spelling. */
  readonly phrases = new Map<string, TopicPhrase>();
  sentimentSum = 0;
  private readonly engagementTotals = new Map<string, number>();
  /** Set once the topic has been flagged as a trend. */
  flaggedAt: number | undefined;
  /** Largest 24-hour mention count seen, for the declining test. */
  peakMentions = 0;
  /** Highest confidence reached: how sure we are the topic is a real trend, not how hot it is now. */
  peakConfidence = 0;
  /** Id of the topic this one was merged into. */
  mergedInto: string | undefined;
  linkKeys = new Set<string>();
  /** The engine's last name, keywords and related trends for this topic, and when it worked them out. */
  described: { at: number; size: number; name: string; keywords: string[]; related: string[] } | undefined;
  /** The engine's last evidence for this topic, with the state it was worked out from. */
  evidence: { key: string; entries: TrendEvidence[] } | undefined;

  /** The newest member's time once `recent` was emptied by {@link Topic.compact}. */
  private lastAt: number;
  /** The unit centroid, kept until the members change (trends compare centroids on every pass). */
  private centroidCache: Float32Array | undefined;

  constructor(id: string, createdAt: number, dimensions: number) {
    this.id = id;
    this.createdAt = createdAt;
    this.lastAt = createdAt;
    this.sum = new Float32Array(dimensions);
  }

  /** The unit centroid of all members. */
  centroid(): Float32Array {
    if (this.centroidCache) return this.centroidCache;
    const result = new Float32Array(this.sum.length);
    let norm = 0;
    for (const value of this.sum) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    for (let index = 0; index < result.length; index++) result[index] = this.sum[index]! / norm;
    this.centroidCache = result;
    return result;
  }

  /** Adds a member and its hourly count. */
  add(member: TopicMember, engagement: number, maxRecent: number): void {
    if (member.vector) for (let index = 0; index < this.sum.length; index++) this.sum[index]! += member.vector[index]!;
    this.centroidCache = undefined;
    this.size++;
    this.idsOf(member.source).push(member.itemId);
    this.count(member, 1, engagement);
    const first = this.firstSeenBySource.get(member.source);
    if (first === undefined || member.at < first) this.firstSeenBySource.set(member.source, member.at);
    this.recent.push(member);
    if (this.recent.length > maxRecent) this.recent.shift();
  }

  /** Removes members (a split), with their counts and contribution to the centroid. */
  removeMembers(members: readonly TopicMember[]): void {
    const ids = new Set(members.map((member) => member.itemId));
    for (const member of members) {
      if (member.vector) for (let index = 0; index < this.sum.length; index++) this.sum[index]! -= member.vector[index]!;
      this.centroidCache = undefined;
      this.size--;
      this.count(member, -1, 0);
    }
    for (let index = this.recent.length - 1; index >= 0; index--) if (ids.has(this.recent[index]!.itemId)) this.recent.splice(index, 1);
    for (const [source, sourceIds] of this.memberIdsBySource) {
      const kept = sourceIds.filter((id) => !ids.has(id));
      if (kept.length > 0) this.memberIdsBySource.set(source, kept);
      else this.memberIdsBySource.delete(source);
    }
  }

  /** Takes over everything of `other` (a merge). */
  absorb(other: Topic, maxRecent: number): void {
    for (let index = 0; index < this.sum.length; index++) this.sum[index]! += other.sum[index]!;
    this.centroidCache = undefined;
    this.size += other.size;
    for (const [source, sourceIds] of other.memberIdsBySource) {
      const mine = this.idsOf(source);
      for (const id of sourceIds) mine.push(id);
    }
    for (const [hourIndex, bucket] of other.hours) {
      const mine = this.bucket(hourIndex);
      mine.count += bucket.count;
      mine.engagement += bucket.engagement;
      for (const [source, count] of bucket.bySource) mine.bySource.set(source, (mine.bySource.get(source) ?? 0) + count);
      for (const author of bucket.authors) mine.authors.add(author);
    }
    for (const [source, at] of other.firstSeenBySource) {
      const first = this.firstSeenBySource.get(source);
      if (first === undefined || at < first) this.firstSeenBySource.set(source, at);
    }
    this.recent.push(...other.recent);
    this.recent.sort((a, b) => a.at - b.at);
    this.recent.splice(0, Math.max(0, this.recent.length - maxRecent));
    for (const [key, phrase] of other.phrases) {
      for (const [display, count] of spellings(phrase)) this.addPhrase(key, display, count);
    }
    this.sentimentSum += other.sentimentSum;
    for (const [source, engagement] of other.engagementTotals)
      this.engagementTotals.set(source, this.engagementBySource(source) + engagement);
    this.peakMentions = Math.max(this.peakMentions, other.peakMentions);
    this.peakConfidence = Math.max(this.peakConfidence, other.peakConfidence);
    for (const key of other.linkKeys) this.linkKeys.add(key);
    if (other.flaggedAt !== undefined) this.flaggedAt = Math.min(this.flaggedAt ?? other.flaggedAt, other.flaggedAt);
  }

  /** Adds (normalised) engagement of a source to the hour an item was counted in. */
  addEngagement(at: number, engagement: number, source: string): void {
    this.bucket(Math.floor(at / hour)).engagement += engagement;
    this.engagementTotals.set(source, (this.engagementTotals.get(source) ?? 0) + engagement);
  }

  /** All normalised engagement a source contributed. */
  engagementBySource(source: string): number {
    return this.engagementTotals.get(source) ?? 0;
  }

  /** Counts over `(from, to]`. */
  window(from: number, to: number): WindowCounts {
    const counts: WindowCounts = { mentions: 0, bySource: new Map(), authors: 0, engagement: 0 };
    const authors = new Set<string>();
    const first = Math.floor(from / hour) + 1;
    const last = Math.floor(to / hour);
    for (let hourIndex = first; hourIndex <= last; hourIndex++) {
      const bucket = this.hours.get(hourIndex);
      if (!bucket) continue;
      counts.mentions += bucket.count;
      counts.engagement += bucket.engagement;
      for (const [source, count] of bucket.bySource) counts.bySource.set(source, (counts.bySource.get(source) ?? 0) + count);
      for (const author of bucket.authors) authors.add(author);
    }
    counts.authors = authors.size;
    return counts;
  }

  /** Mentions per hour over `(from, to]`, oldest first. */
  hourly(from: number, to: number): { at: Date; value: number }[] {
    const points: { at: Date; value: number }[] = [];
    for (let hourIndex = Math.floor(from / hour) + 1; hourIndex <= Math.floor(to / hour); hourIndex++) {
      points.push({ at: new Date(hourIndex * hour), value: this.hours.get(hourIndex)?.count ?? 0 });
    }
    return points;
  }

  /** When the newest member became visible. */
  get lastMemberAt(): number {
    return this.recent.length > 0 ? this.recent.at(-1)!.at : this.lastAt;
  }

  /**
   * Frees what an idle or merged-away topic no longer needs: the recent members' vectors (a topic quiet for the
   * whole scoring horizon has nothing left to split), and for a merged-away topic everything but its forwarding id.
   */
  compact(): void {
    if (this.recent.length > 0) this.lastAt = this.recent.at(-1)!.at;
    this.recent.length = 0;
    if (this.mergedInto === undefined) return;
    this.hours.clear();
    this.phrases.clear();
    this.memberIdsBySource.clear();
    this.engagementTotals.clear();
    this.linkKeys.clear();
    this.described = undefined;
    this.evidence = undefined;
  }

  /** Forgets hourly counts older than `before`. */
  prune(before: number): void {
    const limit = Math.floor(before / hour);
    for (const hourIndex of this.hours.keys()) if (hourIndex < limit) this.hours.delete(hourIndex);
  }

  /** Mean cosine similarity of the recent members to the centroid (1 = perfectly coherent). */
  coherence(): number {
    const centroid = this.centroid();
    const vectors = this.recent.flatMap((member) => (member.vector ? [member.vector] : []));
    if (vectors.length === 0) return 1;
    return vectors.reduce((sum, vector) => sum + dot(vector, centroid), 0) / vectors.length;
  }

  /** Forgets one occurrence of a phrase (its member left in a split). */
  removePhrase(key: string): void {
    const entry = this.phrases.get(key);
    if (!entry) return;
    entry.count--;
    if (entry.count <= 0) this.phrases.delete(key);
  }

  addPhrases(phrases: readonly { key: string; display: string }[]): void {
    for (const { key, display } of phrases) this.addPhrase(key, display, 1);
  }

  private addPhrase(key: string, display: string, count: number): void {
    const entry = this.phrases.get(key);
    if (!entry) {
      this.phrases.set(key, { count, display });
      return;
    }
    // Most phrases are always spelled one way: the tally of spellings is kept only once a second one appears.
    if (entry.spellings === undefined && display !== entry.display) entry.spellings = new Map([[entry.display, entry.count]]);
    entry.count += count;
    if (!entry.spellings) return;
    entry.spellings.set(display, (entry.spellings.get(display) ?? 0) + count);
    if (entry.spellings.get(display)! > (entry.spellings.get(entry.display) ?? 0)) entry.display = display;
  }

  private count(member: TopicMember, sign: 1 | -1, engagement: number): void {
    const bucket = this.bucket(Math.floor(member.at / hour));
    bucket.count += sign;
    bucket.engagement += sign * engagement;
    bucket.bySource.set(member.source, (bucket.bySource.get(member.source) ?? 0) + sign);
    if (sign > 0 && member.author) bucket.authors.add(member.author);
  }

  private idsOf(source: string): string[] {
    let ids = this.memberIdsBySource.get(source);
    if (!ids) {
      ids = [];
      this.memberIdsBySource.set(source, ids);
    }
    return ids;
  }

  private bucket(hourIndex: number): HourBucket {
    let bucket = this.hours.get(hourIndex);
    if (!bucket) {
      bucket = { count: 0, bySource: new Map(), authors: new Set(), engagement: 0 };
      this.hours.set(hourIndex, bucket);
    }
    return bucket;
  }
}
