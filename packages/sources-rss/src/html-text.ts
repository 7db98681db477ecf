const namedEntities: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  mdash: "—",
  ndash: "–",
  hellip: "…",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  copy: "©",
  reg: "®",
  trade: "™",
};

const codePointText = (codePoint: number, original: string) =>
  Number.isInteger(codePoint) && codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : original;

/** Decodes the HTML entities left after the feed parser's own decoding (feeds that escape twice, like Reddit's). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (original, body: string) => {
    if (body.startsWith("#x") || body.startsWith("#X")) return codePointText(Number.parseInt(body.slice(2), 16), original);
    if (body.startsWith("#")) return codePointText(Number.parseInt(body.slice(1), 10), original);
    return namedEntities[body.toLowerCase()] ?? original;
  });
}

const hiddenElements = /<(script|style|noscript|template|iframe)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const blockTags = /<\/?(?:p|div|br|hr|li|ul|ol|h[1-6]|blockquote|pre|table|tr|section|article|header|footer|figure|figcaption)\b[^>]*>/gi;
const cellTags = /<\/?(?:td|th)\b[^>]*>/gi;
// A tag starts with a letter (or `/` and a letter), so "a < b" in plain text survives.
const anyTag = /<\/?[a-z][^>]*>/gi;

/** Plain text of an HTML fragment: hidden elements and tags removed, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(hiddenElements, " ")
    .replace(blockTags, "\n")
    .replace(cellTags, " ")
    .replace(anyTag, "");
  return decodeEntities(text)
    .replace(/[^\S\n]+/g, " ")
    .replace(/ ?\n[\s]*/g, "\n")
    .trim();
}

/** Plain text on one line, for titles. */
export function htmlToLine(html: string): string {
  return htmlToText(html).replace(/\s+/g, " ");
}
