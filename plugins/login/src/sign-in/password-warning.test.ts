import {describe, expect, it} from '@jest/globals'

import {passwordSignInWarning} from './password-warning.js'

describe("today's az's warning before a username and password sign-in", () => {
  it('on Azure public cloud: MFA is enforced from September 2025', () => {
    expect(passwordSignInWarning('https://login.microsoftonline.com')).toBe(
      'Starting September 1, 2025, MFA will be gradually enforced for Azure public cloud. The authentication ' +
        'with username and password in the command line is not supported with MFA. Consider using one of the ' +
        'compatible authentication methods. For more details, see https://go.microsoft.com/fwlink/?linkid=2276314',
    )
  })

  it('on other clouds: strongly discouraged', () => {
    expect(passwordSignInWarning('https://login.chinacloudapi.cn')).toBe(
      'Using authentication with username and password in the command line is strongly discouraged. Consider using one ' +
        'of the recommended authentication methods. For more details, see https://go.microsoft.com/fwlink/?linkid=2276314',
    )
  })
})
