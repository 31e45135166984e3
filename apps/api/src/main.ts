import 'reflect-metadata';
import { runHttpApp } from '@mostrador/http';
import { createApiApp } from './create-api-app.js';

runHttpApp({
  name: 'api',
  create: createApiApp,
  address: (settings) => ({ host: settings.app.host, port: settings.app.port }),
});
