import {describe, expect, it} from '@jest/globals'

import {pythonJsonDumps} from './python-json.js'

describe('pythonJsonDumps', () => {
  it("writes what Python's json.dumps writes (output taken from Python 3.11)", () => {
    const value = {a: [1, 2, {b: null, c: true, d: false}], e: 'Prod Süb 😀 "q" \\ / \u007F\u0001\n\t\u2028', f: [], g: {}, n: -3}
    expect(pythonJsonDumps(value)).toBe(
      String.raw`{"a": [1, 2, {"b": null, "c": true, "d": false}], "e": "Prod S\u00fcb \ud83d\ude00 \"q\" \\ / \u007f\u0001\n` +
        String.raw`\t\u2028", "f": [], "g": {}, "n": -3}`,
    )
  })

  it('escapes non-ASCII keys too and leaves out undefined members', () => {
    expect(pythonJsonDumps({é: 1, skip: undefined})).toBe(String.raw`{"\u00e9": 1}`)
  })
})
