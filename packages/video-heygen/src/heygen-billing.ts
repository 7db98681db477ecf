import type { z } from "zod";
import type { HeyGenLook, heyGenUserSchema } from "./heygen-api.js";
import { type HeyGenRenderRequest, heyGenMaxAudioSeconds, scriptSeconds } from "./heygen-render-request.js";
import type { HeyGenVideoProviderSettings } from "./heygen-video-provider-options.js";
import type { HeyGenBalance, HeyGenCostEstimate } from "./heygen-video-provider-types.js";

/**
 * What a render costs at `pricing`: output seconds (from `durationSeconds`, the script at the speaking rate, or the
 * 600 s audio ceiling) times the price per second of the look's type (Avatar III by engine) at its resolution.
 */
export function estimateRenderCost(
  request: HeyGenRenderRequest,
  look: HeyGenLook,
  pricing: HeyGenVideoProviderSettings["pricing"],
): HeyGenCostEstimate {
  const upperBound = request.durationSeconds === undefined && request.script === undefined;
  const seconds =
    request.durationSeconds ??
    (request.script !== undefined ? scriptSeconds(request.script, pricing.wordsPerMinute) : heyGenMaxAudioSeconds);
  const tier =
    request.engine === "avatar_iii"
      ? "avatar_iii"
      : look.avatar_type === "photo_avatar" || look.avatar_type === "digital_twin"
        ? look.avatar_type
        : "studio_avatar";
  const pricePerSecond = pricing.perSecond[tier][request.resolution === "4k" ? "4k" : "standard"];
  return { amount: Math.round(seconds * pricePerSecond * 10_000) / 10_000, unit: pricing.unit, seconds, pricePerSecond, upperBound };
}

/** The balance in `GET /v3/users/me`, whichever of wallet, subscription or usage-based billing is filled. */
export function toBalance(user: z.infer<typeof heyGenUserSchema>): HeyGenBalance {
  if (user.billing_type === "wallet" || (user.wallet && !user.billing_type)) {
    return { billingType: "wallet", remaining: user.wallet?.remaining_balance ?? undefined, unit: user.wallet?.currency ?? "usd" };
  }
  if (user.billing_type === "subscription") {
    const credits = user.subscription?.credits;
    const premium = credits?.premium_credits?.remaining;
    const addOn = credits?.add_on_credits?.remaining;
    const remaining = premium === undefined && addOn === undefined ? undefined : (premium ?? 0) + (addOn ?? 0);
    return {
      billingType: "subscription",
      remaining: remaining ?? undefined,
      unit: "credits",
      ...(user.subscription?.plan && { plan: user.subscription.plan }),
    };
  }
  if (user.billing_type === "usage_based") {
    const usage = user.usage_based;
    return {
      billingType: "usage_based",
      remaining: usage?.remaining_credits ?? undefined,
      unit: "credits",
      ...(typeof usage?.spending_cap_usd === "number" && { spendingCapUsd: usage.spending_cap_usd }),
      ...(typeof usage?.spending_current_usd === "number" && { spendingCurrentUsd: usage.spending_current_usd }),
    };
  }
  return { billingType: "unknown", remaining: undefined, unit: "usd" };
}
