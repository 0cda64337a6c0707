import {describe, expect, it} from '@jest/globals'

import {ProcessTurn} from './process-turn.js'

describe('ProcessTurn', () => {
  it('gives the turn to one holder at a time, in the order they asked', async () => {
    const turn = new ProcessTurn()
    const events: string[] = []
    const hold = async (name: string, ticks: number) => {
      const end = await turn.take()
      events.push(`${name} starts`)
      for (let tick = 0; tick < ticks; tick++) await Promise.resolve()
      events.push(`${name} ends`)
      end()
    }

    await Promise.all([hold('a', 5), hold('b', 1), hold('c', 3)])
    expect(events).toEqual(['a starts', 'a ends', 'b starts', 'b ends', 'c starts', 'c ends'])
  })

  it('a holder that never ends its turn keeps the next one waiting', async () => {
    const turn = new ProcessTurn()
    await turn.take()
    let second = false
    void turn.take().then(() => {
      second = true
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(second).toBe(false)
  })
})
