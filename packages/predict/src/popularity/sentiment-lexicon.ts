// A small hand-picked polarity lexicon for headlines (the default when no `TextAnalyzer` is passed).
const positive = new Set(
  "amazing awesome beautiful best better brilliant celebrate cool delight easy elegant excellent exciting fantastic fast faster fun free good great happy improve improved improves incredible innovative love lovely nice perfect powerful simple smart success successful surprising thrive top triumph useful win wins winning wonderful wow".split(
    " ",
  ),
);
const negative = new Set(
  "abuse angry awful bad banned breach broken bug bugs catastrophe crash crisis dangerous dead death die dies disaster fail failed failing fails failure fake fear flaw hack hacked harm hate horrible kill killed kills layoffs leak leaked lie lies loss lost outage poor problem problems risk sad scam scandal slow struggle terrible threat ugly vulnerability war warning worse worst wrong".split(
    " ",
  ),
);
const negators = new Set(["not", "no", "never", "isn't", "don't", "doesn't", "can't", "won't", "without"]);

/** Lower-case word tokens (letters, digits and inner apostrophes). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
}

/** Polarity in [−1, 1]: (positive − negative hits) over hits, a negator just before a word flipping it. 0 without hits. */
export function lexiconSentiment(text: string): number {
  let score = 0;
  let hits = 0;
  const tokens = words(text);
  tokens.forEach((token, index) => {
    const sign = positive.has(token) ? 1 : negative.has(token) ? -1 : 0;
    if (sign === 0) return;
    const flipped = index > 0 && negators.has(tokens[index - 1]!);
    score += flipped ? -sign : sign;
    hits += 1;
  });
  return hits === 0 ? 0 : score / hits;
}
