/**
 * az's warning before a username and password sign-in (today's az): Azure public cloud enforces MFA
 * from September 2025, which that flow cannot do; elsewhere it is merely discouraged.
 */
export function passwordSignInWarning(activeDirectory: string): string {
  return activeDirectory.startsWith('https://login.microsoftonline.com')
    ? 'Starting September 1, 2025, MFA will be gradually enforced for Azure public cloud. The authentication ' +
        'with username and password in the command line is not supported with MFA. Consider using one of the ' +
        'compatible authentication methods. For more details, see https://go.microsoft.com/fwlink/?linkid=2276314'
    : 'Using authentication with username and password in the command line is strongly discouraged. Consider using one ' +
        'of the recommended authentication methods. For more details, see https://go.microsoft.com/fwlink/?linkid=2276314'
}
