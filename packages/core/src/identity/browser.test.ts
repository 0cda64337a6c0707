import {describe, expect, it} from '@jest/globals'

import {canLaunchBrowser} from './browser.js'

describe('canLaunchBrowser', () => {
  it('is always true on Windows and macOS', () => {
    expect(canLaunchBrowser({}, 'win32')).toBe(true)
    expect(canLaunchBrowser({}, 'darwin')).toBe(true)
  })

  it('on Linux needs BROWSER or a display', () => {
    expect(canLaunchBrowser({}, 'linux')).toBe(false)
    expect(canLaunchBrowser({BROWSER: 'firefox'}, 'linux')).toBe(true)
    expect(canLaunchBrowser({DISPLAY: ':0'}, 'linux')).toBe(true)
    expect(canLaunchBrowser({WAYLAND_DISPLAY: 'wayland-0'}, 'linux')).toBe(true)
  })

  it('in WSL needs powershell.exe on PATH', () => {
    expect(canLaunchBrowser({PATH: '/nonexistent', WSL_DISTRO_NAME: 'Debian'}, 'linux')).toBe(false)
  })
})
