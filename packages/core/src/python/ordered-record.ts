/**
 * Records that list their keys in the order they were added, as Python's dicts do. A plain object
 * lists integer-like keys ('1', '42') first, whatever their order: az keeps `{"b": 1, "1": 2}` in
 * that order when it writes a config file or builds a dict in a query, and so must azx.
 */

/** An empty record, safe for any key (`__proto__` included), that lists its keys in insertion order. */
export function orderedRecord<T>(): Record<string, T> {
  const order: string[] = []
  return new Proxy(Object.create(null) as Record<string, T>, {
    defineProperty(target, key, descriptor) {
      if (typeof key === 'string' && !Object.hasOwn(target, key)) order.push(key)
      return Reflect.defineProperty(target, key, descriptor)
    },
    deleteProperty(target, key) {
      if (typeof key === 'string' && Object.hasOwn(target, key)) order.splice(order.indexOf(key), 1)
      return Reflect.deleteProperty(target, key)
    },
    ownKeys: () => [...order],
  })
}
