// Where code reports a problem it worked around instead of failing (a reminder check that threw, a
// badge refresh that could not be sent): never silently swallowed, always into the local debug log
// the options page shows. The background connects the sink to the log (store/debug-log.ts); pages
// and content scripts connect it to the background's `reportProblem` method. Until connected (and
// in unit tests) problems go to the console.
type ProblemSink = (area: string, problem: unknown) => void;

let sink: ProblemSink = (area, problem) => console.debug(`[kehu] ${area}:`, problem);

/** Report a problem in `area` (a short name: "reminders", "sync.soon", "overlay.open"). */
export function reportProblem(area: string, problem: unknown): void {
  try {
    sink(area, problem);
  } catch {
    // The log itself failing has nowhere left to report to.
  }
}

/** A `.catch` handler that reports to `area`. */
export function reportTo(area: string): (problem: unknown) => void {
  return (problem) => reportProblem(area, problem);
}

export function connectProblemSink(next: ProblemSink): void {
  sink = next;
}

/** A problem as one line of text: the error's name and message, at most 500 characters. */
export function describeProblem(problem: unknown): string {
  const text =
    problem instanceof Error
      ? `${problem.name}: ${problem.message}`
      : typeof problem === 'string'
        ? problem
        : (() => {
            try {
              return JSON.stringify(problem) ?? String(problem);
            } catch {
              return String(problem);
            }
          })();
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
