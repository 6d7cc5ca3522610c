export { type ApiSession, signInApi } from './api-session';
export { DEMO_PASSWORD, REPO_ROOT, startServerProcess, type ServerProcess, type ServerProcessOptions, type StartedServerProcess } from './server-process';
export { type BrowserSuiteOptions, expectAccessible, type OpenedPage, openPage, type PageOptions, SCREENSHOTS, screenshot, signIn, skipBrowser, startBrowserSuite, submitLogin } from './browser';
