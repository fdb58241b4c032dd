// The default risk policy, value by value, with the reason for each. Plain data with no imports,
// kept in model/ beside the schema that reads it: the Policy schema (model/policy.ts) fills fields
// added after version 1 from here, so a policy stored before an upgrade still parses;
// defaultPolicy() (risk/policy.ts) builds version 1 from it.
// docs/RISK.md explains the same values for people who do not read code.
//
// How the purchase parameters were chosen: on the Online Retail data cut at 2011-06-01 (an earlier
// calibration cut), never on what happened after 2011-09-10, the date the evaluation reports on.

export const POLICY_DEFAULTS = {
  /**
   * The most points each indicator can add. Purchase recency carries the most because, where a
   * business has order data, a lapse in buying is the strongest single sign that a customer is
   * leaving. Complaints come next: the practice treats an open complaint as the most urgent cause.
   * The weights add up to more than 100 on purpose: one strong source should not be enough for
   * red on its own, several together should; the total is capped at 100.
   */
  weights: {
    contact_silence: 25, //  a rhythm break alone reaches blue/yellow, not orange
    purchase_recency: 70, // a near-certain lapse reaches orange; red needs a second source
    // Spend decline and returns weigh less since the backtest (see "Lessons of the backtest" below).
    spend_decline: 5, //     buying less while still buying: an early, softer sign
    returns_rising: 5, //    returns are noisy (sizes, damaged goods); never decisive alone
    complaints: 45, //       an open complaint past its promised time reaches orange by itself
    satisfaction: 35, //     one detractor answer: yellow; with a second source: orange
    negative_feedback: 25, // words are weaker evidence than a score: blue/yellow alone
    payment_overdue: 35, //  a long overdue payment is a strong sign of a relationship in trouble
    people_change: 30, //    the key contact leaving is a named cause of churn; yellow alone
  },
  /** Levels in points. Orange starts where, on the calibration cut, about 70% of customers were in fact lost. */
  thresholds: { blue: 20, yellow: 30, orange: 42, red: 60 },
  /** 4 points: a customer must improve by more than day-to-day noise before the colour drops. */
  hysteresis: 4,
  /** The practice: three days past a regular customer's usual cycle is an anomaly to call back on. */
  graceDays: 3,
  windows: {
    /** A quarter: long enough to hold several orders of a monthly buyer, short enough to be "recent". */
    recentDays: 90,
    /** A year before that: covers seasonal buying, so a quiet summer is compared with last year's rate. */
    baselineDays: 365,
    /** Half a year of survey answers and feedback text; older answers describe a different situation. */
    feedbackDays: 180,
  },
  watch: {
    /** The 80/20 rule (二八原则): the top 20% of customers by value bring most of the revenue. */
    share: 0.2,
    /** Watched customers reach each level at a 25% lower score (居安思危: closest watch on the best). */
    sensitivity: 1.25,
  },
  /** How purchase recency reads a customer's buying history (see docs/RISK.md, "purchase recency"). */
  purchase: {
    /**
     * The buying rhythm assumed before a customer has shown their own: about every six weeks. With
     * the spend level below slowing the silence of customers who spend more, a shorter assumed
     * rhythm warns repeat buyers without a rhythm of their own sooner (it was 180 days, a
     * twice-a-year buyer, and they were warned late; chosen on the 2011-03-01 and 2011-06-01 cuts).
     */
    priorGapDays: 45,
    /** The assumed rhythm counts like two observed gaps, so two or three orders do not fix a rhythm. */
    priorWeight: 2,
    /** Odds that a customer with one order and no silence yet is already lost (0.6 ≈ 38%). */
    firstOrderLapseOdds: 0.6,
  },
  /** How contact silence reads a customer's contact rhythm. */
  silence: {
    /** A median needs a dozen gaps (13 contact days) to be a rhythm: with fewer, one odd gap moves it. */
    minGaps: 12,
    /** Full strength when three usual cycles have passed without contact (after the grace days). */
    fullCycles: 3,
  },
  decline: {
    /** At least 3 orders in the baseline window before a fall in spend means anything. */
    minBaselineOrders: 3,
    /** A fall of less than 30% against the baseline rate is ordinary variation. */
    minDrop: 0.3,
  },
  returns: {
    /** Returns under 10% of orders are ordinary in most trades. */
    minShare: 0.1,
    /** Returns at 40% of orders (above the customer's usual share) give full strength. */
    fullShare: 0.4,
  },
  complaints: {
    /** A complaint opened in the last 14 days counts as new (a key customer's new complaint is severe). */
    newDays: 14,
  },
  payment: {
    /** Full strength at 60 days overdue: two ordinary payment cycles missed. */
    fullDays: 60,
    /** 30 days overdue makes the signal severe: it raises an alert at once. */
    severeDays: 30,
  },
  people: {
    /** A departure or owner change counts fully for half a year, then at half strength. */
    windowDays: 180,
  },
  /**
   * Alerts start at yellow. Blue is a watch level shown on the badge: every first-time buyer starts
   * there (half of them never reorder), and an alert for each would bury the ones that matter.
   */
  alertMinLevel: 'yellow',
  /** A score change of less than 3 points is reported as flat. */
  trendDelta: 3,
  // ---- Lessons of the backtest (kehu risk --backtest on the Online Retail cut of 2011-06-01) ----
  // * Spend decline fired mostly for customers still buying (15% of them lost against 50% overall),
  //   and returns rising for customers no likelier to leave than the rest: both now weigh 5 (were 15
  //   and 10), enough to show as a reason, not enough to move a level on their own.
  // * Spend level was not rewarded: customers who spend more come back more often after the same
  //   silence. The spend level below slows their silence down in purchase recency (issue 16). It
  //   used to divide the lapse odds, which lowered every score and put the levels out of place; now
  //   it changes nothing on the day of an order (a fresh first-time buyer stays at blue), and its
  //   effect fades as a customer's own orders build up. With it the assumed rhythm is shorter
  //   (priorGapDays 45, was 180), so repeat buyers without a rhythm are warned sooner. Chosen on the
  //   2011-03-01 and 2011-06-01 cuts (docs/RISK.md, "Evaluation").
  /**
   * Spend level (indicators/spend-level.ts): the days of silence count ÷ (1 + factor × spend ÷
   * watch cutoff)^exponent in purchase recency. With factor 4 and exponent 1, a customer spending at
   * the watch cutoff (where the top fifth begins) is given five times as long; one spending a
   * quarter of it, twice as long; one with no spend in the last 12 months, no more. It changes
   * nothing on the day of an order, so a fresh first-time buyer stays at blue whatever they spent.
   */
  spendLevel: { factor: 8, exponent: 1 },
  /**
   * Seasonality (indicators/season.ts): a customer with an order in the same weeks a year earlier
   * (the 90 days from a year ago, the horizon the backtest labels by) is expected back in season,
   * so until that order's anniversary their days of silence count half in purchase recency. It
   * needs a year of history to fire; without it nothing changes. Measured on the only Online
   * Retail cut with a year-earlier season (docs/RISK.md, "Seasonality").
   */
  season: { windowDays: 90, silenceDivisor: 2 },
} as const;

/**
 * The season as a policy saved before it existed reads it: off, so an older version scores as it
 * did when it was saved.
 */
export const SEASON_OFF = { windowDays: 90, silenceDivisor: 1 } as const;
