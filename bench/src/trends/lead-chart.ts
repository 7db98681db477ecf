import { detectionWindowDays, type PositiveResult } from "./score.js";

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * A horizontal bar chart (SVG) of the lead of each positive topic: hours between the first flag inside the
 * detection window and the reference day (0–336). Undetected topics are listed with the reason.
 */
export function leadTimeChart(topics: readonly PositiveResult[], subtitle: string): string {
  const maxHours = detectionWindowDays * 24;
  const left = 170;
  const plotWidth = 480;
  const right = 250;
  const top = 58;
  const row = 26;
  const width = left + plotWidth + right;
  const height = top + topics.length * row + 40;
  const x = (hours: number) => left + (Math.max(0, Math.min(maxHours, hours)) / maxHours) * plotWidth;
  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    "<title>Lead time per positive topic (hours before the reference day)</title>",
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="20" font-size="15" font-weight="bold">Lead time per positive topic (hours before the reference day)</text>`,
    `<text x="${left}" y="38" fill="#555">${escapeXml(subtitle)}</text>`,
  ];
  for (let hours = 0; hours <= maxHours; hours += 48) {
    const position = x(hours).toFixed(1);
    lines.push(`<line x1="${position}" y1="${top - 6}" x2="${position}" y2="${top + topics.length * row}" stroke="#e3e3e3"/>`);
    lines.push(`<text x="${position}" y="${top + topics.length * row + 16}" text-anchor="middle" fill="#555">${hours}</text>`);
  }
  lines.push(
    `<text x="${left + plotWidth / 2}" y="${top + topics.length * row + 32}" text-anchor="middle" fill="#555">hours of lead (at most ${maxHours}: flags more than 14 days early do not count)</text>`,
  );
  topics.forEach((topic, index) => {
    const y = top + index * row;
    lines.push(`<text x="${left - 8}" y="${y + row / 2 + 4}" text-anchor="end">${escapeXml(topic.id)}</text>`);
    if (topic.detected && topic.leadHours !== null) {
      const end = x(topic.leadHours);
      lines.push(`<rect x="${left}" y="${y + 5}" width="${Math.max(1, end - left).toFixed(1)}" height="${row - 10}" fill="#2f6db5"/>`);
      lines.push(
        `<text x="${(end + 6).toFixed(1)}" y="${y + row / 2 + 4}">${Math.round(topic.leadHours)} h (ref ${topic.referenceDay})</text>`,
      );
    } else {
      const reason =
        topic.referenceDay === null
          ? "no matching item"
          : topic.firstFlagTime === null
            ? `not detected: never flagged (ref ${topic.referenceDay})`
            : `not detected: first flag ${topic.firstFlagTime.slice(0, 10)}, ref ${topic.referenceDay}`;
      lines.push(`<text x="${left + 6}" y="${y + row / 2 + 4}" fill="#b03a2e">${escapeXml(reason)}</text>`);
    }
  });
  lines.push("</svg>");
  return `${lines.join("\n")}\n`;
}
