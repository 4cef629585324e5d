// Workflow variables: one scope per execution, Parallel branch and Map iteration. Inner scopes read
// outer variables; what they assign stays inside.

import type { JsonValue } from '../json';

export class VariableScope {
  private readonly values = new Map<string, JsonValue>();
  constructor(readonly parent?: VariableScope) {}

  has(name: string): boolean {
    for (let s: VariableScope | undefined = this; s; s = s.parent) if (s.values.has(name)) return true;
    return false;
  }

  get(name: string): JsonValue | undefined {
    for (let s: VariableScope | undefined = this; s; s = s.parent) {
      const v = s.values.get(name);
      if (v !== undefined || s.values.has(name)) return v;
    }
    return undefined;
  }

  set(name: string, value: JsonValue): void {
    this.values.set(name, value);
  }

  /** Every visible variable, inner values shadowing outer ones. */
  snapshot(): Record<string, JsonValue> {
    const chain: VariableScope[] = [];
    for (let s: VariableScope | undefined = this; s; s = s.parent) chain.unshift(s);
    const out: Record<string, JsonValue> = {};
    for (const s of chain) for (const [k, v] of s.values) out[k] = v;
    return out;
  }

  get size(): number {
    return this.values.size;
  }
}
