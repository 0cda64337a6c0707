import http from 'node:http'
import type {AddressInfo} from 'node:net'

import {afterAll, beforeAll, expect, it} from '@jest/globals'

import {service} from '../registry/index.js'
import {HttpService} from './service.js'

let server: http.Server
let base: string

beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.writeHead(200, {'content-type': 'application/json'})
    res.end(JSON.stringify({value: [{tenantId: 't1'}], auth: req.headers.authorization}))
  })
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve)
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  ;(await service('http')).destroy()
  await new Promise((resolve) => server.close(resolve))
})

it('is handed out by the registry, one instance per process', async () => {
  const http = await service('http')
  expect(http).toBeInstanceOf(HttpService)
  expect(await service('http')).toBe(http)
  expect(await http.armGetAll(`${base}/tenants`, 'token')).toEqual([{tenantId: 't1'}])
  expect(typeof http.createMsalNetworkClient().sendPostRequestAsync).toBe('function')
})
