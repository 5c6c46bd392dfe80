/**
 * What a fault does to a request: close the connection (before the handler runs, or after it
 * ran so its effect happened but the answer is lost), hold the response back, or answer with
 * an error code without running the handler.
 */
export type FaultAction =
  | { readonly kind: 'drop'; readonly afterHandling?: boolean }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'error'; readonly errorCode: number };

/** When a fault applies: to requests of `apiKey` (all when absent), after `skip` of them, `times` times. */
export interface FaultRule {
  readonly apiKey?: number;
  /** Matching requests let through before the fault starts (default 0). */
  readonly skip?: number;
  /** How many matching requests get the fault (default: all later ones). */
  readonly times?: number;
  readonly action: FaultAction;
}

interface ActiveRule {
  readonly rule: FaultRule;
  seen: number;
  applied: number;
}

/** Deterministic fault injection for tests: rules are checked in the order they were added. */
export class FaultInjector {
  private readonly rules: ActiveRule[] = [];

  /** Installs a rule; returns a function removing it. */
  add(rule: FaultRule): () => void {
    const active: ActiveRule = { rule, seen: 0, applied: 0 };
    this.rules.push(active);
    return () => {
      const at = this.rules.indexOf(active);
      if (at >= 0) this.rules.splice(at, 1);
    };
  }

  /** Removes every rule. */
  clear(): void {
    this.rules.length = 0;
  }

  /** The action for the next request of `apiKey`, if a rule fires for it. */
  next(apiKey: number): FaultAction | undefined {
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.apiKey !== undefined && rule.apiKey !== apiKey) continue;
      active.seen++;
      if (active.seen <= (rule.skip ?? 0)) continue;
      if (active.applied >= (rule.times ?? Number.POSITIVE_INFINITY)) continue;
      active.applied++;
      return rule.action;
    }
    return undefined;
  }
}
