import {describe, expect, it} from '@jest/globals'

import {containerReachNote, endpointUrl, formatEnvironment} from './environment.js'

const SECRET = 'Zm9vYmFyYmF6cXV4LXNlY3JldC12YWx1ZV8x'
const local = {IDENTITY_ENDPOINT: 'http://127.0.0.1:50342/msi/token', IDENTITY_HEADER: SECRET}
const container = {IDENTITY_ENDPOINT: 'http://host.docker.internal:50342/msi/token', IDENTITY_HEADER: SECRET}

describe('endpointUrl', () => {
  it('names the bound address for local programs, loopback for the unspecified addresses, brackets for IPv6', () => {
    expect(endpointUrl({bind: '127.0.0.1', format: 'shell', port: 1})).toBe('http://127.0.0.1:1/msi/token')
    expect(endpointUrl({bind: '0.0.0.0', format: 'dotenv', port: 2})).toBe('http://127.0.0.1:2/msi/token')
    expect(endpointUrl({bind: '::', format: 'shell', port: 3})).toBe('http://[::1]:3/msi/token')
    expect(endpointUrl({bind: '172.17.0.1', format: 'powershell', port: 4})).toBe('http://172.17.0.1:4/msi/token')
  })

  it('names host.docker.internal for containers, and --endpoint-host whatever the format', () => {
    for (const format of ['docker', 'compose', 'devcontainer'] as const) {
      expect(endpointUrl({bind: '172.17.0.1', format, port: 5})).toBe('http://host.docker.internal:5/msi/token')
    }

    expect(endpointUrl({bind: '0.0.0.0', endpointHost: 'devbox.lan', format: 'docker', port: 6})).toBe('http://devbox.lan:6/msi/token')
    expect(endpointUrl({bind: '0.0.0.0', endpointHost: 'fe80::1', format: 'shell', port: 7})).toBe('http://[fe80::1]:7/msi/token')
  })
})

describe('containerReachNote', () => {
  it('warns only of a loopback bind printed for containers on Linux', () => {
    expect(containerReachNote({bind: '127.0.0.1', format: 'docker', port: 1}, 'linux')).toContain('--bind 172.17.0.1 --allow-non-loopback')
    expect(containerReachNote({bind: '127.0.0.1', format: 'docker', port: 1}, 'darwin')).toBeUndefined()
    expect(containerReachNote({bind: '172.17.0.1', format: 'compose', port: 1}, 'linux')).toBeUndefined()
    expect(containerReachNote({bind: '127.0.0.1', format: 'shell', port: 1}, 'linux')).toBeUndefined()
    expect(containerReachNote({bind: '127.0.0.1', endpointHost: 'box', format: 'docker', port: 1}, 'linux')).toBeUndefined()
  })
})

describe('formatEnvironment', () => {
  it('prints shell and PowerShell assignments, quoted', () => {
    expect(formatEnvironment('shell', local)).toBe(
      `export IDENTITY_ENDPOINT='http://127.0.0.1:50342/msi/token'\nexport IDENTITY_HEADER='${SECRET}'\n`,
    )
    expect(formatEnvironment('powershell', local)).toBe(
      `$env:IDENTITY_ENDPOINT = 'http://127.0.0.1:50342/msi/token'\n$env:IDENTITY_HEADER = '${SECRET}'\n`,
    )
  })

  it('prints an env file without quotes, which `docker run --env-file` would keep', () => {
    expect(formatEnvironment('dotenv', local)).toBe(`IDENTITY_ENDPOINT=http://127.0.0.1:50342/msi/token\nIDENTITY_HEADER=${SECRET}\n`)
  })

  it('prints `docker run` options on one line, for $(…), with the host mapping', () => {
    expect(formatEnvironment('docker', container)).toBe(
      `--add-host=host.docker.internal:host-gateway -e IDENTITY_ENDPOINT=http://host.docker.internal:50342/msi/token -e IDENTITY_HEADER=${SECRET}\n`,
    )
    expect(formatEnvironment('docker', local)).toBe(`-e IDENTITY_ENDPOINT=http://127.0.0.1:50342/msi/token -e IDENTITY_HEADER=${SECRET}\n`)
  })

  it("prints a compose service's extra_hosts and environment, indented to go under the service", () => {
    expect(formatEnvironment('compose', container)).toBe(
      [
        '    extra_hosts:',
        '      - "host.docker.internal:host-gateway"',
        '    environment:',
        '      IDENTITY_ENDPOINT: "http://host.docker.internal:50342/msi/token"',
        `      IDENTITY_HEADER: "${SECRET}"`,
        '',
      ].join('\n'),
    )
  })

  it("prints devcontainer.json's containerEnv and runArgs", () => {
    expect(JSON.parse(formatEnvironment('devcontainer', container))).toEqual({
      containerEnv: container,
      runArgs: ['--add-host=host.docker.internal:host-gateway'],
    })
    expect(JSON.parse(formatEnvironment('devcontainer', local))).toEqual({containerEnv: local})
  })
})
