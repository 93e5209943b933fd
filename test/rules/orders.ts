/**
 * Editing a real order in rule fixtures: each test case says how it departs
 * from a released setup_arch() order (moveBefore, without, …). Shared by the
 * architectures' fixtures.
 */
export type Order = readonly string[];

function indexOf(order: Order, call: string): number {
  const i = order.indexOf(call);
  if (i < 0) throw new Error(`fixture: ${call} is not in the order`);
  return i;
}

export function without(order: Order, ...calls: string[]): string[] {
  return order.filter((c) => !calls.includes(c));
}

/** Moves `call` to just before `anchor`. */
export function moveBefore(order: Order, call: string, anchor: string): string[] {
  const rest = without(order, call);
  const at = indexOf(rest, anchor);
  return [...rest.slice(0, at), call, ...rest.slice(at)];
}

/** Moves (or inserts) `call` to just after `anchor`. */
export function moveAfter(order: Order, call: string, anchor: string): string[] {
  const rest = without(order, call);
  const at = indexOf(rest, anchor);
  return [...rest.slice(0, at + 1), call, ...rest.slice(at + 1)];
}
