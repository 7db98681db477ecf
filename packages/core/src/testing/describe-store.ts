import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../contracts/store.js";
import { UndercurrentError, ValidationError } from "../errors.js";
import {
  hoursAfterEpoch,
  makeCalendarEntry,
  makeCompetitorSnapshot,
  makeContentDraft,
  makeItem,
  makeObservation,
  makePrediction,
  makeTimeSeries,
  makeTrend,
  makeTrendSnapshot,
  makeUserEvent,
  makeUserProfile,
  makeVideoJob,
} from "./fixtures.js";

/** How {@link describeStore} gets stores. */
export interface DescribeStoreOptions {
  /** Returns a fresh, empty store. Called before every test. */
  create: () => Promise<Store>;
  /** Closes `store` and opens the same data again. Given for persistent stores. */
  reopen?: (store: Store) => Promise<Store>;
}

/**
 * The conformance suite every `Store` implementation runs: round trips of every shape, query filters and
 * ordering, upsert and de-duplication rules, validation errors naming the field, atomic batches,
 * transactions (commit, rollback, isolation) and, with `reopen`, persistence.
 */
export function describeStore(name: string, options: DescribeStoreOptions): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await options.create();
    });
    afterEach(async () => {
      await store.close().catch(() => undefined);
    });

    it("declares the v1 contract", () => {
      expect(store.specVersion).toBe("v1");
      expect(store.id).toMatch(/\S/);
    });

    describe("items", () => {
      it("round-trips an item with dates, author, tags and metadata", async () => {
        const item = makeItem({ metadata: { isShowHN: true, points: 3 } });
        const result = await store.putItems([item]);
        expect(result).toEqual({ inserted: 1, updated: 0, insertedIds: [item.id] });
        const stored = await store.getItem(item.id);
        expect(stored).toEqual(item);
        expect(stored?.publishedAt).toBeInstanceOf(Date);
        expect(await store.getItem("test-source:missing")).toBeUndefined();
      });

      it("counts inserts and real updates, and keeps the first fetchedAt", async () => {
        const item = makeItem();
        await store.putItems([item]);
        const same = await store.putItems([{ ...item, fetchedAt: hoursAfterEpoch(5) }]);
        expect(same).toEqual({ inserted: 0, updated: 0, insertedIds: [] });
        const changed = await store.putItems([
          { ...item, title: "Rust 2.0 (updated)", fetchedAt: hoursAfterEpoch(9) },
          makeItem({ externalId: "2" }),
        ]);
        expect(changed).toEqual({ inserted: 1, updated: 1, insertedIds: ["test-source:2"] });
        const stored = await store.getItem(item.id);
        expect(stored?.title).toBe("Rust 2.0 (updated)");
        expect(stored?.fetchedAt).toEqual(item.fetchedAt);
      });

      it("lists by source and publication window, oldest first, with a limit, and counts", async () => {
        await store.putItems([
          makeItem({ externalId: "c", publishedAt: hoursAfterEpoch(3) }),
          makeItem({ externalId: "a", publishedAt: hoursAfterEpoch(1) }),
          makeItem({ externalId: "b", publishedAt: hoursAfterEpoch(2) }),
          makeItem({ source: "other", externalId: "x", publishedAt: hoursAfterEpoch(2) }),
        ]);
        const all = await store.listItems();
        expect(all.map((item) => item.id)).toEqual(["test-source:a", "other:x", "test-source:b", "test-source:c"]);
        const window = await store.listItems({ source: "test-source", since: hoursAfterEpoch(2), until: hoursAfterEpoch(3) });
        expect(window.map((item) => item.externalId)).toEqual(["b"]);
        expect((await store.listItems({ limit: 2 })).length).toBe(2);
        expect(await store.countItems()).toBe(4);
        expect(await store.countItems({ source: "other" })).toBe(1);
      });

      it("rejects an invalid item with a ValidationError naming the field, and writes nothing of the batch", async () => {
        const bad = { ...makeItem({ externalId: "2" }), url: "not a url" };
        const error = await store.putItems([makeItem(), bad]).catch((caught: unknown) => caught);
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as ValidationError).message).toContain("items.1.url");
        expect(await store.countItems()).toBe(0);
      });
    });

    describe("observations", () => {
      it("appends, replaces the same (item, time), and lists in time order", async () => {
        await store.putItems([makeItem()]);
        const written = await store.putObservations([
          makeObservation({ observedAt: hoursAfterEpoch(2), metrics: { score: 20 } }),
          makeObservation({ observedAt: hoursAfterEpoch(1), metrics: { score: 10 } }),
        ]);
        expect(written).toBe(2);
        await store.putObservations([makeObservation({ observedAt: hoursAfterEpoch(2), metrics: { score: 25, comments: 4 } })]);
        const listed = await store.listObservations({ itemId: "test-source:1" });
        expect(listed.map((observation) => observation.metrics.score)).toEqual([10, 25]);
        expect(listed[1]?.metrics).toEqual({ score: 25, comments: 4 });
        expect(await store.listObservations({ since: hoursAfterEpoch(2) })).toHaveLength(1);
        expect(await store.listObservations({ source: "elsewhere" })).toEqual([]);
      });

      it("rejects a negative comment count naming the field", async () => {
        const error = await store
          .putObservations([makeObservation({ metrics: { comments: -1 } })])
          .catch((caught: unknown) => caught as ValidationError);
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as ValidationError).message).toContain("observations.0.metrics.comments");
      });
    });

    describe("time series", () => {
      it("keeps one point per time, the later one, even within a new series", async () => {
        await store.putTimeSeries([
          makeTimeSeries([], {
            points: [
              { at: hoursAfterEpoch(0), value: 1 },
              { at: hoursAfterEpoch(0), value: 2 },
              { at: hoursAfterEpoch(1), value: 3 },
            ],
          }),
        ]);
        expect((await store.getTimeSeries("test-source:interest:rust"))?.points.map((point) => point.value)).toEqual([2, 3]);
      });

      it("accepts ISO strings and leaves defaulted fields out", async () => {
        await store.putTimeSeries([
          { id: "s", source: "x", metric: "m", key: "k", interval: "day", points: [{ at: "2026-01-01T00:00:00Z", value: 1 }] },
        ]);
        expect(await store.getTimeSeries("s")).toEqual({
          id: "s",
          source: "x",
          metric: "m",
          key: "k",
          interval: "day",
          points: [{ at: new Date("2026-01-01T00:00:00Z"), value: 1 }],
          metadata: {},
        });
      });

      it("merges points by time and filters by source, metric and key", async () => {
        await store.putTimeSeries([makeTimeSeries([1, 2, 3])]);
        await store.putTimeSeries([
          makeTimeSeries([], {
            points: [
              { at: hoursAfterEpoch(2), value: 30 },
              { at: hoursAfterEpoch(3), value: 4 },
            ],
          }),
          makeTimeSeries([5], { id: "other:uses:ai", source: "other", metric: "uses", key: "ai" }),
        ]);
        const merged = await store.getTimeSeries("test-source:interest:rust");
        expect(merged?.points.map((point) => point.value)).toEqual([1, 2, 30, 4]);
        expect(merged?.points[0]?.at).toEqual(hoursAfterEpoch(0));
        expect((await store.listTimeSeries({ metric: "uses" })).map((series) => series.id)).toEqual(["other:uses:ai"]);
        expect((await store.listTimeSeries()).map((series) => series.id)).toEqual(["other:uses:ai", "test-source:interest:rust"]);
        expect(await store.getTimeSeries("missing")).toBeUndefined();
      });
    });

    describe("cursors", () => {
      it("stores any JSON cursor per source and replaces it", async () => {
        expect(await store.getCursor("hackernews")).toBeUndefined();
        await store.setCursor("hackernews", { createdAfter: 1_700_000_000, seen: ["1", "2"], nested: { ok: true } });
        expect(await store.getCursor("hackernews")).toEqual({ createdAfter: 1_700_000_000, seen: ["1", "2"], nested: { ok: true } });
        await store.setCursor("hackernews", "page-3");
        expect(await store.getCursor("hackernews")).toBe("page-3");
        expect(await store.getCursor("reddit")).toBeUndefined();
      });
    });

    describe("trends and snapshots", () => {
      it("round-trips a trend with its evidence and replaces it by id", async () => {
        const trend = makeTrend();
        await store.putTrend(trend);
        expect(await store.getTrend(trend.id)).toEqual(trend);
        const updated = { ...trend, status: "peaking" as const, evidence: trend.evidence.slice(0, 1), peakPredictedAt: undefined };
        await store.putTrend(updated);
        const stored = await store.getTrend(trend.id);
        expect(stored?.status).toBe("peaking");
        expect(stored?.evidence).toHaveLength(1);
        expect(stored?.peakPredictedAt).toBeUndefined();
      });

      it("filters trends by status, confidence, sources and update time, highest confidence first", async () => {
        await store.putTrend(makeTrend({ id: "a", confidence: 0.5, status: "emerging", sources: ["reddit"] }));
        await store.putTrend(makeTrend({ id: "b", confidence: 0.9, status: "rising", updatedAt: hoursAfterEpoch(10) }));
        await store.putTrend(makeTrend({ id: "c", confidence: 0.7, status: "declining" }));
        expect((await store.listTrends()).map((trend) => trend.id)).toEqual(["b", "c", "a"]);
        expect((await store.listTrends({ status: ["emerging", "rising"] })).map((trend) => trend.id)).toEqual(["b", "a"]);
        expect((await store.listTrends({ minConfidence: 0.7 })).map((trend) => trend.id)).toEqual(["b", "c"]);
        expect((await store.listTrends({ sources: ["reddit"] })).map((trend) => trend.id)).toEqual(["a"]);
        expect((await store.listTrends({ since: hoursAfterEpoch(8) })).map((trend) => trend.id)).toEqual(["b"]);
        expect((await store.listTrends({ limit: 1 })).map((trend) => trend.id)).toEqual(["b"]);
      });

      it("keeps snapshots per trend in time order, the later write winning for the same time", async () => {
        await store.putTrendSnapshots([
          makeTrendSnapshot({ at: hoursAfterEpoch(2), mentions: 5 }),
          makeTrendSnapshot({ at: hoursAfterEpoch(1), mentions: 3 }),
          makeTrendSnapshot({ trendId: "trend-2", at: hoursAfterEpoch(1) }),
        ]);
        await store.putTrendSnapshots([makeTrendSnapshot({ at: hoursAfterEpoch(2), mentions: 6, status: "rising" })]);
        const snapshots = await store.listTrendSnapshots("trend-1");
        expect(snapshots.map((snapshot) => snapshot.mentions)).toEqual([3, 6]);
        expect(snapshots[1]?.status).toBe("rising");
        expect(await store.listTrendSnapshots("trend-1", { since: hoursAfterEpoch(2) })).toHaveLength(1);
        expect(await store.listTrendSnapshots("trend-1", { until: hoursAfterEpoch(2) })).toHaveLength(1);
      });

      it("rejects a trend whose confidence is out of range, naming the field", async () => {
        const error = await store.putTrend(makeTrend({ confidence: 1.5 })).catch((caught: unknown) => caught);
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as Error).message).toContain("trend.confidence");
        expect(await store.getTrend("trend-1")).toBeUndefined();
      });
    });

    describe("predictions", () => {
      it("round-trips intervals and filters by trend, subject and type, newest first", async () => {
        await store.putPredictions([
          makePrediction(),
          makePrediction({ id: "p2", predictedAt: hoursAfterEpoch(5), type: "peak-time", predictedValue: hoursAfterEpoch(30).getTime() }),
          makePrediction({ id: "p3", trendId: undefined, subjectId: "draft-1", type: "engagement" }),
        ]);
        const forTrend = await store.listPredictions({ trendId: "trend-1" });
        expect(forTrend.map((prediction) => prediction.id)).toEqual(["p2", "prediction-1"]);
        expect(forTrend[1]).toEqual(makePrediction());
        expect((await store.listPredictions({ subjectId: "draft-1" })).map((prediction) => prediction.id)).toEqual(["p3"]);
        expect((await store.listPredictions({ type: "peak-time" })).map((prediction) => prediction.id)).toEqual(["p2"]);
        await store.putPredictions([makePrediction({ actualValue: 110, accuracy: 0.92 })]);
        expect((await store.listPredictions({ type: "peak-height", trendId: "trend-1" }))[0]?.actualValue).toBe(110);
      });
    });

    describe("video jobs", () => {
      it("round-trips, updates by id and filters by batch, status and idempotency key", async () => {
        await store.putVideoJob(makeVideoJob({ batchId: "batch-1" }));
        await store.putVideoJob(
          makeVideoJob({ id: "job-2", idempotencyKey: "key-00000002", batchId: "batch-1", createdAt: hoursAfterEpoch(1) }),
        );
        await store.putVideoJob(
          makeVideoJob({
            batchId: "batch-1",
            status: "completed",
            providerJobId: "v-123",
            attempts: 1,
            result: { videoUrl: "https://cdn.example.com/v.mp4", durationSeconds: 31.5 },
          }),
        );
        const job = await store.getVideoJob("job-1");
        expect(job?.status).toBe("completed");
        expect(job?.result?.durationSeconds).toBe(31.5);
        expect((await store.listVideoJobs({ batchId: "batch-1" })).map((entry) => entry.id)).toEqual(["job-1", "job-2"]);
        expect((await store.listVideoJobs({ status: ["queued", "pending"] })).map((entry) => entry.id)).toEqual(["job-2"]);
        expect((await store.listVideoJobs({ idempotencyKey: "key-00000002" })).map((entry) => entry.id)).toEqual(["job-2"]);
      });

      it("refuses a second job with the same idempotency key", async () => {
        await store.putVideoJob(makeVideoJob());
        const error = await store.putVideoJob(makeVideoJob({ id: "job-2" })).catch((caught: unknown) => caught);
        expect(UndercurrentError.isInstance(error) && error.code).toBe("DUPLICATE_IDEMPOTENCY_KEY");
        expect(await store.getVideoJob("job-2")).toBeUndefined();
      });
    });

    describe("drafts and calendar", () => {
      it("round-trips drafts and filters them", async () => {
        await store.putContentDrafts([
          makeContentDraft(),
          makeContentDraft({ id: "draft-2", platform: "x", trendId: "trend-1", createdAt: hoursAfterEpoch(1) }),
        ]);
        expect(await store.getContentDraft("draft-1")).toEqual(makeContentDraft());
        expect((await store.listContentDrafts({ platform: "x" })).map((draft) => draft.id)).toEqual(["draft-2"]);
        expect((await store.listContentDrafts({ trendId: "trend-1" })).map((draft) => draft.id)).toEqual(["draft-2"]);
        expect((await store.listContentDrafts({ status: "draft" })).map((draft) => draft.id)).toEqual(["draft-1", "draft-2"]);
      });

      it("lists calendar entries in a window, in time order, and deletes them", async () => {
        await store.putCalendarEntries([
          makeCalendarEntry({ id: "late", scheduledAt: hoursAfterEpoch(20) }),
          makeCalendarEntry({ id: "early", scheduledAt: hoursAfterEpoch(5), platform: "linkedin" }),
          makeCalendarEntry({ id: "mid", scheduledAt: hoursAfterEpoch(10), status: "scheduled" }),
        ]);
        expect((await store.listCalendarEntries()).map((entry) => entry.id)).toEqual(["early", "mid", "late"]);
        expect((await store.listCalendarEntries({ from: hoursAfterEpoch(6), to: hoursAfterEpoch(20) })).map((entry) => entry.id)).toEqual([
          "mid",
        ]);
        expect((await store.listCalendarEntries({ platform: "linkedin" })).map((entry) => entry.id)).toEqual(["early"]);
        expect((await store.listCalendarEntries({ status: "scheduled" })).map((entry) => entry.id)).toEqual(["mid"]);
        expect(await store.deleteCalendarEntries(["mid", "missing"])).toBe(1);
        expect((await store.listCalendarEntries()).map((entry) => entry.id)).toEqual(["early", "late"]);
      });
    });

    describe("users and competitors", () => {
      it("appends user events once each and filters them", async () => {
        expect(
          await store.appendUserEvents([makeUserEvent(), makeUserEvent({ id: "event-2", type: "share", at: hoursAfterEpoch(2) })]),
        ).toBe(2);
        expect(await store.appendUserEvents([makeUserEvent(), makeUserEvent({ id: "event-3", userId: "user-2" })])).toBe(1);
        expect((await store.listUserEvents({ userId: "user-1" })).map((event) => event.id)).toEqual(["event-1", "event-2"]);
        expect((await store.listUserEvents({ type: "share" })).map((event) => event.id)).toEqual(["event-2"]);
        expect((await store.listUserEvents({ since: hoursAfterEpoch(2) })).map((event) => event.id)).toEqual(["event-2"]);
      });

      it("round-trips and replaces a user profile", async () => {
        await store.putUserProfile(makeUserProfile());
        expect(await store.getUserProfile("user-1")).toEqual(makeUserProfile());
        await store.putUserProfile(makeUserProfile({ topicInterests: [{ topic: "ai", weight: 1 }] }));
        expect((await store.getUserProfile("user-1"))?.topicInterests).toEqual([{ topic: "ai", weight: 1 }]);
        expect(await store.getUserProfile("nobody")).toBeUndefined();
      });

      it("round-trips competitor snapshots, newest first", async () => {
        await store.putCompetitorSnapshots([
          makeCompetitorSnapshot(),
          makeCompetitorSnapshot({ id: "competitor-2", analyzedAt: hoursAfterEpoch(8) }),
          makeCompetitorSnapshot({ id: "competitor-3", competitorName: "Globex", platform: "x" }),
        ]);
        expect((await store.listCompetitorSnapshots({ competitorName: "Acme" })).map((snapshot) => snapshot.id)).toEqual([
          "competitor-2",
          "competitor-1",
        ]);
        expect((await store.listCompetitorSnapshots({ platform: "x" }))[0]).toEqual(
          makeCompetitorSnapshot({ id: "competitor-3", competitorName: "Globex", platform: "x" }),
        );
        expect((await store.listCompetitorSnapshots({ since: hoursAfterEpoch(5) })).map((snapshot) => snapshot.id)).toEqual([
          "competitor-2",
        ]);
      });
    });

    describe("transactions", () => {
      it("commits every write of a unit of work", async () => {
        const result = await store.transaction(async (transaction) => {
          await transaction.putItems([makeItem()]);
          await transaction.setCursor("test-source", { page: 2 });
          return "done";
        });
        expect(result).toBe("done");
        expect(await store.countItems()).toBe(1);
        expect(await store.getCursor("test-source")).toEqual({ page: 2 });
      });

      it("undoes every write when the unit of work throws", async () => {
        await store.putItems([makeItem({ externalId: "kept" })]);
        await store.setCursor("test-source", "before");
        const failure = new Error("boom");
        await expect(
          store.transaction(async (transaction) => {
            await transaction.putItems([makeItem({ externalId: "lost" }), makeItem({ externalId: "kept", title: "changed" })]);
            await transaction.putObservations([makeObservation({ itemId: "test-source:lost" })]);
            await transaction.setCursor("test-source", "after");
            await transaction.putTrend(makeTrend());
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(await store.getItem("test-source:lost")).toBeUndefined();
        expect((await store.getItem("test-source:kept"))?.title).toBe(makeItem().title);
        expect(await store.listObservations()).toEqual([]);
        expect(await store.getCursor("test-source")).toBe("before");
        expect(await store.getTrend("trend-1")).toBeUndefined();
      });

      it("keeps earlier writes of a transaction when a later write is refused and the work catches it", async () => {
        await store.transaction(async (transaction) => {
          await transaction.putVideoJob(makeVideoJob());
          await transaction.putVideoJob(makeVideoJob({ id: "job-2" })).catch(() => undefined);
          await transaction.setCursor("test-source", "after-refusal");
        });
        expect((await store.listVideoJobs()).map((job) => job.id)).toEqual(["job-1"]);
        expect(await store.getCursor("test-source")).toBe("after-refusal");
      });

      it("undoes a failed write inside a transaction even when the work catches it", async () => {
        await store.transaction(async (transaction) => {
          await transaction.putItems([makeItem({ externalId: "a" })]);
          await transaction
            .putItems([makeItem({ externalId: "b" }), { ...makeItem({ externalId: "c" }), kind: "nonsense" as "story" }])
            .catch(() => undefined);
        });
        expect((await store.listItems()).map((item) => item.externalId)).toEqual(["a"]);
      });

      it("makes other callers wait, so they never see uncommitted writes", async () => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let entered!: () => void;
        const inside = new Promise<void>((resolve) => (entered = resolve));
        const transaction = store.transaction(async (inner) => {
          await inner.putItems([makeItem({ externalId: "in-transaction" })]);
          entered();
          await gate;
          throw new Error("roll back");
        });
        await inside;
        const outsideRead = store.getItem("test-source:in-transaction");
        const outsideWrite = store.putItems([makeItem({ externalId: "outside" })]);
        release();
        await expect(transaction).rejects.toThrow("roll back");
        expect(await outsideRead).toBeUndefined();
        await outsideWrite;
        expect((await store.listItems()).map((item) => item.externalId)).toEqual(["outside"]);
      });
    });

    it("throws after close", async () => {
      await store.close();
      await expect(store.getItem("x")).rejects.toSatisfy(
        (error: unknown) => UndercurrentError.isInstance(error) && error.code === "STORE_CLOSED",
      );
      await expect(store.putItems([makeItem()])).rejects.toSatisfy(
        (error: unknown) => UndercurrentError.isInstance(error) && error.code === "STORE_CLOSED",
      );
    });

    if (options.reopen) {
      const reopen = options.reopen;
      it("keeps everything across close and reopen", async () => {
        await store.putItems([makeItem()]);
        await store.putObservations([makeObservation()]);
        await store.putTimeSeries([makeTimeSeries([1, 2])]);
        await store.setCursor("test-source", { after: "t3_abc" });
        await store.putTrend(makeTrend());
        await store.putTrendSnapshots([makeTrendSnapshot()]);
        await store.putPredictions([makePrediction()]);
        await store.putVideoJob(makeVideoJob());
        await store.putContentDrafts([makeContentDraft()]);
        await store.putCalendarEntries([makeCalendarEntry()]);
        await store.appendUserEvents([makeUserEvent()]);
        await store.putUserProfile(makeUserProfile());
        await store.putCompetitorSnapshots([makeCompetitorSnapshot()]);
        store = await reopen(store);
        expect(await store.getItem("test-source:1")).toEqual(makeItem());
        expect(await store.listObservations()).toEqual([makeObservation()]);
        expect(await store.getTimeSeries("test-source:interest:rust")).toEqual(makeTimeSeries([1, 2]));
        expect(await store.getCursor("test-source")).toEqual({ after: "t3_abc" });
        expect(await store.getTrend("trend-1")).toEqual(makeTrend());
        expect(await store.listTrendSnapshots("trend-1")).toEqual([makeTrendSnapshot()]);
        expect(await store.listPredictions()).toEqual([makePrediction()]);
        expect(await store.getVideoJob("job-1")).toEqual(makeVideoJob());
        expect(await store.getContentDraft("draft-1")).toEqual(makeContentDraft());
        expect(await store.listCalendarEntries()).toEqual([makeCalendarEntry()]);
        expect(await store.listUserEvents()).toEqual([makeUserEvent()]);
        expect(await store.getUserProfile("user-1")).toEqual(makeUserProfile());
        expect(await store.listCompetitorSnapshots()).toEqual([makeCompetitorSnapshot()]);
      });
    }
  });
}
