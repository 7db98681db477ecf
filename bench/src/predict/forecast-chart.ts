const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** One model's rising-phase peak errors in days, keyed by how many days before the actual peak it forecast. */
export interface PeakChartSeries {
  name: string;
  colour: string;
  /** Pairs of (days from the last observation to the actual peak, predicted − actual peak time in days). */
  errors: readonly (readonly [number, number])[];
}

/**
 * A grouped bar chart (SVG): for forecasts made 0–6 days before the actual peak, the share whose predicted
 * peak was within ±1 day, per model. Also prints each group's forecast count under the axis.
 */
export function peakTimingChart(models: readonly PeakChartSeries[], subtitle: string): string {
  const leads = [1, 2, 3, 4, 5, 6, 7];
  const left = 60;
  const top = 70;
  const plotHeight = 260;
  const groupWidth = 96;
  const plotWidth = groupWidth * leads.length;
  const legendWidth = 190;
  const width = left + plotWidth + legendWidth + 20;
  const height = top + plotHeight + 70;
  const barWidth = (groupWidth - 16) / Math.max(1, models.length);
  const y = (share: number) => top + plotHeight - share * plotHeight;
  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    "<title>Peak hit rate (±1 day) by days before the actual peak</title>",
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="22" font-size="15" font-weight="bold">Peak predicted within ±1 day, by days to the actual peak</text>`,
    `<text x="${left}" y="42" fill="#555">${escapeXml(subtitle)}</text>`,
  ];
  for (let share = 0; share <= 1.0001; share += 0.25) {
    const position = y(share).toFixed(1);
    lines.push(`<line x1="${left}" y1="${position}" x2="${left + plotWidth}" y2="${position}" stroke="#e3e3e3"/>`);
    lines.push(`<text x="${left - 6}" y="${(y(share) + 4).toFixed(1)}" text-anchor="end" fill="#555">${Math.round(share * 100)}%</text>`);
  }
  leads.forEach((lead, group) => {
    const x0 = left + group * groupWidth + 8;
    let count = 0;
    models.forEach((model, index) => {
      const inGroup = model.errors.filter(([days]) => Math.round(days) === lead);
      count = Math.max(count, inGroup.length);
      if (inGroup.length === 0) return;
      const share = inGroup.filter(([, error]) => Math.abs(error) <= 1 + 1e-9).length / inGroup.length;
      const x = x0 + index * barWidth;
      lines.push(
        `<rect x="${x.toFixed(1)}" y="${y(share).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(top + plotHeight - y(share)).toFixed(1)}" fill="${model.colour}"><title>${escapeXml(model.name)}: ${Math.round(share * 100)}% of ${inGroup.length}</title></rect>`,
      );
    });
    lines.push(`<text x="${x0 + (groupWidth - 16) / 2}" y="${top + plotHeight + 16}" text-anchor="middle">${lead} d</text>`);
    lines.push(`<text x="${x0 + (groupWidth - 16) / 2}" y="${top + plotHeight + 30}" text-anchor="middle" fill="#777">n=${count}</text>`);
  });
  lines.push(
    `<text x="${left + plotWidth / 2}" y="${top + plotHeight + 52}" text-anchor="middle" fill="#555">days from the last observation to the actual peak (forecasts made in the rising phase)</text>`,
  );
  models.forEach((model, index) => {
    const ly = top + index * 20;
    lines.push(`<rect x="${left + plotWidth + 20}" y="${ly}" width="12" height="12" fill="${model.colour}"/>`);
    lines.push(`<text x="${left + plotWidth + 38}" y="${ly + 10}">${escapeXml(model.name)}</text>`);
  });
  lines.push("</svg>");
  return `${lines.join("\n")}\n`;
}
