// Workflow variables: one scope per execution, Parallel branch and Map iteration. Inner scopes read
// outer variables; what they assign stays inside.

import type { JsonValue } from '../json';
import { setOwn } from '../jsonpath/values';

export class VariableScope {
  private readonly values = new Map<string, JsonValue>();
  constructor(readonly parent?: VariableScope) {}

  has(name: string): boolean {
    return this.values.has(name) || (this.parent?.has(name) ?? false);
  }

  get(name: string): JsonValue | undefined {
    if (this.values.has(name)) return this.values.get(name);
    return this.parent?.get(name);
  }

  set(name: string, value: JsonValue): void {
    this.values.set(name, value);
  }

  /** Changes `name` in the nearest scope that holds it, or sets it here when none does (a debugger's edit). */
  replace(name: string, value: JsonValue): void {
    if (this.values.has(name) || !this.parent?.has(name)) this.values.set(name, value);
    else this.parent.replace(name, value);
  }

  /** Every visible variable, inner values shadowing outer ones. */
  snapshot(): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = this.parent ? this.parent.snapshot() : {};
    // A variable named `__proto__` is a member, not the snapshot's prototype.
    for (const [k, v] of this.values) setOwn(out, k, v);
    return out;
  }

  get size(): number {
    return this.values.size;
  }
}
