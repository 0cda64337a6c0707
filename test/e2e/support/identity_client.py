# The Python SDK's managed identity credential (Debian's python3-azure), unchanged:
# `python3 identity_client.py managed|default SCOPE...` prints a JSON array of
# {scope, token, expiresOn}, or {error: {name, message}}. The counterpart of identity-client.mjs.
import json
import sys

from azure.identity import DefaultAzureCredential, ManagedIdentityCredential

kind, scopes = sys.argv[1], sys.argv[2:]
credential = DefaultAzureCredential() if kind == "default" else ManagedIdentityCredential()
try:
    tokens = []
    for scope in scopes:
        token = credential.get_token(scope)
        tokens.append({"scope": scope, "token": token.token, "expiresOn": token.expires_on})
    print(json.dumps(tokens))
except Exception as error:  # reported to the test, which asserts on it
    print(json.dumps({"error": {"name": type(error).__name__, "message": str(error)}}))
