/** The error `promise` rejects with, for assertions on it; the test fails when it resolves. */
export async function rejection<E extends Error = Error & {exitCode?: number; recommendations: string[]}>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise
  } catch (error) {
    return error as E
  }

  throw new Error('Expected a rejection, but the promise resolved.')
}
