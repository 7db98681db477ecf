import { describe, expect, it } from "vitest";
import { decodeEntities, htmlToLine, htmlToText } from "./html-text.js";

describe("htmlToText", () => {
  it("drops tags, scripts, styles and comments, and keeps paragraphs apart", () => {
    const html = '<!-- SC_OFF --><div class="md"><p>Hello <b>world</b></p><script>track()</script><style>p{}</style><p>Second</p></div>';
    expect(htmlToText(html)).toBe("Hello world\nSecond");
  });

  it("decodes entities left after the parser, numeric and named", () => {
    expect(decodeEntities("a &amp; b &#8217; &#x2014; &hellip; &unknown; &#0;")).toBe("a & b ’ — … &unknown; &#0;");
  });

  it("leaves a lone < in plain text alone", () => {
    expect(htmlToText("1 < 2 and 3 > 2")).toBe("1 < 2 and 3 > 2");
  });

  it("separates table cells and collapses whitespace", () => {
    expect(htmlToText("<table><tr><td> a </td><td>b&nbsp;&nbsp;c</td></tr></table>")).toBe("a b c");
  });

  it("puts a title on one line", () => {
    expect(htmlToLine("Rust<br/>2.0\n  released")).toBe("Rust 2.0 released");
  });
});
