import type { RecordingEntryInput } from "@undercurrent/core";
import { burstRecordingBurstStart, burstRecordingHour, burstRecording as coreBurstRecording } from "@undercurrent/core/testing";

/** `recordingStart` plus `hours`. */
export const recordingHour = burstRecordingHour;

/** When the planted burst starts: day 8, 02:00, on GitHub; Hacker News follows five hours later. */
export const burstStart = burstRecordingBurstStart;

/** Ten days of core's burst recording with eight noise stories a day: small enough for CLI tests. */
export function burstRecording(): RecordingEntryInput[] {
  return coreBurstRecording({ days: 10, noisePerDay: 8, seed: 7 });
}
