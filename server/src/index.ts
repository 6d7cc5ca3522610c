export { type AppOptions, createApp } from './app';
export { type Config, ConfigError, parseConfig } from './config';
export { demoAccounts, loadDemo } from './demo/load-demo';
export { createIo } from './io';
export { type Clock, systemClock } from './lib/clock';
export { createLogger } from './lib/logger';
export { createHttpServer, type RunningServer } from './server';
export { createServices, type ServiceOptions, type Services } from './services';
export { OpeningDriver } from './modules/opening/opening-driver';
