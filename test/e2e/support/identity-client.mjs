// A program that uses the Azure SDK's managed identity credential, unchanged, as a user's program
// would: `node identity-client.mjs managed|default SCOPE...` prints a JSON array of
// {scope, token, expiresOnTimestamp}, or {error: {name, message}} on stdout. The identity endpoint
// tests run it with nothing but the environment the endpoint printed.
import {DefaultAzureCredential, ManagedIdentityCredential} from '@azure/identity'

const [kind, ...scopes] = process.argv.slice(2)
const credential = kind === 'default' ? new DefaultAzureCredential() : new ManagedIdentityCredential()
try {
  const tokens = []
  for (const scope of scopes) {
    const {expiresOnTimestamp, token} = await credential.getToken(scope)
    tokens.push({expiresOnTimestamp, scope, token})
  }

  process.stdout.write(JSON.stringify(tokens))
} catch (error) {
  process.stdout.write(JSON.stringify({error: {message: error.message, name: error.name}}))
}
