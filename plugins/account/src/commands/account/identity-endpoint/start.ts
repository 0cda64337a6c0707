import {AzCommand, enumFlag} from '@azx/core'
import * as Flags from '@oclif/core/flags'

import {startDetached} from '../../../identity-endpoint/detach.js'
import {containerReachNote, endpointUrl, ENVIRONMENT_FORMATS, formatEnvironment} from '../../../identity-endpoint/environment.js'
import type {EndpointAddress, EnvironmentFormat} from '../../../identity-endpoint/environment.js'
import {runIdentityEndpoint} from '../../../identity-endpoint/serve.js'
import {integerFlag} from '../../../integer-flag.js'
import {optionalSubscriptionFlag} from '../../../subscription-flag.js'

export default class AccountIdentityEndpointStart extends AzCommand<undefined> {
  static override description = [
    "Programs that use a managed identity credential (DefaultAzureCredential, ManagedIdentityCredential, MSAL's managed identity) " +
      "get the signed-in account's tokens from this endpoint, without az or a sign-in of their own: in containers, " +
      "dev containers, WSL and local services. It speaks App Service's protocol (IDENTITY_ENDPOINT, IDENTITY_HEADER, api-version " +
      '2019-08-01) and gets each token as `az account get-access-token --resource` does: from the token cache, refreshed when needed.',
    'The command prints the environment to give those programs (--format), then serves until Ctrl-C or SIGTERM, ' +
      'with a status line per request on stderr: time, client address, status, resource and outcome, never a token. ' +
      'With --detach it runs in the background, logging to a file in the config dir, until `az account identity-endpoint stop`.',
    'Safe by default: it listens on 127.0.0.1 and a free port; each start makes a new random secret, ' +
      'which clients must send in the X-IDENTITY-HEADER header (401 otherwise); --allow-resource limits the resources ' +
      'it hands out tokens for (403 for others); each client address may make --rate-limit requests a minute (429 beyond). ' +
      "A non-loopback --bind, such as the Docker bridge's 172.17.0.1, needs --allow-non-loopback.",
  ].join('\n\n')

  static override examples = [
    {
      command: '<%= config.bin %> account identity-endpoint start',
      description: "Serve the current account's tokens on 127.0.0.1; paste the printed export lines where your program runs.",
    },
    {
      command: 'eval "$(<%= config.bin %> account identity-endpoint start --detach)"',
      description: 'Start it in the background and set IDENTITY_ENDPOINT and IDENTITY_HEADER in this shell.',
    },
    {
      command:
        'docker run $(<%= config.bin %> account identity-endpoint start --detach --format docker --bind 172.17.0.1 --allow-non-loopback) my-image',
      description: 'Give a container on Linux the tokens, through the Docker bridge.',
    },
    {
      command:
        '<%= config.bin %> account identity-endpoint start --format compose --secret-file ~/.azure/endpoint.secret ' +
        '--allow-resource https://management.azure.com/ --allow-resource https://vault.azure.net',
      description: 'Print a compose environment block whose secret survives restarts, for two resources only.',
    },
    {
      command: '<%= config.bin %> account identity-endpoint start --subscription "Contoso Dev" --port 50342',
      description: 'Serve the tokens of the account of a given subscription on a fixed port.',
    },
  ]

  static override flags = {
    subscription: optionalSubscriptionFlag,
    tenant: Flags.string({char: 't', summary: "Tenant whose tokens are served, for the current account. Default: the subscription's tenant."}),
    'allow-resource': Flags.string({
      multiple: true,
      summary: 'Hand out tokens for this resource only (repeatable), e.g. https://management.azure.com/. Default: any resource.',
    }),
    bind: Flags.string({default: '127.0.0.1', summary: 'The address to listen on. Anything but a loopback address needs --allow-non-loopback.'}),
    port: integerFlag({default: 0, max: 65_535, min: 0, summary: 'The port to listen on. Default: a free one.'}),
    'allow-non-loopback': Flags.boolean({summary: 'Allow a --bind that programs on other machines or containers can reach.'}),
    'endpoint-host': Flags.string({
      summary: 'The host name in the printed IDENTITY_ENDPOINT. Default: host.docker.internal for the container formats, else the bound address.',
    }),
    format: enumFlag({options: ENVIRONMENT_FORMATS, summary: 'How to print the environment. Default: shell.'}),
    'secret-file': Flags.string({
      summary:
        'Read the secret from this file, so clients keep working across restarts; a new secret is written there (mode 0600) when it does not exist.',
    }),
    'rate-limit': integerFlag({default: 600, min: 1, summary: 'Requests a minute each client address may make.'}),
    quiet: Flags.boolean({summary: 'No status line per request.'}),
    detach: Flags.boolean({summary: 'Run in the background; stop it with `az account identity-endpoint stop`.'}),
    // Given by --detach to the server process it starts (records.ts: DETACHED_SERVER_FLAG).
    'detached-server': Flags.boolean({hidden: true}),
  }

  static override summary = "Serve the signed-in account's tokens to local programs and containers as a managed identity endpoint."

  public async run(): Promise<undefined> {
    const {flags} = await this.parse(AccountIdentityEndpointStart)
    const format: EnvironmentFormat = flags.format ?? 'shell'
    const address = (port: number): EndpointAddress => ({bind: flags.bind, endpointHost: flags['endpoint-host'], format, port})
    const print = (port: number, secret: string) => {
      const note = containerReachNote(address(port))
      if (note) this.logger.warning(note)
      process.stdout.write(formatEnvironment(format, {IDENTITY_ENDPOINT: endpointUrl(address(port)), IDENTITY_HEADER: secret}))
    }

    if (flags.detach) {
      const server = await startDetached(
        this.id!.split(':'),
        this.argv.filter((arg) => arg !== '--detach'),
      )
      print(server.port, server.secret)
      this.logger.raw(
        `The endpoint runs in the background (process ${server.pid}; log ${server.logFile}). ` +
          `Stop it with: az account identity-endpoint stop --port ${server.port}`,
      )
      return undefined
    }

    const settings = {
      allowNonLoopback: flags['allow-non-loopback'],
      allowResources: flags['allow-resource'] ?? [],
      bind: flags.bind,
      port: flags.port,
      quiet: flags.quiet,
      rateLimit: flags['rate-limit'],
      secretFile: flags['secret-file'],
      subscription: flags.subscription,
      tenant: flags.tenant,
    }
    await runIdentityEndpoint(
      settings,
      flags['detached-server'] ? {detached: true} : {announce: (endpoint) => print(endpoint.port, endpoint.secret), detached: false},
    )
    return undefined
  }
}
