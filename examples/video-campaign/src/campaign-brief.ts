import type { CampaignBriefInput } from "@undercurrent/content";

/** The campaign the example plans and renders: six videos for a product launch, on four platforms. */
export const launchCampaign: CampaignBriefInput = {
  name: "Undercurrent Radar",
  goal: "Launch Undercurrent Radar and get content teams to start a free trial.",
  audience: "content teams",
  keyMessages: [
    "Radar spots trends across Hacker News, Reddit and GitHub hours before they peak.",
    "Every script it writes cites its sources.",
  ],
  videoCount: 6,
  platforms: ["tiktok", "instagram-reels", "youtube", "linkedin"],
  startDate: "2026-12-01T00:00:00Z",
  endDate: "2026-12-12T00:00:00Z",
  tone: "professional",
  durationSeconds: 40,
  callToAction: "Start your free trial at undercurrent.dev.",
  bannedWords: ["guaranteed", "viral"],
  research: {
    topic: "Undercurrent Radar",
    whatHappened: { text: "Undercurrent Radar watches public sources and flags rising trends early.", itemIds: ["launch-notes"] },
    keyPoints: [
      {
        text: "Radar compares each source with its own baseline, so a small spike on a quiet source still counts.",
        itemId: "launch-notes",
        source: "launch-notes",
      },
      {
        text: "Teams get a brief, a script and avatar videos for every platform from one trend.",
        itemId: "launch-notes",
        source: "launch-notes",
      },
    ],
    itemIds: ["launch-notes"],
  },
};
