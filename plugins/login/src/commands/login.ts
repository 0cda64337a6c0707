import {AzCommand, enumFlag} from '@azx/core'
import {CI_TOKEN_PROVIDERS} from '@azx/core/auth'
import * as Flags from '@oclif/core/flags'

import {loginRequest, processTerminal, signIn} from '../sign-in/index.js'
import type {LoginOutput} from '../sign-in/index.js'

export default class Login extends AzCommand<LoginOutput> {
  static override description = [
    'By default, this command signs you in with a web browser (auth code with PKCE on a ' +
      'loopback address). Where no browser can be opened, it uses the device code flow; ' +
      'on Windows it uses the Web Account Manager unless `core.enable_broker_on_windows` is off.',
    'After an interactive sign-in on a terminal, a numbered list of the subscriptions found lets you ' +
      'choose the default (`core.login_experience_v2`); `--subscription` chooses it without asking. ' +
      'In tenants with many subscriptions, `--skip-subscription-discovery` (with `--tenant`) lists none: ' +
      'it reads only the subscription `--subscription` names by ID, or stores a tenant-level account.',
    'When a command fails because a resource asked for more than the session has (Conditional Access, ' +
      'continuous access evaluation), it prints the `az login --tenant … --scope … --claims-challenge …` to run; ' +
      '`--claims-challenge` passes those claims to the browser, broker or device code sign-in.',
    'Service principals sign in with a secret, a certificate (a PEM file with the private key and the ' +
      'certificate) or a federated token, and managed identities with `--identity`. Where no managed ' +
      'identity endpoint answers (a container, a laptop), `--identity` fails within seconds and says so.',
    'A federated token given with `--federated-token` is stored as it is and stops working when it expires (often after minutes). ' +
      'For long jobs, give its source instead, and a new one is fetched whenever one is needed, ' +
      'by every command that needs a token for the service principal: `--federated-token-file PATH` reads a file your platform ' +
      'keeps fresh (AKS workload identity names it in AZURE_FEDERATED_TOKEN_FILE) each time; `--federated-token-provider ' +
      'github` asks GitHub Actions (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN; ' +
      'the job needs `permissions: id-token: write`), and `--federated-token-provider azure-pipelines` asks Azure Pipelines ' +
      '(SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN, and the service connection in AZURESUBSCRIPTION_SERVICE_CONNECTION_ID, ' +
      'as the AzureCLI@2 task sets them), for the audience api://AzureADTokenExchange. The CI variables are read when ' +
      'a token is needed, never stored. The Python az, on the same config dir, uses the first token as a static one.',
  ].join('\n\n')

  static override examples = [
    {command: '<%= config.bin %> login', description: 'Sign in interactively in a web browser.'},
    {command: '<%= config.bin %> login --use-device-code', description: 'Sign in with a code, on a machine without a browser.'},
    {
      command: '<%= config.bin %> login --tenant contoso.onmicrosoft.com --subscription "My Subscription"',
      description: 'Sign in to one tenant and choose the default subscription.',
    },
    {
      command:
        '<%= config.bin %> login --tenant 00000000-0000-0000-0000-000000000000 ' +
        '--skip-subscription-discovery --subscription 11111111-1111-1111-1111-111111111111',
      description: 'Sign in to one tenant and read only one subscription, without listing the others.',
    },
    {
      command: '<%= config.bin %> login --tenant 00000000-0000-0000-0000-000000000000 --skip-sub',
      description: 'Sign in to a tenant for tenant-level commands, without looking for subscriptions.',
    },
    {
      command:
        '<%= config.bin %> login --tenant 00000000-0000-0000-0000-000000000000 --scope "https://management.core.windows.net//.default" ' +
        '--claims-challenge "eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19"',
      description: 'Sign in again with the claims a resource asked for, as a failed command told you to.',
    },
    {
      command: '<%= config.bin %> login -u johndoe@contoso.com -p VerySecret',
      description: 'Sign in with a username and password (does not work with MFA or personal Microsoft accounts).',
    },
    {
      command: '<%= config.bin %> login --service-principal -u APP_ID -p SECRET --tenant TENANT',
      description: 'Sign in with a service principal and a client secret.',
    },
    {
      command: '<%= config.bin %> login --service-principal -u APP_ID --certificate ~/sp.pem --tenant TENANT',
      description: 'Sign in with a service principal and a certificate.',
    },
    {
      command: '<%= config.bin %> login --service-principal -u APP_ID --tenant TENANT --federated-token-provider github',
      description: 'Sign in a service principal in a GitHub Actions job, with federated tokens fetched from GitHub whenever needed.',
    },
    {
      command:
        '<%= config.bin %> login --service-principal -u "$AZURE_CLIENT_ID" --tenant ' +
        '"$AZURE_TENANT_ID" --federated-token-file "$AZURE_FEDERATED_TOKEN_FILE"',
      description: 'Sign in with AKS workload identity: the token file is read again whenever a token is needed.',
    },
    {command: '<%= config.bin %> login --identity', description: 'Sign in with the system-assigned managed identity of the machine.'},
    {command: '<%= config.bin %> login --identity --client-id CLIENT_ID', description: 'Sign in with a user-assigned managed identity.'},
  ]

  static override flags = {
    'allow-no-subscriptions': Flags.boolean({
      summary: "Support access to tenants without subscriptions. It's uncommon but useful to run tenant level commands, such as `az ad`.",
    }),
    certificate: Flags.string({helpValue: 'PEM_FILE', summary: 'A PEM file with the private key and the certificate of a service principal.'}),
    'claims-challenge': Flags.string({
      helpValue: 'BASE64',
      summary:
        'Base64-encoded claims challenge requested by a resource API in the ' +
        'WWW-Authenticate header. For the browser, broker and device code sign-in.',
    }),
    'client-id': Flags.string({summary: 'Client ID of a user-assigned managed identity.'}),
    'federated-token': Flags.string({
      summary: 'Federated token that can be used for OIDC token exchange. It is stored as given and stops working when it expires.',
    }),
    'federated-token-file': Flags.string({
      helpValue: 'PATH',
      summary:
        'A file holding a federated token that the platform keeps fresh (AZURE_FEDERATED_TOKEN_FILE on AKS); read again whenever a token is needed.',
    }),
    'federated-token-provider': enumFlag({
      options: CI_TOKEN_PROVIDERS,
      summary: 'Fetch a new federated token from the CI system whenever one is needed: GitHub Actions or Azure Pipelines.',
    }),
    identity: Flags.boolean({char: 'i', summary: "Log in using the Virtual Machine's or App Service's managed identity."}),
    'object-id': Flags.string({summary: 'Object ID of a user-assigned managed identity.'}),
    password: Flags.string({char: 'p', summary: 'Credentials like user password, or for a service principal, provide client secret.'}),
    'resource-id': Flags.string({summary: 'Resource ID of a user-assigned managed identity.'}),
    scope: Flags.string({multiple: true, summary: 'Used in the /authorize request. It can cover only one static resource.'}),
    'service-principal': Flags.boolean({summary: 'The credential representing a service principal.'}),
    'skip-subscription-discovery': Flags.boolean({
      aliases: ['skip-sub'],
      summary:
        'Do not list tenants and subscriptions (also --skip-sub); requires --tenant. ' +
        'With --subscription ID, only that subscription is read; without it, a tenant-level account is stored.',
    }),
    subscription: Flags.string({summary: 'Name or ID of the subscription to make the default; skips the subscription selector.'}),
    tenant: Flags.string({char: 't', summary: 'The Microsoft Entra tenant, must be provided when using a service principal.'}),
    'use-cert-sn-issuer': Flags.boolean({
      summary: 'Use Subject Name + Issuer (SN+I) authentication in order to support automatic certificate rolls.',
    }),
    'use-device-code': Flags.boolean({summary: 'Use the device code flow; used automatically where no browser can be opened.'}),
    username: Flags.string({char: 'u', summary: 'User name, service principal client ID.'}),
  }

  static override summary = 'Log in to Azure.'

  public async run(): Promise<LoginOutput> {
    const {flags} = await this.parse(Login)
    // The managed identity advice names the local token endpoint where this CLI has one.
    const identityEndpointCommand = this.config.findCommand('account:identity-endpoint:start')
      ? `${this.config.bin} account identity-endpoint start`
      : undefined
    return signIn(loginRequest(flags), processTerminal(this.logger.colorEnabled), {identityEndpointCommand})
  }
}
