import { describe, expect, it } from "vitest";
import { countWords, extractNumbers, isFirstPerson, keyPhrases, quantities, splitSentences, truncateWords } from "./text-tools.js";

describe("splitSentences", () => {
  it("splits at sentence ends but not inside names, numbers and abbreviations", () => {
    expect(
      splitSentences(
        "It is 5x faster than Node.js, e.g. on U.S. benchmarks! Downloads rose 40% to $3.5 million. Dr. Smith agreed. Is it ready?",
      ),
    ).toEqual([
      "It is 5x faster than Node.js, e.g. on U.S. benchmarks!",
      "Downloads rose 40% to $3.5 million.",
      "Dr. Smith agreed.",
      "Is it ready?",
    ]);
  });

  it("ends sentences at line breaks and drops lines without words", () => {
    expect(splitSentences("A title\n\n---\nFirst line. Second line")).toEqual(["A title", "First line.", "Second line"]);
  });
});

describe("numbers", () => {
  it("finds numbers as written, with their units", () => {
    expect(extractNumbers("Bun served 3x more requests with 40% less memory, $3.5 million and 80,000 stars in 41 seconds")).toEqual([
      "3x",
      "40%",
      "$3.5 million",
      "80,000 stars",
      "41 seconds",
    ]);
    expect(extractNumbers("an S3 client and http2")).toEqual([]);
  });

  it("leaves out the topic's own version and bare version numbers after a name", () => {
    expect(quantities("Bun 1.2 beats Node.js 22 by 3x in March 2026", ["Bun 1.2"])).toEqual(["3x", "2026"]);
  });
});

describe("isFirstPerson", () => {
  it("spots sentences a presenter must quote", () => {
    expect(isFirstPerson("I benchmarked three apps.")).toBe(true);
    expect(isFirstPerson("We moved our CI to Bun.")).toBe(true);
    expect(isFirstPerson("Our team is considering Bun.")).toBe(true);
    expect(isFirstPerson("The US market grew.")).toBe(false);
    expect(isFirstPerson("Bun now runs on Windows.")).toBe(false);
  });
});

describe("words", () => {
  it("counts words and cuts at a word boundary", () => {
    expect(countWords("Bun 1.2 — fast, really fast!")).toBe(5);
    expect(truncateWords("one two three four five", 3)).toBe("one two three…");
    expect(truncateWords("one two", 3)).toBe("one two");
  });

  it("finds the key phrases of several texts, most widespread first", async () => {
    const phrases = await keyPhrases(["Stable Diffusion runs on a laptop.", "Stable Diffusion 2 is out.", "A new laptop GPU."], 3);
    expect(phrases[0]).toEqual({ key: "stable diffusion", display: "Stable Diffusion", count: 2 });
    expect(phrases.map((phrase) => phrase.key)).toContain("laptop");
  });
});
