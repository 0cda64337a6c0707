// Lists the resource groups of AZURE_SUBSCRIPTION_ID. The program knows nothing of az: in a
// container started with the environment `az account identity-endpoint start` prints,
// DefaultAzureCredential finds IDENTITY_ENDPOINT and IDENTITY_HEADER and gets its tokens there.
// ARM_ENDPOINT names another Resource Manager than Azure's (a sovereign cloud, an emulator).
import {ResourceManagementClient} from '@azure/arm-resources'
import {DefaultAzureCredential} from '@azure/identity'

const client = new ResourceManagementClient(new DefaultAzureCredential(), process.env.AZURE_SUBSCRIPTION_ID, {
  credentialScopes: ['https://management.azure.com/.default'],
  endpoint: process.env.ARM_ENDPOINT ?? 'https://management.azure.com',
})
for await (const group of client.resourceGroups.list()) console.log(group.name, group.location)
