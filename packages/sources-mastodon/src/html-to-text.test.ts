import { describe, expect, it } from "vitest";
import { htmlToText } from "./html-to-text.js";

describe("htmlToText", () => {
  it("turns paragraphs into blank lines and <br> into line breaks", () => {
    expect(htmlToText("<p>one<br>two<br />three</p><p>four</p>")).toBe("one\ntwo\nthree\n\nfour");
  });

  it("keeps the hidden parts of Mastodon's shortened links, so the URL comes out whole", () => {
    const html =
      '<p><a href="https://example.org/a/long/path"><span class="invisible">https://</span><span class="ellipsis">example.org/a/lo</span><span class="invisible">ng/path</span></a></p>';
    expect(htmlToText(html)).toBe("https://example.org/a/long/path");
  });

  it("decodes named and numeric entities", () => {
    expect(htmlToText("<p>Tom &amp; Jerry &lt;3 &quot;cheese&quot; &#39;n&#x27; crackers&nbsp;&#128008; &bogus;</p>")).toBe(
      "Tom & Jerry <3 \"cheese\" 'n' crackers 🐈 &bogus;",
    );
  });

  it("collapses runs of spaces and trims lines, and returns an empty string for empty content", () => {
    expect(htmlToText("<p>  a   b  </p>\n<p></p><p></p><p>c</p>")).toBe("a b\n\nc");
    expect(htmlToText("")).toBe("");
  });

  it("does not turn escaped markup back into tags it then strips", () => {
    expect(htmlToText("<p>use &lt;br&gt; for breaks</p>")).toBe("use <br> for breaks");
  });
});
