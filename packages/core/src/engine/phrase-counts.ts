const hour = 3_600_000;

/** One recent occurrence of a phrase. */
interface Occurrence {
  itemId: string;
  author: string | undefined;
  at: number;
}

/** Occurrences of one phrase over `(from, to]`. */
export interface PhraseWindow {
  mentions: number;
  authors: number;
  itemIds: string[];
}

/**
 * Recent occurrences of every key phrase, per hour, for the burst test on phrases: a new name ("ChatGPT",
 * "Stable Diffusion") often bursts before any one topic of similar titles does, because the items that carry it
 * say different things around it. Only the hours the scoring looks at are kept (see {@link PhraseCounts.prune}).
 */
export class PhraseCounts {
  private readonly occurrences = new Map<string, Occurrence[]>();

  /** Records that an item carrying `key` became visible at `at`. */
  add(key: string, occurrence: Occurrence): void {
    let list = this.occurrences.get(key);
    if (!list) {
      list = [];
      this.occurrences.set(key, list);
    }
    list.push(occurrence);
  }

  /** Occurrences of `key` over `(from, to]`. */
  window(key: string, from: number, to: number): PhraseWindow {
    const result: PhraseWindow = { mentions: 0, authors: 0, itemIds: [] };
    const authors = new Set<string>();
    for (const occurrence of this.occurrences.get(key) ?? []) {
      if (occurrence.at <= from || occurrence.at > to) continue;
      result.mentions++;
      result.itemIds.push(occurrence.itemId);
      if (occurrence.author) authors.add(occurrence.author);
    }
    result.authors = authors.size;
    return result;
  }

  /** Forgets occurrences older than `before` (whole hours), and phrases left with none. */
  prune(before: number): void {
    const limit = Math.floor(before / hour) * hour;
    for (const [key, list] of this.occurrences) {
      const kept = list.filter((occurrence) => occurrence.at >= limit);
      if (kept.length === 0) this.occurrences.delete(key);
      else if (kept.length !== list.length) this.occurrences.set(key, kept);
    }
  }
}
