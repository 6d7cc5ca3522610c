export { DEMO_PASSWORD, REPO_ROOT, startServerProcess, type ServerProcess, type ServerProcessOptions } from './server-process';
export { SCREENSHOTS, screenshot, skipBrowser, startBrowserSuite } from './browser';
