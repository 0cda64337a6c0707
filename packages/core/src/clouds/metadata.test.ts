import {describe, expect, it} from '@jest/globals'

import {completeFromMetadata, metadataUrl, needsMetadata} from './metadata.js'

const METADATA = {
  authentication: {
    audiences: ['https://management.core.contoso.com/', 'https://management.contoso.com/'],
    loginEndpoint: 'https://login.contoso.com/',
  },
  galleryEndpoint: 'https://gallery.contoso.com/',
  graphEndpoint: 'https://graph.contoso.com/',
}

/** A fetch that answers every request with `status` and `body`, and records the URLs asked for. */
function fakeFetch(status: number, body: string, seen: string[] = []): typeof fetch {
  return async (input) => {
    seen.push(String(input))
    return new Response(body, {status})
  }
}

describe('metadataUrl', () => {
  it("is az's api-version 2015-01-01 path, without a doubled slash", () => {
    expect(metadataUrl('https://management.contoso.com/')).toBe('https://management.contoso.com/metadata/endpoints?api-version=2015-01-01')
    expect(metadataUrl('https://management.contoso.com')).toBe('https://management.contoso.com/metadata/endpoints?api-version=2015-01-01')
  })
})

describe('needsMetadata', () => {
  it('is needed only with a resource manager and a missing AD endpoint', () => {
    expect(needsMetadata({})).toBe(false)
    expect(needsMetadata({active_directory: 'https://l'})).toBe(false)
    expect(needsMetadata({resource_manager: 'https://rm'})).toBe(true)
    expect(
      needsMetadata({
        active_directory: 'https://l',
        active_directory_graph_resource_id: 'https://g',
        active_directory_resource_id: 'https://r',
        resource_manager: 'https://rm',
      }),
    ).toBe(false)
  })
})

describe('completeFromMetadata', () => {
  it('fills in the missing endpoints and gallery, keeping those given', async () => {
    const seen: string[] = []
    const completed = await completeFromMetadata(
      {active_directory: 'https://login.given.com', resource_manager: 'https://management.contoso.com/'},
      {fetch: fakeFetch(200, JSON.stringify(METADATA), seen)},
    )
    expect(seen).toEqual(['https://management.contoso.com/metadata/endpoints?api-version=2015-01-01'])
    expect(completed).toEqual({
      active_directory: 'https://login.given.com',
      active_directory_graph_resource_id: 'https://graph.contoso.com/',
      active_directory_resource_id: 'https://management.core.contoso.com/',
      gallery: 'https://gallery.contoso.com/',
      resource_manager: 'https://management.contoso.com/',
    })
  })

  it("reports a status other than 200 with az's words", async () => {
    await expect(completeFromMetadata({resource_manager: 'https://rm.contoso.com'}, {fetch: fakeFetch(404, 'nope')})).rejects.toMatchObject({
      exitCode: 1,
      message:
        'Unable to get endpoints from the cloud.\nServer returned status code ' +
        '404 for https://rm.contoso.com/metadata/endpoints?api-version=2015-01-01',
    })
  })

  it("reports a network failure with az's words and the underlying cause", async () => {
    const failing: typeof fetch = async () => {
      throw new TypeError('fetch failed', {cause: new Error('getaddrinfo ENOTFOUND rm.contoso.com')})
    }

    await expect(completeFromMetadata({resource_manager: 'https://rm.contoso.com'}, {fetch: failing})).rejects.toMatchObject({
      message:
        'Unable to get endpoints from the cloud.\nPlease ensure you have network connection. Error detail: getaddrinfo ENOTFOUND rm.contoso.com',
    })
  })

  it('reports a body that is not JSON', async () => {
    await expect(completeFromMetadata({resource_manager: 'https://rm.contoso.com'}, {fetch: fakeFetch(200, '<html>')})).rejects.toThrow(
      /^Unable to get endpoints from the cloud.\nResponse body does not contain valid json. Error detail: /,
    )
  })

  it('reports metadata without an authentication section', async () => {
    await expect(completeFromMetadata({resource_manager: 'https://rm.contoso.com'}, {fetch: fakeFetch(200, '{}')})).rejects.toThrow(
      'Unable to get endpoints from the cloud.\nThe response of ' +
        "https://rm.contoso.com/metadata/endpoints?api-version=2015-01-01 has no 'authentication' section.",
    )
  })
})
