const urlPattern = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'"]/g;

/** The URLs in a text. */
export function findUrls(text: string): string[] {
  return text.match(urlPattern) ?? [];
}

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

/** User-perceived characters (grapheme clusters, via `Intl.Segmenter`): a family emoji or a flag counts once. */
export function countGraphemes(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

/** The grapheme clusters of a text. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (segment) => segment.segment);
}

/** Length in UTF-16 code units (JavaScript's `length`), the most cautious count: an emoji is 2 or more. */
export function countCharacters(text: string): number {
  return text.length;
}

/** UTF-8 bytes (YouTube's description limit is 5,000 bytes). */
export function countBytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** X's URL length: every link counts as 23 characters once shortened. */
export const xLinkLength = 23;

const singleWeightRanges: [number, number][] = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];

/**
 * X's weighted length (twitter-text v3): Latin and common punctuation count 1, other scripts (CJK, …) 2, an emoji
 * sequence 2, and every URL 23.
 */
export function countXWeighted(text: string): number {
  let length = 0;
  let rest = text;
  for (const url of findUrls(text)) {
    length += xLinkLength;
    rest = rest.replace(url, "");
  }
  for (const cluster of graphemes(rest)) {
    if (/\p{Extended_Pictographic}/u.test(cluster)) {
      length += 2;
      continue;
    }
    for (const character of cluster) {
      const code = character.codePointAt(0)!;
      length += singleWeightRanges.some(([low, high]) => code >= low && code <= high) ? 1 : 2;
    }
  }
  return length;
}

/** Mastodon's length: graphemes, with every URL counted as 23 characters. */
export function countMastodon(text: string): number {
  let length = 0;
  let rest = text;
  for (const url of findUrls(text)) {
    length += xLinkLength;
    rest = rest.replace(url, "");
  }
  return length + countGraphemes(rest);
}
