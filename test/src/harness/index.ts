export { DEMO_PASSWORD, REPO_ROOT, startServerProcess, type ServerProcess, type ServerProcessOptions } from './server-process';
export { type BrowserSuiteOptions, SCREENSHOTS, screenshot, skipBrowser, startBrowserSuite } from './browser';
